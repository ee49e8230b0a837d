import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { Secret } from '@app/core';
import { AppConfig, type TrustedIssuer } from './app-config.js';
import { LocalSecrets } from './local-secrets.js';

/** Raised when the environment does not validate; the message lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const httpUrl = z
  .string()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
    message: 'must be an absolute http(s) URL',
  })
  .transform((v) => v.replace(/\/+$/, ''));

/**
 * Secrets are never echoed back in error messages (zod would print the received value for
 * some checks), so they are validated by hand with messages that do not include them.
 */
const secret = (minLength: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (v.length < minLength) {
        ctx.addIssue({ code: 'custom', message: `must be at least ${minLength} characters` });
        return z.NEVER;
      }
      return new Secret(v);
    });

const databaseUrl = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    if (!URL.canParse(v) || !/^postgres(ql)?:$/.test(new URL(v).protocol)) {
      ctx.addIssue({ code: 'custom', message: 'must be a postgres:// or postgresql:// URL' });
      return z.NEVER;
    }
    return new Secret(v);
  });

const trustedIssuerSchema = z
  .object({
    id: z.string().regex(/^did:(key|web):[A-Za-z0-9._:%-]+$/, 'must be a did:key or did:web identifier'),
    name: z.string().min(1).max(200),
    didDocument: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((issuer, ctx) => {
    if (issuer.id.startsWith('did:web:') && issuer.didDocument?.['id'] !== issuer.id) {
      ctx.addIssue({ code: 'custom', message: `${issuer.id}: a did:web issuer needs its "didDocument" (with the same id)` });
    }
  });

/** A JSON file listing trusted issuers from elsewhere (read once at start, never fetched). */
const trustedIssuersFile = z
  .string()
  .optional()
  .transform((path, ctx): TrustedIssuer[] => {
    if (path === undefined || path === '') return [];
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `cannot read ${path} as JSON (${(error as Error).message.slice(0, 120)})` });
      return z.NEVER;
    }
    const parsed = z.array(trustedIssuerSchema).max(1000).safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', message: `${path} ${issue.path.join('.')}: ${issue.message}` });
      }
      return z.NEVER;
    }
    return parsed.data;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(3000, 0, 65535),
  PUBLIC_BASE_URL: httpUrl.optional(),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      if (v.trim() === '*') return '*' as const;
      const origins = v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      for (const o of origins) {
        if (!URL.canParse(o) || new URL(o).origin !== o) {
          ctx.addIssue({ code: 'custom', message: `"${o}" is not an origin such as https://example.org` });
        }
      }
      return origins;
    }),
  BODY_LIMIT_BYTES: int(1_048_576, 1_024, 104_857_600),
  TRUST_PROXY: bool(false),
  DATABASE_URL: databaseUrl,
  // 0: the default (see below).
  DATABASE_POOL_SIZE: int(0, 1, 200),
  DATABASE_SSL: bool(false),
  MIGRATIONS_RUN: bool(true),
  EMBEDDED_PG_PORT: int(54329, 1024, 65535),
  DEMO_DATA: z.enum(['auto', 'true', 'false']).default('auto'),
  AUTH_TOKEN_SECRET: secret(32),
  AUTH_TOKEN_TTL_SECONDS: int(900, 60, 86_400),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: int(10, 1, 100_000),
  SIGNING_THREADS: int(Math.max(1, availableParallelism()), 1, 64),
  JOBS_IN_PROCESS: bool(true),
  ISSUANCE_BATCH_SIZE: int(100, 1, 1000),
  JOBS_EXPIRE_SECONDS: int(120, 5, 86_400),
  JOBS_POLLING_SECONDS: int(2, 1, 3600),
  JOBS_MAINTENANCE_SECONDS: int(30, 1, 3600),
  TRUSTED_ISSUERS_FILE: trustedIssuersFile,
  VERIFY_THREADS: int(Math.max(1, availableParallelism()), 1, 64),
  VERIFY_CACHE_ENTRIES: int(10_000, 0, 1_000_000),
  VERIFY_REPORT_WINDOW_MS: int(1_000, 0, 60_000),
  VERIFY_RATE_LIMIT_PER_MINUTE: int(60, 1, 10_000_000),
  VERIFY_MAX_CREDENTIAL_BYTES: int(256 * 1024, 4096, 10 * 1024 * 1024),
  VERIFY_MAX_PDF_BYTES: int(10 * 1024 * 1024, 65_536, 100 * 1024 * 1024),
  VERIFY_MAX_QUEUE: int(1024, 1, 100_000),
  SIGNING_MASTER_KEY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(v)
        ? Buffer.from(v, v.includes('+') || v.includes('/') ? 'base64' : 'base64url')
        : Buffer.alloc(0);
      if (bytes.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'must be 32 bytes in base64 (e.g. openssl rand -base64 32)' });
        return z.NEVER;
      }
      return new Secret<Uint8Array>(new Uint8Array(bytes));
    }),
});

