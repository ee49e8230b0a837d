// A bench helper thread: signs OB 3.0 credentials (did:key issuer, no status entry) with the
// project's own signing code, so the verification bench has thousands of never-seen credentials.
import { parentPort, workerData } from 'node:worker_threads';
// The built libraries (npm run bench builds first).
const { createDocumentLoader, signDataIntegrity } = await import('../dist/libs/signing/src/index.js');
const { buildOpenBadgeCredential, extensionContext, extensionContextUrl } = await import('../dist/libs/credentials/src/index.js');

const { key, base, from, to } = workerData;
const documentLoader = createDocumentLoader({ contexts: new Map([[extensionContextUrl(base), extensionContext()]]) });
const out = [];
for (let i = from; i < to; i++) {
  const unsigned = buildOpenBadgeCredential({
    id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    publicBaseUrl: base,
    language: 'en',
    issuer: { id: key.controller, name: { en: 'Bench issuer' } },
    achievement: {
      id: 'https://bench.example/programmes/ai-basics',
      name: { en: 'AI basics for teachers' },
      description: { en: 'A 6-hour introduction.' },
      criteria: { en: 'Complete the module.' },
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
    subject: { email: `learner${i}@bench.test`, salt: 'salt' },
    learnerName: `Learner ${i}`,
    validFrom: new Date('2026-01-01T00:00:00Z'),
  });
  out.push(await signDataIntegrity({ credential: unsigned, key, documentLoader, date: '2026-01-01T00:00:00Z' }));
}
parentPort.postMessage(out);
