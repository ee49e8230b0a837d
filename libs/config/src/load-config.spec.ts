import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { Secret } from '@app/core';
import { ConfigError, loadConfig, validateEnv } from './load-config.js';

const noLocalSecret = (): Secret => {
  throw new Error('a local secret was asked for');
};
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    validateEnv(env, () => new Secret('local-secret-for-tests-0123456789'));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected the configuration to be refused');
};

describe('configuration', () => {
  it('has working defaults for a development start', () => {
    const config = validateEnv({}, () => new Secret('local-secret-for-tests-0123456789'));
    expect(config.env).toBe('development');
    expect(config.http.port).toBe(3000);
    expect(config.http.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.demo.seed).toBe(true);
    expect(config.http.corsOrigins).toEqual([]);
    // The embedded server shares this machine's cores: 2 × cores + 1 connections.
    expect(config.database.poolSize).toBe(2 * availableParallelism() + 1);
    expect(
      validateEnv({ DATABASE_POOL_SIZE: '7' }, () => new Secret('local-secret-for-tests-0123456789')).database.poolSize,
    ).toBe(7);
  });

  it('groups a full production environment', () => {
    const config = validateEnv(
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://u:p@db:5432/credentials',
        AUTH_TOKEN_SECRET: 's'.repeat(40),
        PUBLIC_BASE_URL: 'https://credentials.example.org/',
        SIGNING_MASTER_KEY: Buffer.alloc(32, 2).toString('base64'),
        CORS_ORIGINS: 'https://a.example.org, https://b.example.org',
        PORT: '8080',
        MIGRATIONS_RUN: 'false',
      },
      noLocalSecret,
    );
    expect(config.isProduction).toBe(true);
    expect(config.http.publicBaseUrl).toBe('https://credentials.example.org');
    expect(config.http.corsOrigins).toEqual(['https://a.example.org', 'https://b.example.org']);
    expect(config.http.port).toBe(8080);
    expect(config.database.migrationsRun).toBe(false);
    expect(config.demo.seed).toBe(false);
    expect(config.database.url?.reveal()).toBe('postgres://u:p@db:5432/credentials');
    expect(config.database.poolSize).toBe(10);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_POOL_SIZE: 'many' }, 'DATABASE_POOL_SIZE'],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ AUTH_TOKEN_SECRET: 'short' }, 'AUTH_TOKEN_SECRET'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ CORS_ORIGINS: 'not a url' }, 'CORS_ORIGINS'],
    [{ BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES'],
    [{ DEMO_DATA: 'sometimes' }, 'DEMO_DATA'],
    [{ SIGNING_MASTER_KEY: 'c2hvcnQ=' }, 'SIGNING_MASTER_KEY'],
    [{ SIGNING_MASTER_KEY: 'not base64 at all!' }, 'SIGNING_MASTER_KEY'],
  ])('refuses %j, naming %s', (env, variable) => {
    expect(problemsOf(env).some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud', PUBLIC_BASE_URL: 'nope' })).toHaveLength(3);
  });

  it('requires the database, secrets and public URL in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'DATABASE_URL',
      'AUTH_TOKEN_SECRET',
      'PUBLIC_BASE_URL',
      'SIGNING_MASTER_KEY',
    ]);
  });

  it('refuses demo accounts in production', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/x',
      AUTH_TOKEN_SECRET: 's'.repeat(40),
      PUBLIC_BASE_URL: 'https://x.example.org',
      SIGNING_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
      DEMO_DATA: 'true',
    });
    expect(problems).toEqual([expect.stringMatching(/^DEMO_DATA:/)]);
  });

  it('treats an empty value as unset', () => {
    const config = validateEnv({ PORT: '', LOG_LEVEL: '', DEMO_DATA: '' }, () => new Secret('local-secret-for-tests-0123456789'));
    expect(config.http.port).toBe(3000);
    expect(config.logLevel).toBe('info');
  });

  it('never echoes a secret value in its messages', () => {
    const secret = 'tooshort-secret';
    const dbUrl = 'mysql://admin:hunter2@db/x';
    const message = problemsOf({ AUTH_TOKEN_SECRET: secret, DATABASE_URL: dbUrl }).join('\n');
    expect(message).not.toContain(secret);
    expect(message).not.toContain('hunter2');
  });

  it('keeps secrets out of logs and JSON', () => {
    const masterKey = Buffer.alloc(32, 9);
    const config = validateEnv(
      {
        DATABASE_URL: 'postgres://u:hunter2@db/x',
        AUTH_TOKEN_SECRET: 'k'.repeat(40),
        SIGNING_MASTER_KEY: masterKey.toString('base64'),
      },
      noLocalSecret,
    );
    const printed = [inspect(config, { depth: 10 }), JSON.stringify(config), String(config.auth.tokenSecret)].join('\n');
    expect(printed).not.toContain(masterKey.toString('base64'));
    expect(printed).not.toContain('9, 9, 9');
    expect(printed).not.toContain('hunter2');
    expect(printed).not.toContain('k'.repeat(40));
    expect(printed).toContain('[redacted]');
  });

  it('generates a development secret once, in DATA_DIR/secrets.json with mode 0600, and keeps it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cft-config-'));
    const first = loadConfig({ DATA_DIR: dataDir }).auth.tokenSecret.reveal();
    const second = loadConfig({ DATA_DIR: dataDir }).auth.tokenSecret.reveal();
    expect(first).toHaveLength(43);
    expect(second).toBe(first);
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ authTokenSecret: first, signingMasterKey: expect.any(String) });
    expect(loadConfig({ DATA_DIR: dataDir }).signing.masterKey.reveal()).toHaveLength(32);
  });
});
