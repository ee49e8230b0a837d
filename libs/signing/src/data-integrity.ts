import { createPublicKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { DocumentLoader } from './document-loader.js';

/** An Ed25519 key as Multikey, with its verification method id (always with a fragment). */
export interface SigningKey {
  readonly id: string;
  readonly controller: string;
  readonly publicKeyMultibase: string;
  readonly secretKeyMultibase: string;
}

type Canonize = (input: unknown, options: { documentLoader?: unknown }) => Promise<string>;
const MEMO_SIZE = 256;
/**
 * The longest proof options remembered, as JSON (a credential's own, with the contexts named by
 * URL, take about 500 characters): the verifying threads canonicalize proof options that anyone
 * sends, and an inline context of a megabyte is not kept 256 times over.
 */
const MEMO_KEY_MAX = 8 * 1024;
const proofOptionsMemo = new Map<string, Promise<string>>();

/**
 * eddsa-rdfc-2022 with one thing remembered: the canonical form of the proof options. Every
 * proof hashes two canonical forms, the document's and the proof options' (type, cryptosuite,
 * created, verificationMethod, proofPurpose, under the document's @context); the second is the
 * same for every credential an organisation signs in the same second, and canonicalization is a
 * pure function of its input and the contexts, so it is computed once, when signing and when
 * verifying (a credential's proof options are those of every other credential its issuer signed
 * in that second). The contexts a URL names never change here: they come from npm packages or
 * are the service's own, and a loader that lacks one fails on the document, whose @context is
 * the same. (The only other documents a verifying thread's loader holds are DID documents, which
 * jsonld.js would read as a context for their own `@context`, itself URLs from npm packages.)
 * Whatever input is taken for proof options, the answer is the same function of it: the test
 * below only picks what is worth keeping. The document itself is always canonicalized. The output
 * is unchanged byte for byte (the W3C and 1EdTech vectors reproduce).
 */
const rememberingCryptosuite = {
  ...(cryptosuite as { canonize: Canonize }),
  canonize: (input: unknown, options: { documentLoader?: unknown }): Promise<string> => {
    const canonize = (cryptosuite as { canonize: Canonize }).canonize;
    const isProofOptions =
      !!input &&
      typeof input === 'object' &&
      'proofPurpose' in input &&
      !('credentialSubject' in input) &&
      !('proofValue' in input);
    if (!isProofOptions) return canonize(input, options);
    const key = JSON.stringify(input);
    if (key.length > MEMO_KEY_MAX) return canonize(input, options);
    let result = proofOptionsMemo.get(key);
    if (!result) {
      result = canonize(input, options);
      if (proofOptionsMemo.size >= MEMO_SIZE) proofOptionsMemo.delete(proofOptionsMemo.keys().next().value!);
      proofOptionsMemo.set(key, result);
      // A failure is not remembered.
      result.catch(() => proofOptionsMemo.delete(key));
    }
    return result;
  },
};

/**
 * Signs a credential with a Data Integrity proof, cryptosuite eddsa-rdfc-2022, through
 * @digitalbazaar/vc. `date` fixes the proof's `created` (the clock is passed in, so a test can
 * reproduce a proof byte for byte).
 */
export async function signDataIntegrity(options: {
  credential: object;
  key: SigningKey;
  documentLoader: DocumentLoader;
  date: Date | string;
  /** A signer over a key already opened (the signing threads keep one per key); made from `key` otherwise. */
  signer?: Signer;
}): Promise<Record<string, unknown>> {
  const signer = options.signer ?? (await Ed25519Multikey.from(options.key)).signer();
  const date = typeof options.date === 'string' ? options.date : options.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const suite = new DataIntegrityProof({ signer, cryptosuite: rememberingCryptosuite, date });
  return vc.issue({ credential: structuredClone(options.credential), suite, documentLoader: options.documentLoader, now: date });
}

/** What a Data Integrity suite signs with: the verification method id and an Ed25519 signature. */
export interface Signer {
  readonly id: string;
  readonly algorithm: string;
  sign(options: { data: Uint8Array }): Promise<Uint8Array>;
}

/**
 * An Ed25519 signer over a private KeyObject made once. (The library's own signer imports the
 * secret key again for every signature, a measurable share of the signing threads' time.)
 */
export function keyObjectSigner(id: string, privateKey: KeyObject): Signer {
  return {
    id,
    algorithm: 'Ed25519',
    sign: ({ data }) => Promise.resolve(new Uint8Array(cryptoSign(null, data, privateKey))),
  };
}

/** A Data Integrity cryptosuite (eddsa-rdfc-2022, as published or with remembered verifiers). */
type VerifyingCryptosuite = object;
interface Verifier {
  readonly id: string;
  readonly algorithm: string;
  verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
}
/** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * eddsa-rdfc-2022 whose verifiers are remembered per verification method (up to `size` of
 * them): the library makes a key pair from the method and imports its public key again for
 * every verification. The method itself is still read through the document loader every time,
 * and the key is remembered under the method's whole content, so a changed method is a new key.
 * The canonical form of proof options is remembered as when signing (rememberingCryptosuite):
 * measured on one thread, a never-seen credential's proof took 501 to 700 µs of CPU with it
 * against 580 to 797 without (docs/verification.md).
 */
export function rememberingVerifiers(size = 1024): VerifyingCryptosuite {
  const verifiers = new Map<string, Promise<Verifier>>();
  return {
    ...rememberingCryptosuite,
    createVerifier: ({ verificationMethod }: { verificationMethod: Record<string, unknown> }) => {
      const key = JSON.stringify(verificationMethod);
      let verifier = verifiers.get(key);
      if (!verifier) {
        verifier = (async (): Promise<Verifier> => {
          const keyPair = (await Ed25519Multikey.from(verificationMethod as never)) as unknown as {
            id: string;
            publicKey: Uint8Array;
          };
          const publicKey = createPublicKey({
            key: Buffer.concat([ED25519_SPKI_PREFIX, keyPair.publicKey]),
            format: 'der',
            type: 'spki',
          });
          return {
            id: keyPair.id,
            algorithm: 'Ed25519',
            verify: ({ data, signature }) => Promise.resolve(cryptoVerify(null, data, publicKey, signature)),
          };
        })();
        if (verifiers.size >= size) verifiers.delete(verifiers.keys().next().value!);
        verifiers.set(key, verifier);
        // A failure is not remembered.
        verifier.catch(() => verifiers.delete(key));
      }
      return verifier;
    },
  };
}

/** Verifies the Data Integrity proof of a credential (no status check here). */
export async function verifyDataIntegrity(options: {
  credential: object;
  documentLoader: DocumentLoader;
  now?: Date;
  checkStatus?: (options: unknown) => Promise<{ verified: boolean }>;
  /** eddsa-rdfc-2022 as published by default; the verifying threads pass `rememberingVerifiers()`. */
  cryptosuite?: VerifyingCryptosuite;
}): Promise<{ verified: boolean; error?: unknown; errors: string[]; statusResult?: unknown }> {
  const suite = new DataIntegrityProof({ cryptosuite: options.cryptosuite ?? cryptosuite });
  const result = (await vc.verifyCredential({
    credential: options.credential,
    suite,
    documentLoader: options.documentLoader,
    now: options.now,
    ...(options.checkStatus ? { checkStatus: options.checkStatus } : {}),
  })) as { verified: boolean; error?: unknown; statusResult?: unknown };
  return { ...result, errors: result.verified ? [] : errorMessages(result.error) };
}

/**
 * A presentation's own proof (eddsa-rdfc-2022, proof purpose authentication, with its challenge
 * and domain), and only that: the credentials it carries are verified one by one by the caller,
 * as any credential is (`vc.verify` would verify each of them again, and their proofs are not
 * what this answers).
 */
export async function verifyPresentationProof(options: {
  presentation: object;
  documentLoader: DocumentLoader;
  challenge: string;
  domain?: string;
  cryptosuite?: VerifyingCryptosuite;
}): Promise<{ verified: boolean; errors: string[] }> {
  const result = await jsigs.verify(options.presentation, {
    suite: new DataIntegrityProof({ cryptosuite: options.cryptosuite ?? cryptosuite }),
    purpose: new jsigs.purposes.AuthenticationProofPurpose({
      challenge: options.challenge,
      ...(options.domain !== undefined ? { domain: options.domain } : {}),
    }),
    documentLoader: options.documentLoader,
  });
  return { verified: result.verified, errors: result.verified ? [] : errorMessages(result.error) };
}

/** The messages inside a (possibly nested) verification error, deduplicated. */
export function errorMessages(error: unknown): string[] {
  const out = new Set<string>();
  const walk = (e: unknown, depth: number): void => {
    if (!e || depth > 5) return;
    if (Array.isArray(e)) return e.forEach((x) => walk(x, depth + 1));
    const nested = (e as { errors?: unknown }).errors;
    if (Array.isArray(nested) && nested.length > 0) return walk(nested, depth + 1);
    // jsonld wraps a loader's refusal (details.cause): the refusal is the useful message.
    const details = (e as { details?: { cause?: unknown; event?: { message?: unknown; details?: unknown } } }).details;
    if (details?.cause) return walk(details.cause, depth + 1);
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') {
      const event = details?.event;
      out.add(
        typeof event?.message === 'string' ? `${message} ${event.message} ${JSON.stringify(event.details ?? {})}` : message,
      );
    }
    walk((e as { cause?: unknown }).cause, depth + 1);
  };
  walk(error, 0);
  return [...out];
}

/**
 * A new Ed25519 key pair (for an organisation), as Multikey strings. The controller is a DID, or
 * made from the public key (did:key).
 */
export async function generateSigningKey(controllerOf: string | ((publicKeyMultibase: string) => string)): Promise<SigningKey> {
  const keyPair = await Ed25519Multikey.generate();
  const controller = typeof controllerOf === 'string' ? controllerOf : controllerOf(keyPair.publicKeyMultibase);
  const id = `${controller}#${keyPair.publicKeyMultibase}`;
  const exported = await keyPair.export({ publicKey: true, secretKey: true });
  return { id, controller, publicKeyMultibase: keyPair.publicKeyMultibase, secretKeyMultibase: exported['secretKeyMultibase'] };
}
