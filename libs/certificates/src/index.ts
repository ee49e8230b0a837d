export * from './bidi.js';
export * from './certificate-template.js';
export * from './certificate-view.js';
export * from './messages.js';
export * from './render-certificate.js';
export { Typesetter, isolateLtr } from './typesetter.js';
