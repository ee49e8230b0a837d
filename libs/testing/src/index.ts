export { createTestDatabase, withDatabaseName, TEST_ADMIN_URL_ENV, TEST_TEMPLATE_ENV } from './test-database.js';
export type { TestDatabase } from './test-database.js';
export { testEnv } from './test-env.js';
