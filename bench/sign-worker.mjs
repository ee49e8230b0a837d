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
for (let i = from; i < to; i++) {
  const unsigned = benchCredential({ i, base, issuer: key.controller });
  out.push(await signDataIntegrity({ credential: unsigned, key, documentLoader, date: '2026-01-01T00:00:00Z' }));
}
parentPort.postMessage(out);
