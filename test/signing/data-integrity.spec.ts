import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  DocumentRefusedError,
  KeyCipher,
  createDocumentLoader,
  generateSigningKey,
  rememberingVerifiers,
  signDataIntegrity,
  verifyDataIntegrity,
} from '@app/signing';

const VECTORS = join(process.cwd(), 'test/fixtures/vectors');
const json = <T = Record<string, unknown>>(...path: string[]): T => JSON.parse(readFileSync(join(VECTORS, ...path), 'utf8')) as T;

/** The W3C vector uses the VC examples context; a fixture, never part of the service's loader. */
const withExamples = createDocumentLoader({
  contexts: new Map([['https://www.w3.org/ns/credentials/examples/v2', json('examples-v2-context.json')]]),
});

describe('Data Integrity eddsa-rdfc-2022 (spec test vectors, byte for byte)', () => {
  it('reproduces the W3C vc-di-eddsa vector exactly', async () => {
    const keyPair = json<{ publicKeyMultibase: string; privateKeyMultibase: string }>('w3c-vc-di-eddsa/TestVectors/keyPair.json');
    const did = `did:key:${keyPair.publicKeyMultibase}`;
    const signed = await signDataIntegrity({
      credential: json('w3c-vc-di-eddsa/TestVectors/unsigned.json'),
      key: {
        id: `${did}#${keyPair.publicKeyMultibase}`,
        controller: did,
        publicKeyMultibase: keyPair.publicKeyMultibase,
        secretKeyMultibase: keyPair.privateKeyMultibase,
      },
      documentLoader: withExamples,
      date: '2023-02-24T23:36:38Z',
    });
    expect(signed).toEqual(json('w3c-vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json'));
  });

  describe('the 1EdTech Open Badges 3.0 vector', () => {
    const key = json<{ publicKeyMultibase: string; secretKeyMultibase: string; verificationMethod: string; created: string }>(
      '1edtech-ob3-eddsa-rdfc-2022/key-pair.json',
    );
    const issuer = key.verificationMethod.split('#')[0];
    // The issuer's controller document, held locally (the vector's issuer is not a DID).
    const loader = createDocumentLoader({
      documents: new Map([
        [
          issuer,
          {
            '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
            id: issuer,
            assertionMethod: [key.verificationMethod],
            verificationMethod: [
              { id: key.verificationMethod, type: 'Multikey', controller: issuer, publicKeyMultibase: key.publicKeyMultibase },
            ],
          },
        ],
      ]),
    });
    const signedVector = json<Record<string, unknown> & { proof: Record<string, unknown> | Array<Record<string, unknown>> }>(
      '1edtech-ob3-eddsa-rdfc-2022/signed-ob3-credential.json',
    );
    const vectorProof = Array.isArray(signedVector.proof) ? signedVector.proof[0] : signedVector.proof;

    it('signs to the same proof value', async () => {
      const signed = await signDataIntegrity({
        credential: json('1edtech-ob3-eddsa-rdfc-2022/unsigned-ob3-credential.json'),
        key: {
          id: key.verificationMethod,
          controller: issuer,
          publicKeyMultibase: key.publicKeyMultibase,
          secretKeyMultibase: key.secretKeyMultibase,
        },
        documentLoader: loader,
        date: key.created,
      });
      const proof = signed['proof'] as Record<string, unknown>;
      expect(proof['proofValue']).toBe(vectorProof['proofValue']);
      expect(proof['proofValue']).toBe(
        'z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr',
      );
    });

    /** Copies of the vector with one thing changed, each of which must fail. */
    const twins: Array<[string, (c: Record<string, unknown>) => void]> = [
      ['the name', (c) => (c['name'] = `${String(c['name'])}!`)],
      ['the issuer', (c) => ((c['issuer'] as Record<string, unknown>)['name'] = 'Another University')],
      ['the dates', (c) => (c['validFrom'] = '2011-01-01T00:00:00Z')],
      [
        'the achievement',
        (c) =>
          (((c['credentialSubject'] as Record<string, unknown>)['achievement'] as Record<string, unknown>)['name'] =
            'Something else'),
      ],
      [
        'the proof value',
        (c) => {
          const proof = (Array.isArray(c['proof']) ? c['proof'][0] : c['proof']) as Record<string, string>;
          proof['proofValue'] = proof['proofValue'].slice(0, -2) + (proof['proofValue'].endsWith('r') ? 'ss' : 'rr');
        },
      ],
      [
        'the proof date',
        (c) => {
          const proof = (Array.isArray(c['proof']) ? c['proof'][0] : c['proof']) as Record<string, string>;
          proof['created'] = '2010-01-01T19:23:25Z';
        },
      ],
    ];

    it('verifies, and every tampered twin fails', async () => {
      expect((await verifyDataIntegrity({ credential: signedVector, documentLoader: loader })).verified).toBe(true);
      for (const [what, tamper] of twins) {
        const copy = structuredClone(signedVector);
        tamper(copy);
        const result = await verifyDataIntegrity({ credential: copy, documentLoader: loader });
        expect({ what, verified: result.verified }).toEqual({ what, verified: false });
      }
    });

    it("gets the same verdicts from the verifying threads' suite, which remembers proof options", async () => {
      // The canonical form of proof options is remembered there: a tampered twin whose proof
      // options are the vector's (its document changed) must still fail, and one whose proof
      // options changed must not be answered from the vector's. Twice over: the second time,
      // everything is remembered.
      const cryptosuite = rememberingVerifiers();
      const verdict = (credential: object) =>
        verifyDataIntegrity({ credential, documentLoader: loader, cryptosuite }).then((r) => r.verified);
      for (let pass = 0; pass < 2; pass++) {
        expect(await verdict(signedVector)).toBe(true);
        for (const [what, tamper] of twins) {
          const copy = structuredClone(signedVector);
          tamper(copy);
          expect({ pass, what, verified: await verdict(copy) }).toEqual({ pass, what, verified: false });
        }
      }
      // Proof options too long to be remembered (a large context written inline) are canonicalized
      // each time, and judged the same: the vector with the Open Badges context written inline
      // still verifies, and its tampered twin still fails.
      const inline = structuredClone(signedVector);
      const [vc2, ob] = inline['@context'] as string[];
      const obContext = ((await loader(ob)).document as { '@context': object })['@context'];
      inline['@context'] = [vc2, obContext];
      expect(JSON.stringify(obContext).length).toBeGreaterThan(8 * 1024);
      const tampered = { ...structuredClone(inline), name: 'Something else' };
      expect([await verdict(inline), await verdict(tampered), await verdict(inline)]).toEqual([true, false, true]);
    });
  });

  it('signs and verifies with a new key, and a credential signed by another key fails', async () => {
    const controller = 'https://credentials.test/issuers/demo';
    const key = await generateSigningKey(controller);
    const other = await generateSigningKey(controller);
    const controllerDoc = (keys: Array<{ id: string; publicKeyMultibase: string }>) => ({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: controller,
      assertionMethod: keys.map((k) => k.id),
      verificationMethod: keys.map((k) => ({ id: k.id, type: 'Multikey', controller, publicKeyMultibase: k.publicKeyMultibase })),
    });
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'urn:uuid:2f8b2a6e-6c1c-4c55-9a1b-2f0e9d3a1b11',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: controller, type: ['Profile'], name: 'Demo issuer' },
      validFrom: '2026-01-01T00:00:00Z',
      name: 'Teaching Coding and AI',
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://credentials.test/achievements/1',
          type: ['Achievement'],
          name: 'Teaching Coding and AI',
          criteria: { narrative: 'Attend and pass.' },
          description: 'A workshop.',
        },
      },
    };
    const signed = await signDataIntegrity({
      credential,
      key,
      documentLoader: createDocumentLoader({ documents: new Map([[controller, controllerDoc([key])]]) }),
      date: new Date(),
    });
    const trusting = (keys: Array<{ id: string; publicKeyMultibase: string }>) =>
      createDocumentLoader({ documents: new Map([[controller, controllerDoc(keys)]]) });
    expect((await verifyDataIntegrity({ credential: signed, documentLoader: trusting([key]) })).verified).toBe(true);
    // The controller no longer lists the key (a compromised key withdrawn): the proof fails.
    expect((await verifyDataIntegrity({ credential: signed, documentLoader: trusting([other]) })).verified).toBe(false);

    // The verifying threads' remembered verifiers give the same answers, the second time too.
    const cryptosuite = rememberingVerifiers(4);
    const remembering = (documentLoader: ReturnType<typeof trusting>, c: object = signed) =>
      verifyDataIntegrity({ credential: c, documentLoader, cryptosuite }).then((r) => r.verified);
    expect([await remembering(trusting([key])), await remembering(trusting([key]))]).toEqual([true, true]);
    // A tampered copy fails with the key remembered.
    expect(await remembering(trusting([key]), { ...signed, name: 'Something else' })).toBe(false);
    // The same method id with another public key is another verifier, not the remembered one.
    const swapped = { ...other, id: key.id };
    expect(await remembering(trusting([swapped]))).toBe(false);
    expect(await remembering(trusting([key]))).toBe(true);
    // More methods than it keeps: the oldest is forgotten, and answers stay right.
    const many = await Promise.all([1, 2, 3, 4, 5].map(() => generateSigningKey(controller)));
    for (const k of many) expect(await remembering(trusting([{ ...k, id: key.id }]))).toBe(false);
    expect(await remembering(trusting([key]))).toBe(true);
  });
});

