import { describe, expect, it } from '@jest/globals';
import { childEnv, run } from '../support/processes.js';

/**
 * The signing and verifying threads make jsonld.js copy active contexts without copying every term
 * definition (libs/signing/src/jsonld-shared-terms.ts). This runs a corpus (the OB 3.0 examples,
 * both spec vectors, the service's own credentials in their variants, and documents written for
 * scoped and protected contexts) through expand, compact and canonicalization in three fresh
 * processes: jsonld.js as published, with the shared term definitions (and the processed-context
 * cache keyed for type scopes), with a deliberately wrong clone, and with a deliberately wrong
 * cache key. The second must match the first exactly, errors included; the last two must not, or
 * the corpus could not catch a clone or a key that goes wrong. Each process runs the corpus twice
 * (the second time in reverse), so that cached contexts are reused across documents.
 */
interface Outcomes {
  mode: string;
  shared: boolean;
  cases: number;
  results: Record<string, Record<string, { value?: unknown; error?: string } | null>>;
}

const distinct = (a: Outcomes, b: Outcomes): string[] =>
  Object.keys(a.results).filter((name) => JSON.stringify(b.results[name]) !== JSON.stringify(a.results[name]));

async function corpus(mode: string): Promise<Outcomes> {
  const { code, stdout, stderr } = await run(['test/support/jsonld-differential.mjs', mode], childEnv({}), 100_000);
  expect({ code, stderr: stderr.slice(0, 2000) }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Outcomes;
}

describe('jsonld.js with shared term definitions', () => {
  it('expands, compacts and canonicalizes every document of the corpus exactly as jsonld.js as published does', async () => {
    const [stock, shared, wrong, sameKey] = await Promise.all([
      corpus('stock'),
      corpus('shared'),
      corpus('no-copy'),
      corpus('same-key'),
    ]);
    expect(stock.shared).toBe(false);
    expect(shared.shared).toBe(true);
    expect(stock.cases).toBeGreaterThanOrEqual(21);
    // Each document twice: the second time from contexts the others left in jsonld.js's caches.
    expect(Object.keys(stock.results)).toHaveLength(2 * stock.cases);

    // Identical, case by case (values and errors alike).
    expect(Object.keys(shared.results)).toEqual(Object.keys(stock.results));
    for (const name of Object.keys(stock.results)) expect([name, shared.results[name]]).toEqual([name, stock.results[name]]);

    // The corpus reaches what a clone must keep: canonical forms, refusals of protected terms.
    const outcomes = Object.values(stock.results);
    expect(
      outcomes.filter((o) => typeof o['nquads']?.value === 'string' && o['nquads'].value.length > 0).length,
    ).toBeGreaterThanOrEqual(15);
    expect(outcomes.filter((o) => o['expanded']?.error?.includes('protected term redefinition')).length).toBeGreaterThanOrEqual(
      3,
    );

    // A clone that shares the term map itself is told apart on most of the corpus.
    expect(distinct(stock, wrong).length).toBeGreaterThanOrEqual(20);

    // A processed-context cache that takes a type scope's copy for the context it copies is told
    // apart too: the terms of a scope entered by type would reach the nodes below it.
    expect(distinct(stock, sameKey)).toContain('again: one scoped context, by property (propagated) and by type (not)');
    const typed = (o: Outcomes): unknown => o.results['one scoped context, by property (propagated) and by type (not)'];
    expect(JSON.stringify(typed(stock))).toContain('"http://example.org/vocab#name":[{"@value":"below it: not scoped"}]');
  }, 120_000);
});
