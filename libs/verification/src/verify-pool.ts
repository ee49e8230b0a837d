import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pLimit, { type LimitFunction } from 'p-limit';
import { Piscina } from 'piscina';
import { AppConfig } from '@app/config';
import { CoreError, threadPoolFiles } from '@app/core';
import { MessageChannel, type Transferable } from 'node:worker_threads';
import type {
  BatchOutcome,
  PdfCredential,
  ProofBatch,
  PresentationTask,
  ProofOutcome,
  VerifyTask,
  VerifyWorkerData,
} from './verify-worker.js';

/** How many proofs a thread holds at once (see VerifyPool.proof). */
const PROOFS_PER_THREAD = 32;

interface WaitingProof {
  readonly task: VerifyTask;
  readonly resolve: (outcome: ProofOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The worker threads that check Data Integrity proofs (VERIFY_THREADS, by default one per core):
 * canonicalization runs there, so a burst of verifications never stalls the HTTP event loop.
 */
@Injectable()
export class VerifyPool implements OnApplicationShutdown {
  private readonly pool: Piscina<ProofBatch | PresentationTask | Uint8Array, ProofOutcome | PdfCredential | undefined>;
  /**
   * PDFs are read two a thread at most (a thread takes 32 proofs at once, but a PDF of up to
   * VERIFY_MAX_PDF_BYTES is parsed whole): the rest wait here, up to 64, beyond which 429.
   */
  private readonly pdfReads: LimitFunction;

  /** Proofs not yet handed to a thread, in the order they came (at most `maxQueue`). */
  private readonly waiting: WaitingProof[] = [];
  /** Proofs on the threads, not yet answered (at most `threads` × PROOFS_PER_THREAD). */
  private inThreads = 0;
  private handOverScheduled = false;
  private closed = false;
  private readonly threads: number;
  private readonly maxQueue: number;

  constructor(config: AppConfig) {
    this.threads = config.verification.threads;
    this.maxQueue = config.verification.maxQueue;
    const workerData: VerifyWorkerData = { publicBaseUrl: config.http.publicBaseUrl };
    this.pdfReads = pLimit(2 * config.verification.threads);
    this.pool = new Piscina({
      ...threadPoolFiles(
        new URL('./verify-worker.js', import.meta.url),
        ['default', 'proofs', 'pdfCredential', 'presentationProof'],
        workerData,
      ),
      minThreads: config.verification.threads,
      maxThreads: config.verification.threads,
      // Proofs go to the threads in batches (see proof()), PROOFS_PER_THREAD a thread at most; a
      // PDF or a presentation is a task of its own beside them.
      concurrentTasksPerWorker: PROOFS_PER_THREAD,
      idleTimeout: 60_000,
      // Fewer scavenges, as for the signing threads (canonicalization makes much short-lived garbage).
      resourceLimits: { maxYoungGenerationSizeMb: 128 },
      // Bounded: beyond this many waiting tasks, callers are told to come back (429), not queued forever.
      maxQueue: config.verification.maxQueue,
    });
  }

  /**
   * What the threads have to do now, for /metrics: the proofs (and PDFs and presentations)
   * waiting for a thread, and the proofs on the threads, not yet answered.
   */
  get load(): { readonly waiting: number; readonly inThreads: number } {
    return { waiting: this.waiting.length + this.pool.queueSize, inThreads: this.inThreads };
  }

  /**
   * Checks a Data Integrity proof on a thread. The proofs asked for in one turn of the event loop
   * are handed over together, at its end, as one task a thread (the threads check each batch's
   * proofs side by side and answer them together): one message and one wake-up a thread where
   * each proof cost its own (piscina's postTask was 9% of the event loop's busy time on never-seen
   * credentials at concurrency 64, most of it in waking a thread; docs/verification.md). Each
   * thread holds up to PROOFS_PER_THREAD proofs at once. A thread is handed new proofs only when
   * the event loop gets to it; with a shallow hand (4 a thread) the threads ran dry between
   * hand-overs, and at concurrency 64 proofs waited in the main thread's queue: p99 112–149 ms,
   * against 63–88 ms with 32 (docs/verification.md#speed-and-freshness). Beyond the threads'
   * room and `maxQueue` proofs waiting, 429.
   */
  proof(task: VerifyTask): Promise<ProofOutcome> {
    if (this.closed) return Promise.reject(new Error('The verifying threads have stopped.'));
    const room = Math.max(0, this.threads * PROOFS_PER_THREAD - this.inThreads);
    if (this.waiting.length >= room + this.maxQueue) {
      return Promise.reject(new CoreError('rate_limited', 'Too many verifications are waiting; try again in a moment.'));
    }
    return new Promise<ProofOutcome>((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      this.scheduleHandOver();
    });
  }

  private scheduleHandOver(): void {
    if (this.handOverScheduled) return;
    this.handOverScheduled = true;
    // After the requests read in this turn have all asked (setImmediate runs once the turn's I/O
    // callbacks and their promises are done).
    setImmediate(() => this.handOver());
  }

  /**
   * Hands the waiting proofs to the threads, as many as they have room for, one batch a thread.
   * Each batch's answers come back on a port of its own as they are ready (the thread sends those
   * ready at the end of each of its turns, so a slow proof does not hold the others of its batch).
   */
  private handOver(): void {
    this.handOverScheduled = false;
    const room = this.threads * PROOFS_PER_THREAD - this.inThreads;
    if (this.closed || room <= 0 || this.waiting.length === 0) return;
    const taken = this.waiting.splice(0, room);
    this.inThreads += taken.length;
    const size = Math.ceil(taken.length / Math.min(this.threads, taken.length));
    for (let i = 0; i < taken.length; i += size) this.sendBatch(taken.slice(i, i + size));
  }

  private sendBatch(batch: WaitingProof[]): void {
    const { port1, port2 } = new MessageChannel();
    const open = new Set(batch.keys());
    const settle = (j: number, settleOne: (p: WaitingProof) => void): void => {
      if (!open.delete(j)) return;
      this.inThreads--;
      settleOne(batch[j]);
      if (open.size === 0) port1.close();
    };
    port1.on('message', (answers: ReadonlyArray<readonly [number, BatchOutcome]>) => {
      for (const [j, outcome] of answers) {
        settle(j, (p) => ('failure' in outcome ? p.reject(new Error(outcome.failure)) : p.resolve(outcome)));
      }
      if (this.waiting.length > 0) this.scheduleHandOver();
    });
    const task: ProofBatch = { tasks: batch.map((p) => p.task), port: port2 };
    this.run(task, 'proofs', [port2]).then(
      // Every answer was sent on the port before the task ended; they arrive there.
      () => undefined,
      (error: unknown) => {
        // The thread failed (or the pool stopped): the proofs still open fail with it.
        for (const j of [...open]) settle(j, (p) => p.reject(error));
        port1.close();
        if (this.waiting.length > 0) this.scheduleHandOver();
      },
    );
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
  private async run(
    task: ProofBatch | PresentationTask | Uint8Array,
    name: string,
    transferList?: Transferable[],
  ): Promise<ProofOutcome | PdfCredential | undefined> {
    try {
      return await this.pool.run(task, { name, ...(transferList ? { transferList } : {}) });
    } catch (error) {
      if (/queue is at limit/i.test(String(error))) {
        throw new CoreError('rate_limited', 'Too many verifications are waiting; try again in a moment.');
      }
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Proofs not yet handed over fail now, and none is taken after; those on the threads fail
    // with the threads (piscina rejects their tasks).
    this.closed = true;
    for (const p of this.waiting.splice(0)) p.reject(new Error('The verifying threads have stopped.'));
    await this.pool.destroy();
  }
}
