import { Piscina } from 'piscina';
import { randomBytes } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { KeyCipher } from '../dist/libs/signing/src/index.js';
import { buildOpenBadgeCredential } from '../dist/libs/credentials/src/index.js';
const masterKey = new Uint8Array(randomBytes(32));
const base = 'http://localhost:3000';
const pool = new Piscina({
  filename: new URL('../dist/libs/signing/src/signing-worker.js', import.meta.url).href,
  workerData: { masterKey, publicBaseUrl: base },
  minThreads: Number(process.env.T ?? 2),
  maxThreads: Number(process.env.T ?? 2),
});
const kp = await Ed25519Multikey.generate({ controller: 'did:web:localhost%3A3000:organisations:bench' });
const id = `${kp.controller}#${kp.publicKeyMultibase}`;
const exp = await kp.export({ publicKey: true, secretKey: true });
const key = {
  id,
  publicKeyMultibase: kp.publicKeyMultibase,
  sealedSecret: new KeyCipher(masterKey).encrypt(exp.secretKeyMultibase, id),
};
const credential = (i) =>
  buildOpenBadgeCredential({
    id: `${base}/credentials/${i}`,
    publicBaseUrl: base,
    language: 'en',
    issuer: { id: kp.controller, name: { en: 'Bench' } },
    achievement: {
      id: `${base}/programmes/x/versions/1`,
      name: { en: 'AI basics' },
      description: { en: 'x' },
      criteria: { en: 'x' },
      achievementType: 'MicroCredential',
      contactHours: 6,
      alignments: [
        {
          code: '1.1',
          name: 'Human agency',
          url: `${base}/frameworks/unesco-ai-cft/competencies/1.1`,
          framework: 'UNESCO AI CFT',
        },
      ],
    },
    subject: { email: `l${i}@bench.test`, salt: 'salt' },
    learnerName: `Learner ${i}`,
    validFrom: new Date(),
    credentialStatus: {
      id: `${base}/status-lists/x#${i}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'suspension',
      statusListIndex: String(i),
      statusListCredential: `${base}/status-lists/x`,
    },
  });
const date = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const item = (i, jwt) => ({ credential: credential(i), key, date, jwtProfile: jwt ? 'vc+jwt' : null });
const run = async (n, chunk, jwt) => {
  const items = Array.from({ length: n }, (_, i) => item(i, jwt));
  const chunks = [];
  for (let i = 0; i < n; i += chunk) chunks.push(items.slice(i, i + chunk));
  const t = performance.now();
  const r = await Promise.all(chunks.map((c) => pool.run(c)));
  const bad = r.flat().filter((o) => !o.ok);
  if (bad.length) console.log(bad[0]);
  return n / ((performance.now() - t) / 1000);
};
await run(100, 25, true);
console.log('pool 2 threads, chunks 25, with jwt', (await run(1000, 25, true)).toFixed(0), '/s');
console.log('pool 2 threads, chunks 25, no jwt', (await run(1000, 25, false)).toFixed(0), '/s');
console.log('pool 2 threads, chunks 100', (await run(1000, 100, true)).toFixed(0), '/s');
await pool.destroy();
