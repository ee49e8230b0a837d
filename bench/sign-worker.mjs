// A bench helper thread: signs OB 3.0 credentials (did:key issuer, no status entry) with the
// project's own signing code, so the verification bench has thousands of never-seen credentials.
import { parentPort, workerData } from 'node:worker_threads';
// The built libraries (npm run bench builds first).
const { createDocumentLoader, signDataIntegrity } = await import('../dist/libs/signing/src/index.js');
const { extensionContext, extensionContextUrl } = await import('../dist/libs/credentials/src/index.js');
const { benchCredential } = await import('./bench-credential.mjs');

const { key, base, from, to } = workerData;
const documentLoader = createDocumentLoader({ contexts: new Map([[extensionContextUrl(base), extensionContext()]]) });
const out = [];
// Each credential is signed in a second of its own (its proof's `created`): the verifying threads
// remember the canonical form of proof options, which credentials signed in the same second share,
// and never-seen credentials are measured here without that help (docs/verification.md).
const FIRST_SECOND = Date.parse('2026-01-01T00:00:00Z');
for (let i = from; i < to; i++) {
  const unsigned = benchCredential({ i, base, issuer: key.controller });
  const date = new Date(FIRST_SECOND + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  out.push(await signDataIntegrity({ credential: unsigned, key, documentLoader, date }));
}
parentPort.postMessage(out);
