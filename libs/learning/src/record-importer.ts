import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import type { Actor } from '@app/audit';
import { DomainError } from '@app/core';
import { CohortContext, type RecordInput, type RecordRequest } from './cohort-context.js';
import { RecordImport } from './entities/record-import.entity.js';
import { LearningError } from './learning-errors.js';
import { LearningEvents } from './learning-events.js';
import { LearningService } from './learning.service.js';
import { phraseOf, recordRefusal, type RecordPhrase } from './record-phrases.js';
import { RECORD_KINDS, type RecordKind } from './entities/learning-record.entity.js';

/** Columns of the records CSV. email, module and kind are required; the others as the kind needs. */
export const CSV_COLUMNS = ['email', 'module', 'kind', 'date', 'hours', 'score', 'evidence_url', 'note'] as const;
const REQUIRED_COLUMNS = ['email', 'module', 'kind'];
export const MAX_CSV_ROWS = 20_000;

export interface RowError {
  /** Line of the file (the header is line 1). */
  readonly line: number;
  /** Why, in English. */
  readonly reason: string;
  /** The same reason as a key and its values, for a reader in another language (the portal). */
  readonly phrase?: RecordPhrase;
}

export interface ImportReport {
  readonly importId: string | null;
  readonly sha256: string;
  readonly mode: 'all_or_nothing' | 'partial';
  readonly rows: number;
  readonly applied: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly eligible: number;
  readonly errors: readonly RowError[];
  /** This exact file was imported into this cohort before; nothing was changed now. */
  readonly alreadyImported: boolean;
}

