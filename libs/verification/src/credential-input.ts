import { CoreError } from '@app/core';

/** What can be verified: a JSON-LD credential with an embedded proof, or a JWT (either profile). */
export type CredentialInput =
  { readonly format: 'ldp'; readonly credential: Record<string, unknown> } | { readonly format: 'jwt'; readonly jwt: string };

/** Bounds on what is parsed at all (beyond the request size limit). */
export const INPUT_LIMITS = {
  /** Nesting of objects and arrays; an OB 3.0 credential needs about 8. */
  maxDepth: 32,
  /** Objects, arrays and values in total. */
  maxNodes: 20_000,
} as const;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const ENVELOPED = /^data:application\/(?:vc\+jwt|jwt|vc-ld\+jwt),(.+)$/;

const malformed = (detail: string): CoreError => new CoreError('malformed_request', detail);

/**
 * Reads what a caller sent as "a credential": an object (JSON-LD with a proof, or a VC 2.0
 * EnvelopedVerifiableCredential holding a JWT), a compact JWT, or text holding either (pasted
 * into the web form, or read from a PDF attachment). Anything else is malformed (a 400 that
 * says why), which is not the same as "does not verify" (a result).
 */
export function parseCredentialInput(value: unknown, maxBytes: number): CredentialInput {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.length === 0) throw malformed('The credential is empty.');
    if (Buffer.byteLength(text, 'utf8') > maxBytes) {
      throw new CoreError('payload_too_large', `The credential is larger than ${maxBytes} bytes.`);
    }
    if (COMPACT_JWS.test(text)) return { format: 'jwt', jwt: text };
    if (text.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw malformed('The text is neither JSON nor a compact JWT: it does not parse as JSON.');
      }
      return parseCredentialInput(parsed, maxBytes);
    }
    throw malformed('The text is neither a credential (JSON) nor a compact JWT.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw malformed('A credential is a JSON object or a compact JWT.');
  }
  checkShape(value);
  const object = value as Record<string, unknown>;
  const types = typesOf(object['type']);
  if (types.includes('EnvelopedVerifiableCredential')) {
    const match = typeof object['id'] === 'string' ? ENVELOPED.exec(object['id']) : null;
    if (!match?.[1] || !COMPACT_JWS.test(match[1])) {
      throw malformed('An EnvelopedVerifiableCredential must carry a JWT in a data: URL (data:application/vc+jwt,…).');
    }
    return { format: 'jwt', jwt: match[1] };
  }
  if (types.includes('VerifiablePresentation')) {
    throw malformed('This is a presentation: send it to POST /presentations/verify.');
  }
  if (!('@context' in object)) throw malformed('The credential has no "@context": it is not a JSON-LD credential.');
  if (!('proof' in object)) throw malformed('The credential has no "proof": it is not signed, so there is nothing to verify.');
  return { format: 'ldp', credential: object };
}

export const typesOf = (type: unknown): string[] =>
  (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');

/** Refuses documents nested too deeply or too large to be a credential (before any JSON-LD work). */
export function checkShape(root: object): void {
  let nodes = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    nodes += 1;
    if (nodes > INPUT_LIMITS.maxNodes) throw malformed(`The credential has more than ${INPUT_LIMITS.maxNodes} values.`);
    if (!node || typeof node !== 'object') continue;
    if (depth > INPUT_LIMITS.maxDepth)
      throw malformed(`The credential is nested more than ${INPUT_LIMITS.maxDepth} levels deep.`);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
}
