import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '@app/config';
import { CoreError } from '@app/core';
import { VerifyPool } from '@app/verification';
import { BASE_URL, signedCredential } from '../support/signed-credential.js';

// The verifying threads take 32 proofs each at once, but PDFs (parsed whole) two a thread at most;
// beyond 64 waiting, a PDF is refused as rate limited (429), not queued without bound.
describe('verify pool: PDFs', () => {
  it('reads PDFs a few at a time, refuses them past 64 waiting, and takes them again once drained', async () => {
    const pool = new VerifyPool({ http: { publicBaseUrl: 'http://localhost' }, verification: { threads: 1 } } as AppConfig);
    try {
      const notPdf = new Uint8Array([1, 2, 3]);
      const settled = await Promise.allSettled(Array.from({ length: 70 }, () => pool.pdfCredential(notPdf)));
      const refused = settled.filter((s) => s.status === 'rejected');
      // Two are read at once (one thread), 64 wait: the other 4 are refused.
      expect(refused).toHaveLength(4);
      for (const s of refused) {
        expect(s.reason).toBeInstanceOf(CoreError);
        expect((s.reason as CoreError).code).toBe('rate_limited');
      }
      // Every PDF taken was read (pdf.js refused these bytes: not a PDF), none lost.
      const read = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
      expect(read).toHaveLength(66);
      expect(new Set(read.map((r) => JSON.stringify(r)))).toEqual(
        new Set([JSON.stringify({ error: 'The file is not a readable PDF.' })]),
      );
      await expect(pool.pdfCredential(notPdf)).resolves.toEqual({ error: 'The file is not a readable PDF.' });
    } finally {
      await pool.onApplicationShutdown();
    }
  }, 60_000);
});

// Proofs (and status lists, which are checked as proofs) wait in a bounded queue: past
// VERIFY_MAX_QUEUE, the caller is told to come back (429), whichever code path asked.
describe('verify pool: proofs', () => {
  it('refuses proofs past the queue with a 429 error, keeps the others, and takes them again once drained', async () => {
    const pool = new VerifyPool({
      http: { publicBaseUrl: 'http://localhost' },
      verification: { threads: 1, maxQueue: 4 },
    } as AppConfig);
    try {
      const task = { credential: { proof: {} }, documents: [], now: new Date().toISOString() };
      const settled = await Promise.allSettled(Array.from({ length: 100 }, () => pool.proof(task)));
      const refused = settled.filter((s) => s.status === 'rejected');
      // One thread holds 32 at once and 4 may wait: the other 64 of the hundred are refused.
      expect(refused).toHaveLength(64);
      for (const s of refused) {
        expect(s.reason).toBeInstanceOf(CoreError);
        expect((s.reason as CoreError).code).toBe('rate_limited');
      }
      const answered = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
      expect(answered.length).toBeGreaterThan(0);
      expect(answered.every((a) => a.verified === false)).toBe(true);
      await expect(pool.proof(task)).resolves.toMatchObject({ verified: false });
    } finally {
      await pool.onApplicationShutdown();
    }
  }, 60_000);
});

// The event loop hands a credential over as its JSON text (not a structured clone of the object)
// and asks the thread to check the Open Badges schema beside the proof.
describe('verify pool: the credential as text, the schema on the thread', () => {
  it('verifies the text as it does the object, a changed text does not verify, and the schema is checked only when asked', async () => {
    const pool = new VerifyPool({ http: { publicBaseUrl: BASE_URL }, verification: { threads: 1 } } as AppConfig);
    try {
      const { credential } = await signedCredential();
      const now = new Date().toISOString();
      const text = JSON.stringify(credential);
      expect(await pool.proof({ credentialJson: text, schema: true, documents: [], now })).toEqual({
        verified: true,
        errors: [],
        schemaProblems: [],
      });
      expect(await pool.proof({ credential, documents: [], now })).toEqual({ verified: true, errors: [] });
      // Its twin: one name changed in the text.
      const renamed = text.replace('"Human agency"', '"Human autonomy"');
      expect(renamed).not.toBe(text);
      expect(await pool.proof({ credentialJson: renamed, schema: true, documents: [], now })).toMatchObject({
        verified: false,
        schemaProblems: [],
      });
      // The schema's problems come back from the thread, with the proof's verdict.
      const broken = JSON.parse(text) as { credentialSubject: { achievement: Record<string, unknown> } };
      delete broken.credentialSubject.achievement['description'];
      const outcome = await pool.proof({ credentialJson: JSON.stringify(broken), schema: true, documents: [], now });
      expect(outcome.verified).toBe(false);
      expect(outcome.schemaProblems?.join(' ')).toMatch(/\/credentialSubject\/achievement .*description/);
      // Not an Open Badge: no schema here (null), and none asked: nothing said of it.
      const plain = JSON.stringify({ ...credential, type: ['VerifiableCredential'] });
      expect((await pool.proof({ credentialJson: plain, schema: true, documents: [], now })).schemaProblems).toBeNull();
      expect(await pool.proof({ credentialJson: plain, documents: [], now })).not.toHaveProperty('schemaProblems');
    } finally {
      await pool.onApplicationShutdown();
    }
  }, 60_000);
});

