import { checkOpenBadgeSchema } from '@app/credentials';
import { typesOf } from './credential-input.js';

/**
 * Open Badges 3.0 credentials are held to their schema; other credentials have none here (null).
 * Run on the event loop for JWTs and the service's own stored documents, and on a verifying
 * thread beside the proof for every other JSON-LD credential.
 */
export function schemaProblemsOf(credential: Record<string, unknown>): string[] | null {
  const types = typesOf(credential['type']);
  if (!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')) return null;
  // The proof is judged by the signature check (Data Integrity allows one proof or a list; a
  // JWT has none inside), so the schema is applied to the claims.
  const { proof: _proof, ...claims } = credential;
  return checkOpenBadgeSchema(claims).map((p) => `${p.pointer} ${p.detail}`);
}
