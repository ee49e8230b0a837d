import { randomBytes } from 'node:crypto';

/** An environment for a test process: quiet, with its own secret, on the given database. */
export function testEnv(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    AUTH_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    SIGNING_MASTER_KEY: randomBytes(32).toString('base64'),
    PUBLIC_BASE_URL: 'http://credentials.test',
    MIGRATIONS_RUN: 'false',
    SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000',
    ...overrides,
  };
}
