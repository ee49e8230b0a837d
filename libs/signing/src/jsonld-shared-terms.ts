/**
 * A known jsonld.js cost, removed where the service canonicalizes (its signing and verifying
 * threads).
 *
 * Every time jsonld.js applies a type-scoped or property-scoped context, and every time it leaves
 * one, it copies the active context, and `_cloneActiveContext` copies it deeply: every term
 * definition of every context in force, each one a new object (lib/context.js, `util.clone` of
 * `mappings`; digitalbazaar/jsonld.js issue #414, "Test performance of active context clone fix").
 * An OpenBadgeCredential enters a dozen such contexts (VerifiableCredential, Achievement,
 * AchievementSubject, Profile, Result, ...) under the VC 2.0 and OB 3.0 contexts' few hundred
 * terms, and that copying was a third of the time a signature took.
 *
 * jsonld.js never changes a term definition once it is made: `createTermDefinition` deletes the
 * old entry and sets a new object, and nothing else in the library writes to one. So a copy of the
 * map that shares the definitions is the same active context; only the map itself (and the
 * `protected` flags, plain booleans) must be new. Likewise an active context is never changed
 * once made (jsonld.js already shares processed contexts between operations through its cache;
 * every change is made to a fresh copy), so the context a type scope falls back to is shared, not
 * copied again on every copy and every fall-back. `shareTermDefinitions` gives jsonld.js's
 * initial contexts a clone and a fall-back that do that, and every context made from them
 * inherits both (a clone copies them). Everything else is exactly what the library does. The
 * output is unchanged: a test expands, compacts and canonicalizes a corpus with and without it
 * and compares (a deliberately wrong clone is told apart), and the W3C and 1EdTech vectors still
 * reproduce byte for byte through the signing threads.
 *
 * It is installed per thread, by the threads that canonicalize, before their first JSON-LD
 * operation (a context processed before keeps the library's own clone), and never on import: the
 * bench's "stock" reference and the tests' independent verification run the library as published.
 */
import { createRequire } from 'node:module';

import { BUNDLED_CONTEXTS } from './document-loader.js';

const require = createRequire(import.meta.url);

interface ActiveContext {
  mappings: Map<string, unknown>;
  protected: Record<string, boolean>;
  clone: (this: ActiveContext) => ActiveContext;
  inverse: unknown;
  getInverse: unknown;
  previousContext?: ActiveContext;
  revertToPreviousContext?: (this: ActiveContext) => ActiveContext;
  '@base'?: unknown;
  '@language'?: unknown;
  '@vocab'?: unknown;
}

interface ContextApi {
  getInitialContext?: (options: { processingMode?: string }) => ActiveContext;
}

interface ResolvedContextClass {
  prototype: {
    getProcessed: (this: unknown, activeCtx: object) => unknown;
    setProcessed: (this: unknown, activeCtx: object, processed: unknown) => unknown;
  };
}

/**
 * Active contexts jsonld.js has finished making: its initial contexts, and every context it puts in
 * its processed-context cache. jsonld.js shares those between operations and never changes them
 * (every change is made to a fresh copy), so a copy of one may take its terms when first read.
 */
const finished = new WeakSet<object>();

/**
 * A copy of an active context, made by `cloneSharingTerms`. The term map and the protected flags
 * are copied when first read or written: until then they are those of `source`, a finished context
 * that never changes, so the copy is the same whenever it is taken. A copy made only to be looked up
 * in the processed-context cache (see cacheKey) is never read, so never copied.
 */
class SharedTermsContext {
  #source: ActiveContext | undefined;
  #mappings: Map<string, unknown> | undefined;
  #protected: Record<string, boolean> | undefined;
  clone: ActiveContext['clone'];
  inverse: unknown = null;
  getInverse: unknown;
  revertToPreviousContext: ActiveContext['revertToPreviousContext'];
  declare previousContext?: ActiveContext;
  declare '@base'?: unknown;
  declare '@language'?: unknown;
  declare '@vocab'?: unknown;

