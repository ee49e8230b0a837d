import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { AppConfig } from '@app/config';
import { CoreError, DomainError } from '@app/core';
import { AccountsService } from '@app/identity';
import { LearningService, RecordImporter, type ImportReport } from '@app/learning';
import { withDomain } from './context.js';

export interface ImportCommandOptions {
  readonly cohort: string;
  readonly file: string;
  /** Email of the trainer the records are recorded by. */
  readonly as: string;
  readonly partial?: boolean;
}

/**
 * `records:import`: the same import as POST /cohorts/{id}/records/import, from the command line,
 * with a progress bar. Exit code 0 when the file was imported, 1 when rows were refused.
 */
export async function importRecords(config: AppConfig, options: ImportCommandOptions): Promise<number> {
  const file = readFileSync(options.file);
  return withDomain(config, async (app) => {
    const trainer = await app.get(AccountsService).findByEmail(options.as);
    if (!trainer) throw new CoreError('not_found', `There is no account ${options.as}.`);
    if (!(await app.get(LearningService).isTrainerOf(trainer.id, options.cohort))) {
      throw new CoreError('forbidden', `${options.as} is not a trainer of cohort ${options.cohort}.`);
    }
    const bar = new cliProgress.SingleBar(
      {
        format: 'importing [{bar}] {percentage}% | {value}/{total} rows',
        stream: process.stderr,
        noTTYOutput: true,
        notTTYSchedule: 1000,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    let report: ImportReport;
    try {
      report = await app
        .get(RecordImporter)
        .import({ accountId: trainer.id, requestId: `cli:${process.pid}` }, options.cohort, file, {
          partial: options.partial ?? false,
          onProgress: (done, total) => {
            if (!started) {
              bar.start(total, 0);
              started = true;
            }
            bar.update(done);
          },
        });
    } catch (error) {
      if (started) bar.stop();
      if (error instanceof DomainError && 'report' in error.extensions) {
        const refused = error.extensions['report'] as ImportReport;
        console.error(error.message);
        for (const e of refused.errors) console.error(`  line ${e.line}: ${e.reason}`);
        return 1;
      }
      throw error;
    }
    if (started) bar.stop();
    if (report.alreadyImported) console.log('This file was imported into this cohort before; nothing changed.');
    console.log(
      `${report.rows} rows: ${report.applied} applied, ${report.unchanged} unchanged, ${report.rejected} refused; ${report.eligible} participants became eligible.`,
    );
    for (const e of report.errors) console.log(`  line ${e.line}: ${e.reason}`);
    return report.rejected > 0 ? 1 : 0;
  });
}