describe('the document loader', () => {
  const loader = createDocumentLoader();

  it('holds VC 2.0, Open Badges 3.0.x, Data Integrity and Multikey contexts from npm packages', async () => {
    for (const url of [
      'https://www.w3.org/ns/credentials/v2',
      'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
      'https://www.w3.org/ns/did/v1',
    ]) {
      expect((await loader(url)).document).toBeDefined();
    }
  });

  it('computes did:key documents offline', async () => {
    const did = 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
    const { document } = await loader(did);
    expect(document).toMatchObject({ id: did });
  });

  it.each([
    'https://evil.example/context.json',
    'http://www.w3.org/ns/credentials/v2',
    'https://www.w3.org/ns/credentials/examples/v2',
    'did:web:evil.example',
    'file:///etc/passwd',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-9.9.9.json',
  ])('refuses %s without fetching anything', async (url) => {
    await expect(loader(url)).rejects.toBeInstanceOf(DocumentRefusedError);
  });

  it('makes signing a credential with a remote context fail', async () => {
    const key = await generateSigningKey('https://credentials.test/issuers/demo');
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://attacker.example/context.jsonld'],
      type: ['VerifiableCredential'],
      issuer: 'https://credentials.test/issuers/demo',
      credentialSubject: { id: 'did:example:1' },
    };
    await expect(signDataIntegrity({ credential, key, documentLoader: loader, date: new Date() })).rejects.toThrow(
      /attacker\.example/,
    );
  });
});

describe('private keys at rest (AES-256-GCM)', () => {
  const master = Buffer.alloc(32, 7);
  const secret = 'z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq';

  it('round-trips, and the sealed form does not contain the key', () => {
    const cipher = new KeyCipher(master);
    const sealed = cipher.encrypt(secret, 'key-1');
    expect(sealed).not.toContain(secret);
    expect(cipher.encrypt(secret, 'key-1')).not.toBe(sealed);
    expect(cipher.decrypt(sealed, 'key-1')).toBe(secret);
  });

  it('refuses a changed ciphertext, another key id, and a wrong master key', () => {
    const sealed = new KeyCipher(master).encrypt(secret, 'key-1');
    const [v, n, c, t] = sealed.split('.');
    const flipped = `${v}.${n}.${c.slice(0, -1)}${c.endsWith('A') ? 'B' : 'A'}.${t}`;
    expect(() => new KeyCipher(master).decrypt(flipped, 'key-1')).toThrow();
    expect(() => new KeyCipher(master).decrypt(sealed, 'key-2')).toThrow();
    expect(() => new KeyCipher(Buffer.alloc(32, 8)).decrypt(sealed, 'key-1')).toThrow();
    expect(() => new KeyCipher(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