  constructor(from: ActiveContext) {
    // A copy of an untouched copy takes the same finished terms; a copy of a finished context, its own.
    const source =
      from instanceof SharedTermsContext && from.#source !== undefined ? from.#source : finished.has(from) ? from : undefined;
    if (source) {
      this.#source = source;
    } else {
      this.#mappings = new Map(from.mappings);
      this.#protected = { ...from.protected };
    }
    this.clone = from.clone;
    this.getInverse = from.getInverse;
    this.revertToPreviousContext = from.revertToPreviousContext;
  }

  /** Whether the terms have never been read or written: they are still exactly those copied. */
  get untouched(): boolean {
    return this.#source !== undefined;
  }

  #own(): void {
    const source = this.#source;
    if (source === undefined) return;
    this.#source = undefined;
    this.#mappings = new Map(source.mappings);
    this.#protected = { ...source.protected };
  }

  get mappings(): Map<string, unknown> {
    this.#own();
    return this.#mappings!;
  }

  set mappings(value: Map<string, unknown>) {
    this.#own();
    this.#mappings = value;
  }

  get protected(): Record<string, boolean> {
    this.#own();
    return this.#protected!;
  }

  set protected(value: Record<string, boolean>) {
    this.#own();
    this.#protected = value;
  }
}

/** Each copy made by `cloneSharingTerms`, with the context it was copied from. */
const origins = new WeakMap<object, ActiveContext>();
/** For a context X: the one cache key that stands for every unchanged copy of X whose fall-back is X. */
const fallBackKeys = new WeakMap<ActiveContext, object>();

/** jsonld.js's `_cloneActiveContext`, field for field, with the term definitions shared. */
function cloneSharingTerms(this: ActiveContext): ActiveContext {
  const child = new SharedTermsContext(this);
  origins.set(child, this);
  if (this.previousContext) child.previousContext = this.previousContext;
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

/** jsonld.js's `_revertToPreviousContext`, without the copy: the context it returns is never changed in place. */
function revertSharing(this: ActiveContext): ActiveContext {
  return this.previousContext ?? this;
}

/**
 * The key jsonld.js's processed-context cache is read and written under for `activeCtx`.
 *
 * Entering a type-scoped context, jsonld.js first makes a copy of the active context X whose
 * fall-back is X (lib/context.js, `api.process`: `rval = rval.clone(); rval.previousContext =
 * activeCtx`), then looks the scoped context up in its cache under that copy, by identity. The copy
 * is new every time, so the lookup never hits, and the scoped context's terms are defined again on
 * every entry. Every such copy of the same X is the same context (X's terms, X as fall-back), and
 * jsonld.js never changes that copy (on a miss it changes a further copy of it): so all of them
 * share one key, and the cache hits from the second entry on, exactly as it does for contexts
 * that propagate. Any other context is its own key, as in the library.
 */
function cacheKey(activeCtx: ActiveContext): object {
  const origin = origins.get(activeCtx);
  if (
    origin === undefined ||
    activeCtx.previousContext !== origin ||
    !(activeCtx instanceof SharedTermsContext && activeCtx.untouched) ||
    activeCtx['@base'] !== origin['@base'] ||
    activeCtx['@vocab'] !== origin['@vocab'] ||
    activeCtx['@language'] !== origin['@language']
  ) {
    return activeCtx;
  }
  let key = fallBackKeys.get(origin);
  if (!key) {
    key = {};
    fallBackKeys.set(origin, key);
  }
  return key;
}

const KEYED = Symbol('jsonld-shared-terms.keyed');

/** Makes jsonld.js's processed-context cache read and write under `cacheKey` (once per thread). */
function keyProcessedContexts(resolvedContext: ResolvedContextClass): void {
  const proto = resolvedContext.prototype as ResolvedContextClass['prototype'] & { [KEYED]?: true };
  if (proto[KEYED]) return;
  const { getProcessed, setProcessed } = proto;
  proto.getProcessed = function (activeCtx) {
    return getProcessed.call(this, cacheKey(activeCtx as ActiveContext));
  };
  proto.setProcessed = function (activeCtx, processed) {
    const context = (processed as { context?: unknown } | undefined)?.context;
    if (context && typeof context === 'object' && (context as { mappings?: unknown }).mappings instanceof Map) {
      finished.add(context);
    }
    return setProcessed.call(this, cacheKey(activeCtx as ActiveContext), processed);
  };
  proto[KEYED] = true;
}

interface ContextResolverClass {
  prototype: {
    resolve: (this: unknown, options: { context?: unknown }) => Promise<Array<{ document?: unknown }>>;
  };
}

/**
 * Every object inside the bundled contexts (the ones the document loader gives with jsonld.js's
 * `static` tag): module-level documents that nothing ever changes.
 */
function bundledObjects(): WeakSet<object> {
  const objects = new WeakSet<object>();
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object' || objects.has(value)) return;
    objects.add(value);
    for (const member of Object.values(value)) walk(member);
  };
  for (const document of BUNDLED_CONTEXTS.values()) walk(document);
  return objects;
}

