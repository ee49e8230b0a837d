/**
 * The signing thread (run by piscina, see SigningPool). It receives sealed private keys, opens
 * them with the master key it was started with, and signs: Data Integrity (eddsa-rdfc-2022) and,
 * when asked, a JWT. Clear private keys exist only in this thread's memory.
 */
import { workerData } from 'piscina';
import type { KeyObject } from 'node:crypto';
import { extensionContext, extensionContextUrl } from '@app/credentials';
import { errorMessages, keyObjectSigner, signDataIntegrity, type Signer } from './data-integrity.js';
import { createDocumentLoader } from './document-loader.js';
import { shareTermDefinitions } from './jsonld-shared-terms.js';
import { privateKeyObject, signJwtCredential, type JwtProfile } from './jwt.js';
import { KeyCipher } from './key-cipher.js';

export interface SealedKey {
  readonly id: string;
  readonly publicKeyMultibase: string;
  readonly sealedSecret: string;
}

export interface SignItem {
  readonly credential: Record<string, unknown>;
  readonly key: SealedKey;
  /** The proof's `created`, ISO 8601 without milliseconds. */
  readonly date: string;
  readonly jwtProfile?: JwtProfile | null;
}

export type SignOutcome =
  | { readonly ok: true; readonly document: Record<string, unknown>; readonly jwt: string | null }
  | { readonly ok: false; readonly error: string };

export interface SigningWorkerData {
  readonly masterKey: Uint8Array;
  readonly publicBaseUrl: string;
}

const data = workerData as SigningWorkerData;
// jsonld.js in this thread copies active contexts without copying every term definition (see
// jsonld-shared-terms.ts): the largest single cost of a signature, removed.
shareTermDefinitions();
const cipher = new KeyCipher(data.masterKey);
const documentLoader = createDocumentLoader({
  contexts: new Map([[extensionContextUrl(data.publicBaseUrl), extensionContext()]]),
});
interface OpenedKey {
  readonly secretKeyMultibase: string;
  readonly privateKey: KeyObject;
  readonly signer: Signer;
}
const opened = new Map<string, OpenedKey>();

async function open(key: SealedKey): Promise<OpenedKey> {
  const cacheKey = `${key.id} ${key.sealedSecret}`;
  let entry = opened.get(cacheKey);
  if (!entry) {
    const secretKeyMultibase = cipher.decrypt(key.sealedSecret, key.id);
    const privateKey = await privateKeyObject({ publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase });
    entry = { secretKeyMultibase, privateKey, signer: keyObjectSigner(key.id, privateKey) };
    opened.set(cacheKey, entry);
  }
  return entry;
}

async function signOne(item: SignItem): Promise<SignOutcome> {
  try {
    const { secretKeyMultibase, privateKey, signer } = await open(item.key);
    const document = await signDataIntegrity({
      credential: item.credential,
      key: {
        id: item.key.id,
        controller: item.key.id.split('#')[0] ?? item.key.id,
        publicKeyMultibase: item.key.publicKeyMultibase,
        secretKeyMultibase,
      },
      documentLoader,
      date: item.date,
      signer,
    });
    const jwt = item.jwtProfile
      ? await signJwtCredential({ credential: item.credential, profile: item.jwtProfile, kid: item.key.id, privateKey })
      : null;
    return { ok: true, document, jwt };
  } catch (error) {
    return { ok: false, error: errorMessages(error).join(' ') || String(error) };
  }
}

/** One task: a chunk of credentials, signed one after the other in this thread. */
export default async function sign(items: readonly SignItem[]): Promise<SignOutcome[]> {
  const outcomes: SignOutcome[] = [];
  for (const item of items) outcomes.push(await signOne(item));
  return outcomes;
}
