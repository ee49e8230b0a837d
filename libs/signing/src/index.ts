export { createDocumentLoader, BUNDLED_CONTEXTS, DocumentRefusedError } from './document-loader.js';
export type { DocumentLoader, DocumentLoaderOptions, RemoteDocument } from './document-loader.js';
export { signDataIntegrity, verifyDataIntegrity, generateSigningKey } from './data-integrity.js';
export type { SigningKey } from './data-integrity.js';
export { KeyCipher } from './key-cipher.js';
