export { DomainModule } from './domain.module.js';
export { prepareDatabase } from './prepare-database.js';
export type { PreparedDatabase } from './prepare-database.js';
