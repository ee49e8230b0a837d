import type { AppConfig } from '@app/config';
import { startEmbeddedDatabase } from './embedded-database.js';
import type { ConnectionSettings } from './data-source-options.js';

export interface ResolvedDatabase {
  readonly settings: ConnectionSettings;
  readonly embedded: boolean;
  /** Stops the embedded server if this process started it; a no-op otherwise. */
  close(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded server under DATA_DIR, started if needed. */
export async function resolveDatabase(config: AppConfig, log?: (message: string) => void): Promise<ResolvedDatabase> {
  const { database } = config;
  if (database.url) {
    return {
      settings: { url: database.url.reveal(), poolSize: database.poolSize, ssl: database.ssl },
      embedded: false,
      close: () => Promise.resolve(),
    };
  }
  const handle = await startEmbeddedDatabase({ ...database.embedded, log });
  return {
    settings: { url: handle.url, poolSize: database.poolSize, ssl: false },
    embedded: true,
    close: () => handle.stop(),
  };
}