/**
 * Makes jsonld.js's context resolver answer a scoped context of a bundled context (an object such
 * as the one under `Achievement` in the Open Badges context) by the object itself. jsonld.js keys
 * every object context by its JSON text, so it writes out the same scoped context again each time
 * it enters it (a dozen times per credential). The object never changes, so its text, and the
 * resolved context jsonld.js keeps under that text, are the same every time: the first answer is
 * kept with the object. Any other context is resolved as the library does.
 */
function resolveBundledByIdentity(contextResolver: ContextResolverClass): void {
  const proto = contextResolver.prototype as ContextResolverClass['prototype'] & { [KEYED]?: true };
  if (proto[KEYED]) return;
  const { resolve } = proto;
  const bundled = bundledObjects();
  const answers = new WeakMap<object, Array<{ document?: unknown }>>();
  proto.resolve = async function (options) {
    const context = options.context;
    const known = context && typeof context === 'object' ? answers.get(context) : undefined;
    if (known) return [...known];
    const resolved = await resolve.call(this, options);
    if (
      context &&
      typeof context === 'object' &&
      !Array.isArray(context) &&
      bundled.has(context) &&
      !('@context' in context) &&
      resolved.length === 1 &&
      resolved[0]?.document === context
    ) {
      answers.set(context, [...resolved]);
    }
    return resolved;
  };
  proto[KEYED] = true;
}

/** The processing modes jsonld.js keys its initial contexts by (unset, the default, and both named). */
const PROCESSING_MODES = [undefined, 'json-ld-1.0', 'json-ld-1.1'] as const;

function initialContexts(): ActiveContext[] | null {
  const api = require('jsonld/lib/context.js') as ContextApi;
  if (typeof api.getInitialContext !== 'function') return null;
  const contexts: ActiveContext[] = [];
  for (const processingMode of PROCESSING_MODES) {
    // jsonld.js caches one initial context per processing mode and starts every operation from it.
    const initial = api.getInitialContext(processingMode === undefined ? {} : { processingMode });
    if (!(initial?.mappings instanceof Map) || typeof initial.clone !== 'function' || typeof initial.protected !== 'object') {
      return null;
    }
    contexts.push(initial);
  }
  return contexts;
}

/**
 * Makes jsonld.js, in this thread, copy active contexts without copying their term definitions.
 * Returns false, and changes nothing, when the installed jsonld.js is not shaped as expected (the
 * library then works as published, only slower); a test fails in that case, so an upgrade that
 * changes it is noticed.
 */
export function shareTermDefinitions(): boolean {
  const contexts = initialContexts();
  const resolvedContext = require('jsonld/lib/ResolvedContext.js') as Partial<ResolvedContextClass>;
  const contextResolver = require('jsonld/lib/ContextResolver.js') as Partial<ContextResolverClass>;
  const proto = resolvedContext.prototype;
  if (
    !contexts ||
    typeof proto?.getProcessed !== 'function' ||
    typeof proto.setProcessed !== 'function' ||
    typeof contextResolver.prototype?.resolve !== 'function'
  ) {
    return false;
  }
  keyProcessedContexts(resolvedContext as ResolvedContextClass);
  resolveBundledByIdentity(contextResolver as ContextResolverClass);
  for (const context of contexts) {
    finished.add(context);
    context.clone = cloneSharingTerms;
    context.revertToPreviousContext = revertSharing;
  }
  return true;
}

/** Whether jsonld.js in this thread shares term definitions between copies of an active context. */
export function termDefinitionsShared(): boolean {
  return initialContexts()?.every((context) => context.clone === cloneSharingTerms) ?? false;
}
