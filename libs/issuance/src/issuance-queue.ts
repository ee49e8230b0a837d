import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { DATABASE_SETTINGS, type ConnectionSettings } from '@app/persistence';

/** The queue of credentials to sign (one job per credential; its data is the credential id). */
export const ISSUE_QUEUE = 'credentials.issue';

export interface IssueJob {
  readonly credentialId: string;
}

/**
 * The durable job queue (pg-boss 10, in the service's PostgreSQL, schema `pgboss`, created by a
 * migration). Jobs are inserted with the caller's EntityManager, so a job exists if and only if
 * the transaction that made its credential committed. A job whose worker dies is retried once it
 * expires; the handler is idempotent (it signs only credentials still queued).
 */
/** pg-boss's executor over a TypeORM EntityManager: its SQL runs in that transaction. */
function executorOf(em: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      if (!em.queryRunner) throw new Error('Jobs are enqueued inside a transaction.');
      const result = await em.queryRunner.query(text, values, true);
      return { rows: result.records };
    },
  };
}

@Injectable()
export class IssuanceQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(IssuanceQueue.name);
  private readonly boss: PgBoss;
  private starting: Promise<PgBoss> | undefined;
  private readonly workers: string[] = [];

  constructor(
    @Inject(DATABASE_SETTINGS) private readonly settings: ConnectionSettings,
    private readonly config: AppConfig,
  ) {
    this.boss = new PgBoss({
      connectionString: this.settings.url,
      ssl: this.settings.ssl ? { rejectUnauthorized: false } : undefined,
      max: 4,
      application_name: 'ai-cft-credentials jobs',
      // The schema comes from a migration; pg-boss upgrades it itself on a later version.
      migrate: true,
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: this.config.jobs.maintenanceSeconds,
    });
    this.boss.on('error', (error: Error) => {
      // 57P01 (admin_shutdown): the database server is stopping (a Ctrl-C reaches the embedded
      // server too); pg-boss reconnects when it is back. Said plainly, without a stack.
      if ((error as { code?: unknown }).code === '57P01') {
        this.logger.warn('the database server is shutting down: the job queue lost its connection');
        return;
      }
      this.logger.error({ err: error }, 'job queue error');
    });
  }

  /** Inserts jobs in the caller's transaction. */
  async enqueue(em: EntityManager, credentialIds: readonly string[]): Promise<void> {
    if (credentialIds.length === 0) return;
    const { expireSeconds } = this.config.jobs;
    const jobs = credentialIds.map((credentialId) => ({
      name: ISSUE_QUEUE,
      data: { credentialId } satisfies IssueJob,
      // The credential id: the same credential is never queued twice.
      singletonKey: credentialId,
      expireInSeconds: expireSeconds,
      retryLimit: 10,
      retryDelay: 5,
      retryBackoff: true,
    }));
    await this.boss.insert(jobs, { db: executorOf(em) });
  }

  /** Starts consuming: `loops` concurrent fetch-and-handle loops of up to `batchSize` jobs. */
  async consume(loops: number, handler: (jobs: Array<PgBoss.Job<IssueJob>>) => Promise<void>): Promise<void> {
    const boss = await this.start();
    const { batchSize, pollingSeconds } = this.config.jobs;
    for (let i = 0; i < loops; i++) {
      let id = '';
      id = await boss.work<IssueJob>(ISSUE_QUEUE, { batchSize, pollingIntervalSeconds: pollingSeconds }, async (jobs) => {
        await handler(jobs);
        // pg-boss waits out the polling interval after each fetch; a full batch means more are
        // waiting, so the loop goes on at once.
        if (jobs.length >= batchSize) boss.notifyWorker(id);
      });
      this.workers.push(id);
    }
  }

  /** Wakes this process's consumers now (after a commit that queued credentials). */
  wake(): void {
    for (const id of this.workers) this.boss.notifyWorker(id);
  }

  /** Jobs of the queue by state, for health and tests. */
  async counts(): Promise<Record<string, number>> {
    const boss = await this.start();
    const result = await boss
      .getDb()
      .executeSql('select state, count(*)::int as n from pgboss.job where name = $1 group by state', [ISSUE_QUEUE]);
    const rows: unknown[] = result.rows;
    return Object.fromEntries((rows as Array<{ state: string; n: number }>).map((r) => [r.state, r.n]));
  }

  /** Starts the queue's own pool and maintenance (only consumers and readers need it). */
  private start(): Promise<PgBoss> {
    this.starting ??= this.boss.start();
    return this.starting;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.starting) return;
    const boss = await this.starting.catch(() => undefined);
    // Lets the batch in hand finish (its jobs complete), then closes the pool.
    await boss?.stop({ graceful: true, wait: true, timeout: 20_000 });
  }
}
