import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { AppConfig } from '@app/config';
import { threadPoolFiles } from '@app/core';
import type { SignItem, SignOutcome, SigningWorkerData } from './signing-worker.js';

/** Credentials per task: enough to amortise the hand-over to a thread, few enough to spread. */
const CHUNK = 25;

/**
 * The worker threads that sign (piscina): as many as SIGNING_THREADS (by default one per core),
 * so signing uses every core and never runs on the event loop that answers HTTP requests.
 */
@Injectable()
export class SigningPool implements OnApplicationShutdown {
  private readonly pool: Piscina<readonly SignItem[], SignOutcome[]>;

  constructor(config: AppConfig) {
    const workerData: SigningWorkerData = {
      masterKey: config.signing.masterKey.reveal(),
      publicBaseUrl: config.http.publicBaseUrl,
    };
    this.pool = new Piscina({
      ...threadPoolFiles(new URL('./signing-worker.js', import.meta.url), ['default'], workerData),
      minThreads: config.signing.threads,
      maxThreads: config.signing.threads,
      idleTimeout: 60_000,
      // JSON-LD canonicalization allocates a great deal of short-lived garbage. A larger young
      // generation means fewer scavenges, whose helper threads would otherwise compete with the
      // signing threads for the cores: measured 1.2 to 1.3 times more signatures per second on
      // 2 cores (docs/benchmarks.md).
      resourceLimits: { maxYoungGenerationSizeMb: 128 },
    });
  }

  get threads(): number {
    return this.pool.threads.length;
  }

  /** Signs every item; the outcomes are in the items' order. Items are spread over the threads. */
  async sign(items: readonly SignItem[]): Promise<SignOutcome[]> {
    if (items.length === 0) return [];
    const size = Math.min(CHUNK, Math.max(1, Math.ceil(items.length / this.pool.options.maxThreads)));
    const chunks: SignItem[][] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    const results = await Promise.all(chunks.map((chunk) => this.pool.run(chunk)));
    return results.flat();
  }

  /** After the job queue has stopped (its batch in hand finished signing). */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