/** Every variable the service reads, for `.env.example` and the README. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

/**
 * Validate the environment into typed groups. Throws ConfigError listing every problem at once.
 * Outside production a missing AUTH_TOKEN_SECRET is generated once and kept in
 * DATA_DIR/secrets.json (see LocalSecrets); `validateEnv` is the pure part.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  return validateEnv(env, (dataDir, name) => new LocalSecrets(dataDir).get(name));
}

/**
 * The validation itself; `localSecret` supplies a secret that a development install may
 * generate (it is never called in production, where a missing secret is an error).
 */
export function validateEnv(
  env: Readonly<Record<string, string | undefined>>,
  localSecret: (dataDir: string, name: string) => Secret,
): AppConfig {
  // An empty value means "unset" for every variable (as `FOO=` in a compose file does).
  env = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`);
  // Checked on the raw values too, so one start lists every problem at once.
  if ((parsed.success ? parsed.data.NODE_ENV : env['NODE_ENV']) === 'production') {
    if (!env['DATABASE_URL'])
      problems.push('DATABASE_URL: required when NODE_ENV=production (the embedded database is for development and demos)');
    if (!env['AUTH_TOKEN_SECRET']) problems.push('AUTH_TOKEN_SECRET: required when NODE_ENV=production');
    if (!env['PUBLIC_BASE_URL'])
      problems.push('PUBLIC_BASE_URL: required when NODE_ENV=production (it goes into every credential)');
    if (!env['SIGNING_MASTER_KEY']) {
      problems.push("SIGNING_MASTER_KEY: required when NODE_ENV=production (it seals the issuers' private keys)");
    }
    if (env['DEMO_DATA'] === 'true') {
      problems.push('DEMO_DATA: demo accounts (with a platform admin) are refused when NODE_ENV=production');
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;

  const embedded = e.DATABASE_URL === undefined;
  const dataDir = resolve(e.DATA_DIR);
  return new AppConfig(
    e.NODE_ENV,
    e.LOG_LEVEL,
    dataDir,
    {
      host: e.HOST,
      port: e.PORT,
      publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
      corsOrigins: e.CORS_ORIGINS,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      trustProxy: e.TRUST_PROXY,
    },
    {
      url: e.DATABASE_URL,
      // A server of its own: pg's usual 10. The embedded one shares this machine's cores with the
      // service, and more connections at work than about twice its cores only take turns on them
      // (docs/verification.md#speed-and-freshness): 2 × cores + 1.
      poolSize: e.DATABASE_POOL_SIZE || (embedded ? 2 * availableParallelism() + 1 : 10),
      ssl: e.DATABASE_SSL,
      migrationsRun: e.MIGRATIONS_RUN,
      embedded: { dataDir: resolve(dataDir, 'pg'), port: e.EMBEDDED_PG_PORT },
    },
    {
      tokenSecret: e.AUTH_TOKEN_SECRET ?? localSecret(dataDir, 'authTokenSecret'),
      tokenTtlSeconds: e.AUTH_TOKEN_TTL_SECONDS,
      signInRateLimitPerMinute: e.SIGN_IN_RATE_LIMIT_PER_MINUTE,
    },
    { seed: e.DEMO_DATA === 'true' || (e.DEMO_DATA === 'auto' && embedded && e.NODE_ENV !== 'test') },
    {
      masterKey:
        e.SIGNING_MASTER_KEY ??
        new Secret(new Uint8Array(Buffer.from(localSecret(dataDir, 'signingMasterKey').reveal(), 'base64url'))),
      threads: e.SIGNING_THREADS,
    },
    {
      runInProcess: e.JOBS_IN_PROCESS,
      batchSize: e.ISSUANCE_BATCH_SIZE,
      expireSeconds: e.JOBS_EXPIRE_SECONDS,
      pollingSeconds: e.JOBS_POLLING_SECONDS,
      maintenanceSeconds: e.JOBS_MAINTENANCE_SECONDS,
    },
    {
      trustedIssuers: e.TRUSTED_ISSUERS_FILE,
      threads: e.VERIFY_THREADS,
      cacheEntries: e.VERIFY_CACHE_ENTRIES,
      reportWindowMs: e.VERIFY_REPORT_WINDOW_MS,
      rateLimitPerMinute: e.VERIFY_RATE_LIMIT_PER_MINUTE,
      maxCredentialBytes: e.VERIFY_MAX_CREDENTIAL_BYTES,
      maxPdfBytes: e.VERIFY_MAX_PDF_BYTES,
      maxQueue: e.VERIFY_MAX_QUEUE,
    },
  );
}

/** EX_CONFIG from sysexits.h: the process was started with a bad configuration. */
export const EXIT_CONFIG = 78;

/**
 * For a process entry point: the configuration, or a clear message on stderr and exit 78
 * before anything else happens.
 */
export function loadConfigOrExit(env: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
    process.exit(EXIT_CONFIG);
  }
}
