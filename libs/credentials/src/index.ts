export { buildOpenBadgeCredential, extensionContext, extensionContextUrl, identityHash } from './build-open-badge.js';
export type { OpenBadgeInput, TextsInLanguages } from './build-open-badge.js';
export { checkOpenBadgeSchema } from './ob3-schema.js';
export type { SchemaProblem } from './ob3-schema.js';
