import { describe, expect, it } from '@jest/globals';
import { TEST_ADMIN_URL_ENV } from '@app/testing';
import { builtEntry, childEnv, run } from '../support/processes.js';

describe('npm run migration:check (the built CLI)', () => {
  it('passes when entities and migrations agree, on a scratch database it creates and drops', async () => {
    const adminUrl = process.env[TEST_ADMIN_URL_ENV]!;
    const result = await run([builtEntry('cli'), 'migration:check'], childEnv({ DATABASE_URL: adminUrl }));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Entities and migrations agree.');
    expect(result.code).toBe(0);
    // The drift case is covered in test/persistence/migrations.spec.ts, where an entity without
    // a migration and a hand-changed schema are both reported.
  });
});
