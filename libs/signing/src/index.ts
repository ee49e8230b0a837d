export { createDocumentLoader, BUNDLED_CONTEXTS, DocumentRefusedError } from './document-loader.js';
export type { DocumentLoader, DocumentLoaderOptions, RemoteDocument } from './document-loader.js';
export {
  signDataIntegrity,
  verifyDataIntegrity,
  verifyPresentationProof,
  generateSigningKey,
  errorMessages,
  rememberingVerifiers,
} from './data-integrity.js';
export type { SigningKey } from './data-integrity.js';
export { KeyCipher } from './key-cipher.js';
export { SigningModule } from './signing.module.js';
export { KeyStore } from './key-store.js';
export type { DidDocument } from './key-store.js';
export { SigningKeyRecord, KEY_STATUSES } from './entities/signing-key.entity.js';
export type { KeyStatus } from './entities/signing-key.entity.js';
export { didWebFor, slugOfDidWeb } from './did-web.js';
export type { SignRequest } from './key-store.js';
export { SigningPool } from './signing-pool.js';
export type { SignItem, SignOutcome, SealedKey } from './signing-worker.js';
export { JWT_PROFILES, signJwtCredential, verifyJwtCredential, jwtPayloadOf, publicJwkOf } from './jwt.js';
export type { JwtProfile, JwtVerification } from './jwt.js';
export { shareTermDefinitions, termDefinitionsShared } from './jsonld-shared-terms.js';
