import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { AppConfig } from '@app/config';
import { threadPoolFiles } from '@app/core';
import type { PdfCredential, ProofOutcome, VerifyTask, VerifyWorkerData } from './verify-worker.js';

/**
 * The worker threads that check Data Integrity proofs (VERIFY_THREADS, by default one per core):
 * canonicalization runs there, so a burst of verifications never stalls the HTTP event loop.
 */
@Injectable()
export class VerifyPool implements OnApplicationShutdown {
  private readonly pool: Piscina<VerifyTask | Uint8Array, ProofOutcome | PdfCredential>;

  constructor(config: AppConfig) {
    const workerData: VerifyWorkerData = { publicBaseUrl: config.http.publicBaseUrl };
    this.pool = new Piscina({
      ...threadPoolFiles(new URL('./verify-worker.js', import.meta.url), ['default', 'pdfCredential'], workerData),
      minThreads: config.verification.threads,
      maxThreads: config.verification.threads,
      // Each thread holds a few proofs at once: the next is already there when one ends, instead
      // of waiting for the event loop (busy with HTTP and the database) to hand it over.
      concurrentTasksPerWorker: 4,
      idleTimeout: 60_000,
      // Fewer scavenges, as for the signing threads (canonicalization makes much short-lived garbage).
      resourceLimits: { maxYoungGenerationSizeMb: 128 },
      // Bounded: beyond this many waiting tasks, callers are told to come back (429), not queued forever.
      maxQueue: 1024,
    });
  }

  /** How many proofs wait for a thread. */
  get queued(): number {
    return this.pool.queueSize;
  }

  /** Checks a Data Integrity proof on a thread. */
  async proof(task: VerifyTask): Promise<ProofOutcome> {
    return (await this.pool.run(task)) as ProofOutcome;
  }

  /** Reads the credential attached to a PDF, on a thread (pdf.js parses the whole file). */
  async pdfCredential(bytes: Uint8Array): Promise<PdfCredential> {
    return (await this.pool.run(bytes, { name: 'pdfCredential' })) as PdfCredential;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
