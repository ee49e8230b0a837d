import { buildOpenBadgeCredential, extensionContext, extensionContextUrl, type OpenBadgeInput } from '@app/credentials';
import { createDocumentLoader, generateSigningKey, signDataIntegrity, signJwtCredential, type SigningKey } from '@app/signing';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

export const BASE_URL = 'http://credentials.test';

/** An OB 3.0 credential input with every field a certificate prints; override what a test needs. */
export const credentialInput = (overrides: Partial<OpenBadgeInput> = {}): OpenBadgeInput => ({
  id: 'http://credentials.test/credentials/0f1d5f4e-7a55-4a3f-9c35-1c1d7c1c1a01',
  publicBaseUrl: BASE_URL,
  language: 'en',
  issuer: { id: 'did:key:placeholder', name: { en: 'Lebanon Coding and AI Project' }, url: 'https://org.example.org' },
  achievement: {
    id: 'http://credentials.test/programmes/11111111-1111-4111-8111-111111111111/versions/1',
    name: { en: 'Teaching Coding and AI', fr: 'Enseigner la programmation et l’IA', ar: 'تعليم البرمجة والذكاء الاصطناعي' },
    description: { en: 'A 40-hour course.' },
    criteria: { en: 'Attend 80% of every module and pass the final assessment.' },
    achievementType: 'Certificate',
    contactHours: 40,
    alignments: [
      {
        code: '1.1',
        name: 'Human agency',
        url: `${BASE_URL}/frameworks/unesco-ai-cft/competencies/1.1`,
        framework: 'UNESCO AI CFT',
      },
      {
        code: '2.1',
        name: 'Ethical principles',
        url: `${BASE_URL}/frameworks/unesco-ai-cft/competencies/2.1`,
        framework: 'UNESCO AI CFT',
      },
      {
        code: '3.1',
        name: 'Basic AI techniques and applications',
        url: `${BASE_URL}/frameworks/unesco-ai-cft/competencies/3.1`,
        framework: 'UNESCO AI CFT',
      },
      {
        code: '4.2',
        name: 'AI-pedagogy integration',
        url: `${BASE_URL}/frameworks/unesco-ai-cft/competencies/4.2`,
        framework: 'UNESCO AI CFT',
      },
    ],
  },
  subject: { email: 'rana@school.lb', salt: 'pepper-1' },
  learnerName: 'Rana Haddad',
  result: { score: 85, passMark: 70 },
  validFrom: new Date('2026-11-20T10:00:00Z'),
  validUntil: new Date('2029-11-20T10:00:00Z'),
  ...overrides,
});

export const loader = createDocumentLoader({ contexts: new Map([[extensionContextUrl(BASE_URL), extensionContext()]]) });

let key: Promise<SigningKey> | undefined;
/** One did:key issuer per test run (generated, never stored). */
export const issuerKey = (): Promise<SigningKey> => (key ??= generateSigningKey((pub) => `did:key:${pub}`));

/** A credential signed with Data Integrity (eddsa-rdfc-2022) and as a vc+jwt, by a did:key issuer. */
export async function signedCredential(
  overrides: Partial<OpenBadgeInput> = {},
): Promise<{ credential: Record<string, unknown>; jwt: string; key: SigningKey }> {
  const k = await issuerKey();
  const base = credentialInput(overrides);
  const unsigned = buildOpenBadgeCredential({ ...base, issuer: { ...base.issuer, id: k.controller } });
  const credential = await signDataIntegrity({ credential: unsigned, key: k, documentLoader: loader, date: base.validFrom });
  const jwt = await signJwtCredential({ credential, profile: 'vc+jwt', kid: k.id, privateKey: await privateKeyOf(k) });
  return { credential, jwt, key: k };
}

/** The signing key as a KeyObject for jose. */
/** The private key of a test key, as a KeyObject (for signing JWTs by hand). */
export async function privateKeyOf(k: SigningKey): Promise<KeyObject> {
  const jwk = await Ed25519Multikey.toJwk({ keyPair: await Ed25519Multikey.from(k), secretKey: true });
  // The library's `d` holds seed and public key; a JWK wants the 32-byte seed.
  const d = Buffer.from(jwk['d'] ?? '', 'base64url')
    .subarray(0, 32)
    .toString('base64url');
  return createPrivateKey({ key: { ...jwk, d } as never, format: 'jwk' });
}

/**
 * Any payload signed by the test run's did:key issuer (`issuer` set to it unless given), as a
 * vc+jwt unless another header is given (`typ: undefined` leaves typ out).
 */
export async function signedJwtPayload(
  payload: Record<string, unknown>,
  header: { typ?: string | undefined; cty?: string | undefined } = { typ: 'vc+jwt', cty: 'vc' },
): Promise<string> {
  const k = await issuerKey();
  const given = Object.fromEntries(Object.entries(header).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return new CompactSign(new TextEncoder().encode(JSON.stringify({ issuer: k.controller, ...payload })))
    .setProtectedHeader({ alg: 'EdDSA', ...given, kid: k.id })
    .sign(await privateKeyOf(k));
}

/**
 * A presentation signed (eddsa-rdfc-2022, proof purpose authentication) by the test run's did:key
 * (or `key`) as its holder, for `challenge` (and `domain`).
 */
export async function signedPresentation(
  credentials: ReadonlyArray<Record<string, unknown>>,
  options: { challenge: string; domain?: string },
  key?: SigningKey,
): Promise<Record<string, unknown>> {
  const k = key ?? (await issuerKey());
  const keyPair = await Ed25519Multikey.from(k);
  return vc.signPresentation({
    presentation: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      holder: k.controller,
      verifiableCredential: credentials,
    },
    suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite }),
    documentLoader: loader,
    ...options,
  });
}
