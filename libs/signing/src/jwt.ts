import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { CompactSign, compactVerify, decodeProtectedHeader, errors as joseErrors } from 'jose';

/**
 * The two JWT forms of a credential:
 * - `vc+jwt`: W3C VC-JOSE-COSE. Header `typ: vc+jwt`, `cty: vc`; the payload is the credential.
 * - `ob3`: the Open Badges 3.0 JWT profile (OB 3.0 section 8.2). Header `typ: JWT`; the payload
 *   is the credential with the registered claims `iss` (issuer id), `jti` (credential id), `sub`
 *   (subject id, when the subject has one), `nbf` (validFrom) and `exp` (validUntil).
 * Both are signed EdDSA (Ed25519) with the organisation's key; `kid` is the verification method,
 * so a verifier finds the key in the issuer's DID document or JWKS.
 */
export const JWT_PROFILES = ['vc+jwt', 'ob3'] as const;
export type JwtProfile = (typeof JWT_PROFILES)[number];

const seconds = (iso: unknown): number | undefined =>
  typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? Math.floor(Date.parse(iso) / 1000) : undefined;

const issuerIdOf = (credential: Record<string, unknown>): string | undefined => {
  const issuer = credential['issuer'];
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string') {
    return (issuer as { id: string }).id;
  }
  return undefined;
};

