import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { Secret } from '@app/core';

/**
 * Secrets generated for a development or demo install, kept in DATA_DIR/secrets.json (mode 0600)
 * so that the service, the worker and the CLI on the same data directory share them, and a
 * restart keeps them. Production never uses this: there every secret comes from the environment.
 */
export class LocalSecrets {
  private readonly file: string;
  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, 'secrets.json');
  }

  /** The named secret, generated (32 random bytes, base64url) and saved on first use. */
  get(name: string): Secret {
    const all = this.readAll();
    let value = all[name];
    if (value === undefined) {
      value = randomBytes(32).toString('base64url');
      mkdirSync(this.dataDir, { recursive: true });
      // Written with a fresh read so two processes starting together keep the first value
      // when they race (the later writer re-reads and keeps what it finds).
      const again = this.readAll();
      if (again[name] !== undefined) return new Secret(again[name]);
      writeFileSync(this.file, JSON.stringify({ ...again, [name]: value }, null, 2), { mode: 0o600 });
      chmodSync(this.file, 0o600);
    }
    return new Secret(value);
  }

  private readAll(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
  }
}