export interface ImportOptions {
  readonly partial?: boolean;
  /** Called as rows are checked and written, for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Cells a spreadsheet would run as a formula (CSV injection). */
const FORMULA = /^[=+\-@\t\r]/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Imports a cohort's learning records from CSV: every row is checked; by default a file with a
 * bad row is refused whole (422, with a report naming each bad row and why); with `partial`, the
 * good rows are written and the bad ones reported. The same file imported again changes nothing.
 */
@Injectable()
export class RecordImporter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly learning: LearningService,
    private readonly events: LearningEvents,
  ) {}

  async import(actor: Actor, cohortId: string, file: Buffer, options: ImportOptions = {}): Promise<ImportReport> {
    const sha256 = createHash('sha256').update(file).digest('hex');
    const mode = options.partial ? 'partial' : 'all_or_nothing';
    const rows = parseCsv(file);
    const columnCount = rows.columnCount;

    const { report, eligible } = await this.dataSource.transaction(async (em) => {
      // The cohort's write lock first: an import running at the same moment (the same file, or an
      // overlapping one) has committed before this one checks anything.
      const context = await CohortContext.load(em, cohortId, actor);
      // The same file again: its report, unless some of its rows were refused then. Only those
      // rows (by line: the bytes are the same) are tried again, as their causes may be fixed (the
      // participant enrolled, the class created). The others were applied then, or were recorded
      // already: they count as unchanged and are never written again, whatever was corrected or
      // retracted since.
      const previous = await em.findOneBy(RecordImport, { cohortId, sha256 });
      const previousReport = previous?.report as ImportReport | undefined;
      if (previous && !(previousReport && previousReport.rejected > 0)) {
        return { report: { ...(previous.report as ImportReport), alreadyImported: true }, eligible: [] };
      }
      const retried = previousReport ? new Set(previousReport.errors.map((e) => e.line)) : undefined;
      const existing = await this.existingKeys(em, cohortId);

      const errors: RowError[] = [];
      const inputs: RecordInput[] = [];
      const seen = new Map<string, { line: number; value: string }>();
      let unchanged = 0;
      rows.forEach((row, index) => {
        if (retried && !retried.has(row.line)) {
          unchanged++;
          // Still a row of the file: a retried row that repeats it is refused as it was then.
          try {
            const input = context.resolve(toRequest(row.cells));
            seen.set(naturalKey(input), { line: row.line, value: valueOf(input) });
          } catch {
            // Its participant may have withdrawn since; it was applied then all the same.
          }
          return;
        }
        try {
          if (row.cellCount !== columnCount) {
            throw recordRefusal('csv_invalid', 'cellCount', { cells: row.cellCount, columns: columnCount });
          }
          const request = toRequest(row.cells);
          const input = context.resolve(request);
          const key = naturalKey(input);
          const first = seen.get(key);
          if (first !== undefined) {
            // The same person, kind and module (or class) twice in one file: one of them is a
            // mistake. The same values again is a repeat; other values, a conflict.
            throw first.value === valueOf(input)
              ? recordRefusal('csv_invalid', 'repeatsLine', { line: first.line })
              : recordRefusal('csv_invalid', 'otherValueInFile', {
                  line: first.line,
                  kind: input.kind,
                  of: input.kind === 'attendance' ? 'class' : 'module',
                });
          }
          seen.set(key, { line: row.line, value: valueOf(input) });
          const stored = existing.get(key);
          if (stored !== undefined) {
            if (stored === valueOf(input) || input.kind === 'module_completion' || input.kind === 'evidence') {
              unchanged++;
              return;
            }
            if (input.kind === 'attendance') {
              throw recordRefusal('csv_invalid', 'attendanceRecorded', { hours: stored });
            }
          }
          inputs.push(input);
        } catch (error) {
          // Any refusal of the domain (not a bug) becomes the row's reason.
          if (!(error instanceof DomainError)) throw error;
          const phrase = phraseOf(error);
          errors.push({ line: row.line, reason: error.message, ...(phrase ? { phrase } : {}) });
        }
        if (index % 500 === 0) options.onProgress?.(index, rows.length);
      });

      const partialReport = {
        sha256,
        mode,
        rows: rows.length,
        unchanged,
        rejected: errors.length,
        errors,
        alreadyImported: false,
      } as const;
      if (errors.length > 0 && !options.partial) {
        throw new LearningError(
          'csv_invalid',
          `${errors.length} of ${rows.length} rows are not valid; nothing was imported. Fix them, or import with partial=true to apply the valid rows.`,
          { report: { ...partialReport, importId: null, applied: 0, eligible: 0 } },
        );
      }
      const record =
        previous ?? (await em.save(em.create(RecordImport, { cohortId, sha256, importedBy: actor.accountId ?? '', report: {} })));
      const written = await this.learning.writeRecords(em, actor, context, inputs, record.id);
      const report: ImportReport = {
        ...partialReport,
        importId: record.id,
        applied: written.records.length,
        eligible: written.eligible.length,
      };
      await em.update(RecordImport, { id: record.id }, { report: report });
      options.onProgress?.(rows.length, rows.length);
      return { report, eligible: written.eligible };
    });
    this.events.publishEligible(eligible);
    return report;
  }

  /** Active records of the cohort by natural key, with their value (hours or score). */
  private async existingKeys(em: import('typeorm').EntityManager, cohortId: string): Promise<Map<string, string>> {
    const rows = await em.query<
      Array<{
        enrolment_id: string;
        kind: RecordKind;
        module_id: string;
        session_id: string | null;
        hours: string | null;
        score: string | null;
        evidence_url: string | null;
      }>
    >(
      // In force (neither corrected nor retracted), in the order eligibility reads attempts: by
      // when the first record of each chain of corrections was recorded (the last one wins).
      `with recursive chain as (
         select r.id, r.enrolment_id, r.kind, r.module_id, r.session_id, r.hours, r.score, r.evidence_url,
                r.supersedes_id as back, r.recorded_at as at
           from learning_records r join enrolments e on e.id = r.enrolment_id
          where e.cohort_id = $1 and r.kind <> 'retraction'
            and not exists (select 1 from learning_records s where s.supersedes_id = r.id)
         union all
         select c.id, c.enrolment_id, c.kind, c.module_id, c.session_id, c.hours, c.score, c.evidence_url,
                o.supersedes_id, o.recorded_at
           from chain c join learning_records o on o.id = c.back
       )
       select enrolment_id, kind, module_id, session_id, hours, score, evidence_url
         from chain group by id, enrolment_id, kind, module_id, session_id, hours, score, evidence_url
        order by min(at), id`,
      [cohortId],
    );
    const map = new Map<string, string>();
    for (const r of rows) {
      const input: RecordInput = {
        enrolmentId: r.enrolment_id,
        kind: r.kind,
        moduleId: r.module_id,
        sessionId: r.session_id,
        hours: r.hours === null ? null : Number(r.hours),
        score: r.score === null ? null : Number(r.score),
        evidenceUrl: r.evidence_url,
      };
      map.set(naturalKey(input), valueOf(input));
    }
    return map;
  }
}

