// The one Open Badge the benchmarks sign and verify: a 6-hour micro-credential aligned to one
// UNESCO AI CFT competency, for learner `i`. Built with the project's own builder (dist/).
const { buildOpenBadgeCredential } = await import(new URL('../dist/libs/credentials/src/index.js', import.meta.url).href);

/**
 * @param {{ i: number, base: string, issuer: string, id?: string, validFrom?: Date, credentialStatus?: object }} options
 */
export function benchCredential({ i, base, issuer, id, validFrom, credentialStatus }) {
  return buildOpenBadgeCredential({
    id: id ?? `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    publicBaseUrl: base,
    language: 'en',
    issuer: { id: issuer, name: { en: 'Bench issuer' } },
    achievement: {
      id: `${base}/programmes/bench/versions/1`,
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
    validFrom: validFrom ?? new Date('2026-01-01T00:00:00Z'),
    ...(credentialStatus ? { credentialStatus } : {}),
  });
}