// The proofs asked for in one turn of the event loop go to the threads together, a batch a
// thread, and each comes back as its own answer, in its place.
describe('verify pool: proofs handed over together', () => {
  it('answers each proof of a batch with its own outcome: valid, changed, and unreadable apart', async () => {
    const pool = new VerifyPool({
      http: { publicBaseUrl: BASE_URL },
      verification: { threads: 2, maxQueue: 8 },
    } as AppConfig);
    try {
      const { credential } = await signedCredential();
      const now = new Date().toISOString();
      const text = JSON.stringify(credential);
      const renamed = text.replace('"Human agency"', '"Human autonomy"');
      expect(renamed).not.toBe(text);
      // piscina's tasks, counted by name (observed, not replaced).
      const piscina = (pool as unknown as { pool: { run: (...a: unknown[]) => Promise<unknown> } }).pool;
      const run = piscina.run.bind(piscina);
      const tasks: string[] = [];
      piscina.run = (...args: unknown[]) => {
        tasks.push((args[1] as { name?: string } | undefined)?.name ?? 'default');
        return run(...args);
      };
      // Asked in one turn: 40 proofs, every fifth changed, one text that does not parse.
      const texts = Array.from({ length: 40 }, (_, i) => (i === 13 ? '{"not json' : i % 5 === 4 ? renamed : text));
      const settled = await Promise.allSettled(texts.map((credentialJson) => pool.proof({ credentialJson, documents: [], now })));
      settled.forEach((s, i) => {
        if (i === 13) {
          // A thread's failure to check one proof is that proof's alone (a rejection, not a verdict).
          expect(s.status).toBe('rejected');
          expect(String((s as PromiseRejectedResult).reason)).toMatch(/JSON/);
        } else {
          expect(s).toEqual({ status: 'fulfilled', value: expect.objectContaining({ verified: i % 5 !== 4 }) });
        }
      });
      // They went as one batch a thread: two tasks.
      expect(tasks).toEqual(['proofs', 'proofs']);
      // 64 proofs on the two threads at once and 8 waiting: of 100 asked in one turn, 28 are refused.
      const burst = await Promise.allSettled(
        Array.from({ length: 100 }, () => pool.proof({ credentialJson: text, documents: [], now })),
      );
      expect(burst.filter((s) => s.status === 'rejected')).toHaveLength(28);
      expect(burst.filter((s) => s.status === 'fulfilled' && s.value.verified)).toHaveLength(72);
    } finally {
      await pool.onApplicationShutdown();
    }
  }, 60_000);
});

// A batch's answers come back as they are ready: a proof that takes long (a large document, on
// which rdf-canonize yields now and then) does not hold the others of its batch.
describe('verify pool: a slow proof in a batch', () => {
  it('answers the quick proof of a batch before the slow one', async () => {
    const pool = new VerifyPool({ http: { publicBaseUrl: BASE_URL }, verification: { threads: 1 } } as AppConfig);
    try {
      const { credential } = await signedCredential();
      const now = new Date().toISOString();
      // 300 alignments, each a blank node: canonicalization yields after each hundred.
      const large = structuredClone(credential) as { credentialSubject: { achievement: Record<string, unknown> } };
      large.credentialSubject.achievement['alignment'] = Array.from({ length: 300 }, (_, i) => ({
        type: ['Alignment'],
        targetName: `Competency ${i}`,
        targetUrl: `${BASE_URL}/frameworks/unesco-ai-cft/competencies/${i}`,
      }));
      const order: string[] = [];
      // Asked in one turn, the slow one first: one batch on the one thread.
      const slow = pool.proof({ credentialJson: JSON.stringify(large), documents: [], now }).then((o) => {
        order.push('slow');
        return o;
      });
      const quick = pool.proof({ credentialJson: JSON.stringify(credential), documents: [], now }).then((o) => {
        order.push('quick');
        return o;
      });
      expect(await quick).toEqual({ verified: true, errors: [] });
      // Changed after signing: it does not verify.
      expect((await slow).verified).toBe(false);
      expect(order).toEqual(['quick', 'slow']);
    } finally {
      await pool.onApplicationShutdown();
    }
  }, 60_000);
});
