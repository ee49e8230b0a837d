import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { builtEntry, childEnv } from '../support/processes.js';

describe('the worker (real process)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(() => db.drop());

  it('applies the migrations, says it is ready in a JSON log line, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [builtEntry('worker')], {
      env: childEnv({ DATABASE_URL: db.url, AUTH_TOKEN_SECRET: 'w'.repeat(40), LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | string | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    const deadline = Date.now() + 30_000;
    while (!output.includes('worker ready') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output).toContain('worker ready');
    const ready = output.split('\n').find((l) => l.includes('worker ready'))!;
    expect(JSON.parse(ready)).toMatchObject({ name: 'worker', level: 30, msg: 'worker ready' });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const applied = await client.query<{ n: number }>('select count(*)::int as n from migrations');
    await client.end();
    expect(applied.rows[0].n).toBeGreaterThanOrEqual(3);
    child.kill('SIGTERM');
    expect(['SIGTERM', 0]).toContain(await exited);
  }, 60_000);
});