/** What makes two records "the same fact" for re-imports and duplicate rows. */
function naturalKey(i: RecordInput): string {
  switch (i.kind) {
    case 'attendance':
      return `${i.enrolmentId}|attendance|${i.sessionId}`;
    case 'evidence':
      return `${i.enrolmentId}|evidence|${i.moduleId}|${i.evidenceUrl}`;
    default:
      return `${i.enrolmentId}|${i.kind}|${i.moduleId}`;
  }
}

function valueOf(i: RecordInput): string {
  return String(i.kind === 'attendance' ? i.hours : i.kind === 'assessment' ? i.score : '');
}

interface CsvRow {
  readonly line: number;
  readonly cellCount: number;
  readonly cells: Readonly<Record<string, string>>;
}

/** File-level checks (encoding, header, size); row values are checked one by one later. */
function parseCsv(file: Buffer): CsvRow[] & { columnCount: number } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    throw new LearningError('csv_invalid', 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.');
  }
  if (text.includes('\u0000'))
    throw new LearningError('csv_invalid', 'The file contains NUL characters: it is not a CSV text file.');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      // A row with too few or too many cells is reported as that row, not as the whole file.
      relax_column_count: true,
      // A quote inside an unquoted cell (=HYPERLINK("…")) is read as text, so the row is refused
      // for what it is (a formula), with its line, rather than the whole file as "not CSV".
      relax_quotes: true,
      trim: true,
      info: true,
    }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
  } catch (error) {
    throw new LearningError('csv_invalid', `The file is not valid CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new LearningError('csv_invalid', 'The file is empty.');
  if (records.length === 1) throw new LearningError('csv_invalid', 'The file has a header but no rows.');
  const header = records[0].record.map((h) => h.toLowerCase());
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (unknown.length || missing.length || repeated.length) {
    throw new LearningError(
      'csv_invalid',
      [
        missing.length ? `missing column(s): ${missing.join(', ')}` : '',
        unknown.length ? `unknown column(s): ${unknown.join(', ')}` : '',
        repeated.length ? `repeated column(s): ${repeated.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ') + `. The columns are: ${CSV_COLUMNS.join(', ')} (email, module and kind required).`,
    );
  }
  if (records.length - 1 > MAX_CSV_ROWS)
    throw new LearningError('csv_invalid', `The file has more than ${MAX_CSV_ROWS} rows; split it.`);
  const rows = records.slice(1).map(({ record, info }) => ({
    line: info.lines,
    cellCount: record.length,
    cells: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])),
  }));
  return Object.assign(rows, { columnCount: header.length });
}

function toRequest(cells: Readonly<Record<string, string>>): RecordRequest {
  for (const [column, value] of Object.entries(cells)) {
    if (FORMULA.test(value)) {
      throw recordRefusal('csv_invalid', 'formula', { column, first: value[0] });
    }
  }
  const kind = cells['kind'] ?? '';
  if (!(RECORD_KINDS as readonly string[]).includes(kind)) {
    throw recordRefusal('csv_invalid', 'kindUnknown', { kinds: RECORD_KINDS.join(', ') });
  }
  const email = cells['email'] ?? '';
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw recordRefusal('csv_invalid', 'emailInvalid');
  const number = (column: string, min: number, max: number): number | undefined => {
    const raw = cells[column];
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+(\.\d{1,2})?$/.test(raw)) throw recordRefusal('csv_invalid', 'numberInvalid', { column });
    const n = Number(raw);
    if (n < min || n > max) throw recordRefusal('csv_invalid', 'numberRange', { column, min, max });
    return n;
  };
  const date = cells['date'] || undefined;
  if (date !== undefined && (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))) {
    throw recordRefusal('csv_invalid', 'dateInvalid');
  }
  const evidenceUrl = cells['evidence_url'] || undefined;
  if (evidenceUrl !== undefined && (!URL.canParse(evidenceUrl) || !/^https?:$/.test(new URL(evidenceUrl).protocol))) {
    throw recordRefusal('csv_invalid', 'evidenceUrlInvalid');
  }
  const note = cells['note'] || undefined;
  if (note !== undefined && note.length > 500) throw recordRefusal('csv_invalid', 'noteTooLong');
  return {
    email,
    module: cells['module'] ?? '',
    kind: kind as RecordKind,
    date,
    hours: number('hours', 0, 24),
    score: number('score', 0, 100),
    evidenceUrl,
    note,
  };
}
