import { type Secret } from '@app/core';

export type RuntimeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  /** The public origin of the service: used in DIDs, status list URLs, QR codes and links. */
  readonly publicBaseUrl: string;
  /** `'*'` allows any origin; an empty list disables CORS. */
  readonly corsOrigins: readonly string[] | '*';
  readonly bodyLimitBytes: number;
  /** Trust X-Forwarded-* from a reverse proxy (needed for client IPs behind one). */
  readonly trustProxy: boolean;
}

export interface DatabaseConfig {
  /** Unset: the embedded PostgreSQL under `dataDir` is used. */
  readonly url: Secret | undefined;
  /** DATABASE_POOL_SIZE; by default 10 with DATABASE_URL, 2 × cores + 1 for the embedded server. */
  readonly poolSize: number;
  readonly ssl: boolean;
  /** Apply pending migrations when a process starts. */
  readonly migrationsRun: boolean;
  readonly embedded: { readonly dataDir: string; readonly port: number };
}

export interface AuthConfig {
  /** HS256 key for access tokens. Unset outside production: generated once under DATA_DIR. */
  readonly tokenSecret: Secret;
  readonly tokenTtlSeconds: number;
  /** Sign-in attempts per client address per minute (guessing passwords gets slow). */
  readonly signInRateLimitPerMinute: number;
}

export interface SigningConfig {
  /**
   * 32 bytes (base64 or base64url) that seal the organisations' private keys at rest
   * (AES-256-GCM). Required in production; generated once under DATA_DIR otherwise.
   */
  readonly masterKey: Secret<Uint8Array>;
  /** Worker threads that sign (Data Integrity and JWT); the event loop never signs. */
  readonly threads: number;
}

export interface JobsConfig {
  /** Run the issuance consumer in this process (the API by default, so one command is enough). */
  readonly runInProcess: boolean;
  /** Credentials fetched and signed together. */
  readonly batchSize: number;
  /** A job not completed in this time (its worker died) is retried. */
  readonly expireSeconds: number;
  /** How often an idle consumer looks for jobs (new jobs of this process wake it at once). */
  readonly pollingSeconds: number;
  /** How often expired jobs are looked for and put back. */
  readonly maintenanceSeconds: number;
}

/** An issuer from outside this service whose credentials are verified (config, never fetched). */
export interface TrustedIssuer {
  /** Its DID: did:key, or did:web with its DID document given here. */
  readonly id: string;
  readonly name: string;
  /** For did:web: the DID document, as configured (a did:web is never resolved over the network). */
  readonly didDocument?: Record<string, unknown>;
}

export interface VerificationConfig {
  /** Issuers from elsewhere that this service names as trusted (TRUSTED_ISSUERS_FILE). */
  readonly trustedIssuers: readonly TrustedIssuer[];
  /** Worker threads that verify proofs (the event loop never canonicalizes). */
  readonly threads: number;
  /** Proof results remembered, by the credential's SHA-256. */
  readonly cacheEntries: number;
  /**
   * How long a whole verification report may be given again for the same credential, in ms
   * (0: never). A status change or key compromise made in this process ends it at once.
   */
  readonly reportWindowMs: number;
  /** Requests per client address per minute on the public verification endpoints. */
  readonly rateLimitPerMinute: number;
  /** The largest credential accepted (JSON or JWT), in bytes. */
  readonly maxCredentialBytes: number;
  /** The largest PDF accepted for upload, in bytes. */
  readonly maxPdfBytes: number;
  /** Proofs and PDF reads that may wait for a verifying thread; beyond them, 429. */
  readonly maxQueue: number;
}

export interface DemoConfig {
  /** Load demo data (UNESCO AI CFT, two organisations and their programmes) when the database is empty. */
  readonly seed: boolean;
}

/** The validated environment, in typed groups. Built once at boot by `loadConfig`. */
export class AppConfig {
  constructor(
    readonly env: RuntimeEnv,
    readonly logLevel: LogLevel,
    readonly dataDir: string,
    readonly http: HttpConfig,
    readonly database: DatabaseConfig,
    readonly auth: AuthConfig,
    readonly demo: DemoConfig,
    readonly signing: SigningConfig,
    readonly jobs: JobsConfig,
    readonly verification: VerificationConfig,
  ) {}

  get isProduction(): boolean {
    return this.env === 'production';
  }
  get usesEmbeddedDatabase(): boolean {
    return this.database.url === undefined;
  }
}
