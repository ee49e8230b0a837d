export { DomainError, CoreError, CORE_ERROR_CODES, notFound } from './domain-error.js';
export type { CoreErrorCode } from './domain-error.js';
export { Clock, SystemClock, FixedClock } from './clock.js';
export { Secret } from './secret.js';
export { LANGUAGES, isLanguage, pickText } from './localized-text.js';
export type { Language, LocalizedText } from './localized-text.js';
export { CoreModule } from './core.module.js';
export { threadPoolFiles } from './thread-pool.js';
export { createRootLogger, PinoNestLogger } from './logging.js';
