import pg from 'pg';

export default async function globalTeardown() {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  const template = process.env.TEST_DATABASE_TEMPLATE;
  if (adminUrl && template) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    // Test files drop their own databases; this sweeps up after any that crashed (this run's only).
    const leftovers = await admin.query(
      "select datname from pg_database where datname = $1 or starts_with(datname, $1 || '_f_')",
      [template],
    );
    for (const { datname } of leftovers.rows) {
      await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
    }
    await admin.end();
  }
  await globalThis.__embeddedPg?.stop();
}