const subjectIdOf = (credential: Record<string, unknown>): string | undefined => {
  const subject = credential['credentialSubject'];
  const first = Array.isArray(subject) ? (subject[0] as unknown) : subject;
  const id = first && typeof first === 'object' ? (first as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
};

/** The JWT payload of a credential (without its Data Integrity proof) in the given profile. */
export function jwtPayloadOf(credential: Record<string, unknown>, profile: JwtProfile): Record<string, unknown> {
  const { proof: _proof, ...unsecured } = credential;
  void _proof;
  if (profile === 'vc+jwt') return unsecured;
  const claims: Record<string, unknown> = { iss: issuerIdOf(unsecured) };
  if (typeof unsecured['id'] === 'string') claims['jti'] = unsecured['id'];
  const sub = subjectIdOf(unsecured);
  if (sub) claims['sub'] = sub;
  const nbf = seconds(unsecured['validFrom']);
  if (nbf !== undefined) claims['nbf'] = nbf;
  const exp = seconds(unsecured['validUntil']);
  if (exp !== undefined) claims['exp'] = exp;
  return { ...unsecured, ...claims };
}

/** A private KeyObject from a Multikey key pair (only inside the signing library). */
export async function privateKeyObject(key: { publicKeyMultibase: string; secretKeyMultibase: string }): Promise<KeyObject> {
  const keyPair = await Ed25519Multikey.from(key);
  const jwk = await Ed25519Multikey.toJwk({ keyPair, secretKey: true });
  // The library puts the 64-byte secret key (seed and public key) in `d`; JWK wants the seed.
  const d = Buffer.from(jwk['d'] ?? '', 'base64url')
    .subarray(0, 32)
    .toString('base64url');
  return createPrivateKey({ key: { ...jwk, d }, format: 'jwk' });
}

export async function publicJwkOf(publicKeyMultibase: string): Promise<Record<string, string>> {
  return Ed25519Multikey.toJwk({ keyPair: await Ed25519Multikey.from({ publicKeyMultibase }) });
}

export async function signJwtCredential(options: {
  credential: Record<string, unknown>;
  profile: JwtProfile;
  kid: string;
  privateKey: KeyObject;
}): Promise<string> {
  const payload = new TextEncoder().encode(JSON.stringify(jwtPayloadOf(options.credential, options.profile)));
  const header =
    options.profile === 'vc+jwt'
      ? { alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: options.kid }
      : { alg: 'EdDSA', typ: 'JWT', kid: options.kid };
  return new CompactSign(payload).setProtectedHeader(header).sign(options.privateKey);
}

export interface JwtVerification {
  readonly verified: boolean;
  readonly profile?: JwtProfile;
  /** The credential carried (for `ob3`, without the registered claims). */
  readonly credential?: Record<string, unknown>;
  readonly kid?: string;
  readonly error?: string;
  /**
   * For `vc+jwt` verified with `now` null: the registered claims `nbf` and `exp` (NumericDate,
   * seconds), which bound the credential's validity as well as its own dates.
   */
  readonly claims?: { readonly nbf?: number; readonly exp?: number };
}

/**
 * Verifies a JWT credential in either profile. `resolveKey` finds the public key (Multikey) of a
 * verification method of the credential's issuer, or undefined. The claims must agree with the
 * credential (issuer, id, subject, dates), and `nbf`/`exp` are checked against `now`.
 */
export async function verifyJwtCredential(
  jwt: string,
  resolveKey: (kid: string, issuer: string) => Promise<{ publicKeyMultibase: string } | undefined>,
  /** null: the dates are left to the caller (which tells "expired" from "not valid"). */
  now: Date | null = new Date(),
): Promise<JwtVerification> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    return { verified: false, error: 'Not a JWT: the header does not decode.' };
  }
  // OB 3.0 asks for typ "JWT" if typ is present: a token without one is read as OB 3.0 (its
  // registered claims must then agree with the credential, as for typ JWT).
  const profile: JwtProfile | undefined =
    header.typ === 'vc+jwt' ? 'vc+jwt' : header.typ === 'JWT' || header.typ === undefined ? 'ob3' : undefined;
  if (!profile) return { verified: false, error: `Unsupported JWT type "${String(header.typ)}" (expected vc+jwt or JWT).` };
  if (header.alg !== 'EdDSA') return { verified: false, profile, error: `Unsupported algorithm "${String(header.alg)}".` };
  if (typeof header.kid !== 'string') return { verified: false, profile, error: 'The JWT header names no key (kid).' };
  // A credential's payload is always base64url-encoded: an unencoded one (RFC 7797) is refused,
  // so the payload read below is always the one the signature covers.
  if ('b64' in header) {
    return { verified: false, profile, kid: header.kid, error: 'Unencoded JWT payloads (b64) are not accepted.' };
  }
  const kid = header.kid;
  let payload: Record<string, unknown>;
  try {
    const [, body] = jwt.split('.');
    payload = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('not an object');
  } catch {
    return { verified: false, profile, kid, error: 'The JWT payload is not a JSON object.' };
  }
  const issuer = issuerIdOf(payload);
  if (!issuer) return { verified: false, profile, kid, error: 'The credential names no issuer.' };
  if (!kid.startsWith(`${issuer}#`)) {
    return { verified: false, profile, kid, error: 'The signing key does not belong to the credential issuer.' };
  }
  const key = await resolveKey(kid, issuer);
  if (!key) return { verified: false, profile, kid, error: `The key ${kid} is not an assertion key of the issuer.` };
  try {
    const publicKey = createPublicKey({ key: await publicJwkOf(key.publicKeyMultibase), format: 'jwk' });
    await compactVerify(jwt, publicKey, { algorithms: ['EdDSA'] });
  } catch (error) {
    const reason = error instanceof joseErrors.JWSSignatureVerificationFailed ? 'the signature does not match' : String(error);
    return { verified: false, profile, kid, error: `JWT signature invalid: ${reason}.` };
  }
  const { iss, jti, sub, nbf, exp, iat: _iat, ...credential } = payload;
  void _iat;
  const at = now === null ? undefined : Math.floor(now.getTime() / 1000);
  // nbf and exp, when present, are NumericDates in either profile.
  for (const [name, value] of [
    ['nbf', nbf],
    ['exp', exp],
  ] as const) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      return { verified: false, profile, kid, error: `The ${name} claim is not a NumericDate.` };
    }
  }
  if (profile === 'ob3') {
    if (iss !== issuer) return { verified: false, profile, kid, error: 'The iss claim does not match the issuer.' };
    if (jti !== undefined && jti !== credential['id']) {
      return { verified: false, profile, kid, error: 'The jti claim does not match the credential id.' };
    }
    if (sub !== undefined && sub !== subjectIdOf(credential)) {
      return { verified: false, profile, kid, error: 'The sub claim does not match the credential subject.' };
    }
    if (typeof nbf === 'number' && nbf !== seconds(credential['validFrom'])) {
      return { verified: false, profile, kid, error: 'The nbf claim does not match validFrom.' };
    }
    if (typeof exp === 'number' && exp !== seconds(credential['validUntil'])) {
      return { verified: false, profile, kid, error: 'The exp claim does not match validUntil.' };
    }
    if (at !== undefined && typeof nbf === 'number' && nbf > at)
      return { verified: false, profile, kid, error: 'The credential is not valid yet.' };
    if (at !== undefined && typeof exp === 'number' && exp <= at)
      return { verified: false, profile, kid, error: 'The credential has expired.' };
    return { verified: true, profile, kid, credential };
  }
  // vc+jwt: the payload is the credential itself; `nbf` and `exp`, when present, bound it too.
  // Registered claims that name the issuer, the credential or its subject must name the same
  // ones as the credential does (a client reading `iss` must not be told of another issuer).
  if (iss !== undefined && iss !== issuer) {
    return { verified: false, profile, kid, error: 'The iss claim does not match the issuer.' };
  }
  if (jti !== undefined && jti !== credential['id']) {
    return { verified: false, profile, kid, error: 'The jti claim does not match the credential id.' };
  }
  if (sub !== undefined && sub !== subjectIdOf(credential)) {
    return { verified: false, profile, kid, error: 'The sub claim does not match the credential subject.' };
  }
  if (at !== undefined && typeof nbf === 'number' && nbf > at)
    return { verified: false, profile, kid, error: 'The credential is not valid yet.' };
  if (at !== undefined && typeof exp === 'number' && exp <= at)
    return { verified: false, profile, kid, error: 'The credential has expired.' };
  const claims = {
    ...(typeof nbf === 'number' ? { nbf } : {}),
    ...(typeof exp === 'number' ? { exp } : {}),
  };
  return { verified: true, profile, kid, credential: payload, ...(Object.keys(claims).length ? { claims } : {}) };
}
