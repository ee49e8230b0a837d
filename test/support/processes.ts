import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Tests that run the real built binaries need `npm run build` first (npm test does it). */
export function builtEntry(app: 'api' | 'worker' | 'cli'): string {
  const entry = `dist/apps/${app}/src/main.js`;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (npm test builds first).`);
  return entry;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** The environment a child process gets: ours, minus anything that would point it elsewhere. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env))
    if (/^(DATABASE_URL|PORT|DATA_DIR|NODE_OPTIONS|AUTH_TOKEN_SECRET|DEMO_DATA)$/.test(key)) delete env[key];
  // A DATA_DIR of its own, so no process started by a test writes into the checkout's ./data.
  return { ...env, LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync(join(tmpdir(), 'cft-child-')), ...overrides };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: node ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Service {
  readonly process: ChildProcess;
  readonly baseUrl: string;
  output(): string;
  /** SIGTERM, then the exit code, or the signal's name when the process ended by a signal. */
  stop(): Promise<number | string | null>;
}

/** Starts a built app and waits until GET /health/ready answers 200. */
export async function startService(env: NodeJS.ProcessEnv, port: number, timeoutMs = 90_000): Promise<Service> {
  const child = spawn(process.execPath, [builtEntry('api')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service was not ready within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(200);
  }
  return {
    process: child,
    baseUrl,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
