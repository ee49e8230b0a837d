import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pLimit, { type LimitFunction } from 'p-limit';
import { Piscina } from 'piscina';
import { AppConfig } from '@app/config';
import { CoreError, threadPoolFiles } from '@app/core';
import type { PdfCredential, PresentationTask, ProofOutcome, VerifyTask, VerifyWorkerData } from './verify-worker.js';

/**
 * The worker threads that check Data Integrity proofs (VERIFY_THREADS, by default one per core):
 * canonicalization runs there, so a burst of verifications never stalls the HTTP event loop.
 */
@Injectable()
export class VerifyPool implements OnApplicationShutdown {
  private readonly pool: Piscina<VerifyTask | PresentationTask | Uint8Array, ProofOutcome | PdfCredential>;
  /**
   * PDFs are read two a thread at most (a thread takes 32 proofs at once, but a PDF of up to
   * VERIFY_MAX_PDF_BYTES is parsed whole): the rest wait here, up to 64, beyond which 429.
   */
  private readonly pdfReads: LimitFunction;

  constructor(config: AppConfig) {
    const workerData: VerifyWorkerData = { publicBaseUrl: config.http.publicBaseUrl };
    this.pdfReads = pLimit(2 * config.verification.threads);
    this.pool = new Piscina({
      ...threadPoolFiles(
        new URL('./verify-worker.js', import.meta.url),
        ['default', 'pdfCredential', 'presentationProof'],
        workerData,
      ),
      minThreads: config.verification.threads,
      maxThreads: config.verification.threads,
      // Each thread holds up to 32 proofs at once. A thread is handed new proofs only when the main
      // thread's event loop gets to it, and that loop is busy with HTTP and the database; with a
      // shallow hand (4 a thread), the threads ran dry between hand-overs, and at concurrency 64
      // proofs waited in the main thread's queue: p99 112–149 ms. With 32 they take the proofs as
      // they come and run them side by side (each a chain of promises, so the thread shares itself
      // between them): p99 63–88 ms and a higher rate on the same machine (docs/verification.md#speed-and-freshness).
      concurrentTasksPerWorker: 32,
      idleTimeout: 60_000,
      // Fewer scavenges, as for the signing threads (canonicalization makes much short-lived garbage).
      resourceLimits: { maxYoungGenerationSizeMb: 128 },
      // Bounded: beyond this many waiting tasks, callers are told to come back (429), not queued forever.
      maxQueue: config.verification.maxQueue,
    });
  }

  /** How many proofs wait for a thread. */
  get queued(): number {
    return this.pool.queueSize;
  }

  /** Checks a Data Integrity proof on a thread. */
  async proof(task: VerifyTask): Promise<ProofOutcome> {
    return (await this.run(task)) as ProofOutcome;
  }

  /** Checks a presentation's own proof on a thread (its credentials are verified apart). */
  async presentationProof(task: PresentationTask): Promise<ProofOutcome> {
    return (await this.run(task, 'presentationProof')) as ProofOutcome;
  }

  /** Reads the credential attached to a PDF, on a thread (pdf.js parses the whole file). */
  async pdfCredential(bytes: Uint8Array): Promise<PdfCredential> {
    if (this.pdfReads.pendingCount >= 64) {
      throw new CoreError('rate_limited', 'Too many PDFs are waiting to be read; try again in a moment.');
    }
    return (await this.pdfReads(() => this.run(bytes, 'pdfCredential'))) as PdfCredential;
  }

  /** A task on a thread; with the queue full, the caller is told to come back (429), whoever asked. */
  private async run(task: VerifyTask | PresentationTask | Uint8Array, name?: string): Promise<ProofOutcome | PdfCredential> {
    try {
      return await this.pool.run(task, name === undefined ? undefined : { name });
    } catch (error) {
      if (/queue is at limit/i.test(String(error))) {
        throw new CoreError('rate_limited', 'Too many verifications are waiting; try again in a moment.');
      }
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
