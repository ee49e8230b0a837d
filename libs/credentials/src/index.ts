export { buildOpenBadgeCredential, identityHash } from './build-open-badge.js';
export { extensionContext, extensionContextUrl } from './extension-context.js';
export type { OpenBadgeInput, TextsInLanguages } from './build-open-badge.js';
export { checkOpenBadgeSchema } from './ob3-schema.js';
export type { SchemaProblem } from './ob3-schema.js';
export { credentialColumnOrder, documentDigest, inConventionalOrder } from './key-order.js';
