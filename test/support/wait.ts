/**
 * Polls until `check` returns true (background work such as issuance through the job queue),
 * or fails with `what` after the timeout. A timeout here is a failure of behaviour (the work never
 * happened), not a performance assertion: it is generous on purpose.
 */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How many credentials are in each state (optionally of one organisation). */
export async function credentialStates(
  query: <T>(sql: string, params?: unknown[]) => Promise<T>,
  organisationId?: string,
): Promise<Record<string, number>> {
  const rows = await query<Array<{ state: string; n: string }>>(
    `select state, count(*) as n from credentials ${organisationId ? 'where organisation_id = $1' : ''} group by state`,
    organisationId ? [organisationId] : [],
  );
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
