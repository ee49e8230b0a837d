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

/** jsonld.js's `_cloneActiveContext`, field for field, with the term definitions shared. */
function cloneSharingTerms(this: ActiveContext): ActiveContext {
  const child = {} as ActiveContext;
  child.mappings = new Map(this.mappings);
  child.clone = this.clone;
  child.inverse = null;
  child.getInverse = this.getInverse;
  child.protected = { ...this.protected };
  if (this.previousContext) child.previousContext = this.previousContext;
  child.revertToPreviousContext = this.revertToPreviousContext;
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

/** jsonld.js's `_revertToPreviousContext`, without the copy: the context it returns is never changed in place. */
function revertSharing(this: ActiveContext): ActiveContext {
  return this.previousContext ?? this;
}

/** The processing modes jsonld.js keys its initial contexts by (unset, the default, and both named). */
const PROCESSING_MODES = [undefined, 'json-ld-1.0', 'json-ld-1.1'] as const;

function initialContexts(): ActiveContext[] | null {
  const api = createRequire(import.meta.url)('jsonld/lib/context.js') as ContextApi;
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
  if (!contexts) return false;
  for (const context of contexts) {
    context.clone = cloneSharingTerms;
    context.revertToPreviousContext = revertSharing;
  }
  return true;
}

/** Whether jsonld.js in this thread shares term definitions between copies of an active context. */
export function termDefinitionsShared(): boolean {
  return initialContexts()?.every((context) => context.clone === cloneSharingTerms) ?? false;
}
