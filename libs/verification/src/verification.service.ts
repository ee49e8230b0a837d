import { hash } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Clock, CoreError, FactsChanged } from '@app/core';
import { checkOpenBadgeSchema, extensionContext, extensionContextUrl } from '@app/credentials';
import { credentialIdOf, credentialUrl, type CredentialState } from '@app/issuance';
import { preparedQuery } from '@app/persistence';
import { createDocumentLoader, errorMessages, verifyJwtCredential, type DocumentLoader } from '@app/signing';
import { rememberDecodedStatusLists } from './decoded-status-lists.js';
import { checkShape, parseCredentialInput, type CredentialInput } from './credential-input.js';
import { IssuerDirectory, type IssuerInfo } from './issuer-directory.js';
import { StatusReader } from './status-reader.js';
import { checkReport } from './check-details.js';
import { PROBLEM_TYPES, outcomeOf, type CheckReport, type Outcome, type ProblemDetail } from './verification-report.js';
import { schemaProblemsOf } from './schema-problems.js';
import { VerifyPool } from './verify-pool.js';
import type { ProofOutcome } from './verify-worker.js';

/** Where this service's own record puts a credential it issued. */
export interface RegistryEntry {
  readonly state: CredentialState;
  readonly reason: string | null;
  readonly changedAt: string;
  readonly replacedBy: string | null;
}

/** One status entry and what its list says. */
export interface StatusCheck {
  readonly purpose: string;
  readonly statusListCredential: string;
  readonly index: number;
  /** True when the bit is set: revoked (or suspended). */
  readonly set: boolean;
}

/**
 * The answer to "is this credential good?": the VC-API shape (`verified`, `checks`, `warnings`,
 * `errors` as problem details) and, for people and richer clients, the outcome at a glance, each
 * check with its result, the issuer as this service knows it, and the credential itself.
 */
export interface VerificationReport {
  readonly verified: boolean;
  readonly outcome: Outcome;
  /** The checks that passed (VC-API). */
  readonly checks: string[];
  readonly warnings: ProblemDetail[];
  readonly errors: ProblemDetail[];
  readonly results: CheckReport[];
  readonly format: 'ldp' | 'vc+jwt' | 'ob3-jwt';
  /**
   * `valid` (its status entries were read and none is set), `revoked`, `suspended`, `none` (it
   * carries no status entry, so nothing can say it was withdrawn), or `unknown` (not checked, or
   * not readable).
   */
  readonly status: 'valid' | 'revoked' | 'suspended' | 'none' | 'unknown';
  readonly statusChecks: StatusCheck[];
  readonly issuer: IssuerInfo | null;
  readonly registry?: RegistryEntry;
  /**
   * The credential verified (none for a JWT that does not verify). Not enumerable: JSON, spreads
   * and structuredClone leave it out; read it from the report itself.
   */
  readonly credential?: Record<string, unknown>;
}

/** What the database says of a signing key of this service. */
interface KeyFact {
  readonly status: string;
  readonly compromisedAt: string | null;
  readonly reason: string | null;
}

/** What one request asks of the facts' read. */
interface FactsKey {
  readonly verificationMethod: string;
  readonly recordId: string | null;
  readonly listIds: readonly string[];
  /**
   * The SHA-256 of the credential's JSON text, to compare with the stored document's
   * (`documentDigest`); null: not compared.
   */
  readonly digest: string | null;
}

/** One row of the facts' read (readFacts). */
interface FactsRow {
  key: KeyFact | null;
  record: {
    id: string;
    state: CredentialState;
    reason: string | null;
    changedAt: string;
    replacedById: string | null;
    organisationId: string;
  } | null;
  lists: Record<string, number> | null;
  /** The digests are the same; null: no record, or one signed before its digest was kept. */
  same: boolean | null;
}

interface Facts {
  readonly key: KeyFact | null;
  readonly record: RegistryEntry | undefined;
  /** The organisation the record belongs to (its answer is told only of that organisation's credential). */
  readonly recordOrganisationId?: string;
  readonly lists: Map<string, number>;
  /**
   * True when the credential given to compare is, byte for byte, the document this service signed
   * and holds (its digest is the stored one); undefined otherwise (the document is then compared
   * in content, isStoredDocument).
   */
  readonly stored?: true;
}

/** What the expensive part concluded, remembered by the credential's digest. */
interface ProofFinding {
  readonly verified: boolean;
  readonly errors: string[];
  readonly profile?: 'vc+jwt' | 'ob3';
  readonly kid?: string;
  /** For a JWT: the credential it carries. */
  readonly credential?: Record<string, unknown>;
  readonly schemaProblems: string[] | null;
  /** The credential is the very document this service signed and holds (no canonicalization needed). */
  readonly registryMatch?: boolean;
  /** A vc+jwt's registered claims `nbf` and `exp` (seconds): they bound the dates as well. */
  readonly claims?: { readonly nbf?: number; readonly exp?: number };
}

/**
 * A report's credential, as a property that JSON and spreads leave out (not enumerable): the
 * VC-API's answers do not carry it, the web page shows it.
 */
function withCredential(report: VerificationReport, credential: Json): VerificationReport {
  return Object.defineProperty(report, 'credential', { value: credential, enumerable: false });
}

/**
 * The same, read from the credential's JSON text when first asked for. A report is kept for the
 * report window (and in the report cache until evicted): holding the text, one string, instead
 * of the parsed credential (some hundreds of small objects) keeps the event loop's garbage
 * collections short, as each kept report is copied by the young generation's collector and then
 * lives in the old one. A module-level function, so that the getter holds nothing but the text.
 */
function withCredentialText(report: VerificationReport, text: string): VerificationReport {
  let credential: Json | undefined;
  return Object.defineProperty(report, 'credential', {
    get: () => (credential ??= JSON.parse(text) as Json),
    enumerable: false,
  });
}

/** The names VC-API clients know for the checks (`checks` lists those that passed). */
const VC_API_CHECK: Record<CheckReport['name'], string> = {
  signature: 'proof',
  issuer: 'issuer',
  schema: 'schema',
  dates: 'expiration',
  status: 'credentialStatus',
};

/** The latest (and, negated, the earliest) instant an ECMAScript Date can hold, in ms. */
const MAX_DATE_MS = 8.64e15;

/** Verification dates tolerate this much clock difference between issuer and verifier. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const issuerIdOf = (credential: Json): string | undefined => {
  const issuer = credential['issuer'];
  const id = typeof issuer === 'string' ? issuer : obj(issuer)['id'];
  return typeof id === 'string' ? id : undefined;
};
const didOf = (url: string): string => url.split('#', 1)[0] ?? url;
// One-shot hashing (no Hash object per call): a cached verification's body is hashed on every request.
const sha256 = (data: string | Buffer): string => hash('sha256', data, 'base64url');

/**
 * A credential's cache key (its digest), about how much memory a report of it holds, and the
 * text digested (a JSON-LD credential's JSON, handed to a verifying thread as it is).
 */
function keyOf(input: CredentialInput): { key: string; size: number; text: string } {
  const text = input.format === 'ldp' ? JSON.stringify(input.credential) : input.jwt;
  // Counted in the report cache: the credential's text (two bytes a character), the report's own
  // objects (about 4 KB) and the VC-API's answer text kept for it (about 2 KB, held-answers.ts).
  return { key: `${input.format === 'ldp' ? 'ldp' : 'jwt'}:${sha256(text)}`, size: 2 * text.length + 6144, text };
}

/** A request body as received, by the endpoint it was sent to (the same bytes sent elsewhere mean something else). */
export interface RequestBody {
  readonly endpoint: string;
  readonly bytes: Buffer;
}

/** Each body's key, made once (the parser and the controller both ask for it). */
const requestKeys = new WeakMap<Buffer, string>();

function requestKeyOf(request: RequestBody): string {
  let key = requestKeys.get(request.bytes);
  if (key === undefined) {
    key = `request:${request.endpoint}:${sha256(request.bytes)}`;
    requestKeys.set(request.bytes, key);
  }
  return key;
}

/** Memory the report cache may hold (the window bounds it further: entries live that long). */
const REPORT_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Verifies credentials for anyone: the public web page, the VC-API and the PDF upload share it.
 * Checks signature (on worker threads), issuer binding and trust, the Open Badges schema,
 * validity dates and status. Only what the service holds is used: bundled contexts, did:key,
 * its own and configured issuers, its own status lists. A proof result is remembered by the
 * credential's SHA-256 (it cannot change); status, key compromise and the registry are read
 * afresh, or reused within VERIFY_REPORT_WINDOW_MS (see verify).
 */
@Injectable()
export class VerificationService implements OnApplicationBootstrap {
  private readonly baseUrl: string;
  private readonly maxCredentialBytes: number;
  private readonly proofs: LRUCache<string, Promise<ProofFinding>> | undefined;
  private readonly reports: LRUCache<string, { generation: number; report: VerificationReport }> | undefined;
  /** A signing key's facts (compromised or not), by verification method, for as long as a report lives. */
  private readonly keyFacts: LRUCache<string, { generation: number; key: Promise<KeyFact | null> }> | undefined;
  private readonly loader: DocumentLoader = createDocumentLoader();
  private readonly factsLoader: DataLoader<FactsKey, FactsRow | undefined>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: IssuerDirectory,
    private readonly statusReader: StatusReader,
    private readonly pool: VerifyPool,
    private readonly clock: Clock,
    private readonly facts: FactsChanged,
    config: AppConfig,
  ) {
    rememberDecodedStatusLists();
    this.baseUrl = config.http.publicBaseUrl;
    this.maxCredentialBytes = config.verification.maxCredentialBytes;
    this.proofs = config.verification.cacheEntries > 0 ? new LRUCache({ max: config.verification.cacheEntries }) : undefined;
    this.reports =
      config.verification.reportWindowMs > 0
        ? new LRUCache({ maxSize: REPORT_CACHE_BYTES, ttl: config.verification.reportWindowMs })
        : undefined;
    this.keyFacts =
      config.verification.reportWindowMs > 0 ? new LRUCache({ max: 10_000, ttl: config.verification.reportWindowMs }) : undefined;
    this.factsLoader = new DataLoader((keys) => this.factsBatch(keys), {
      // Never remembered: facts are read fresh for every report.
      cache: false,
      maxBatchSize: 256,
      // The requests a turn of the event loop reads from their sockets ask in the same batch.
      batchScheduleFn: (callback) => setImmediate(callback),
    });
  }

  /** Reads what a caller sent (object, JWT, or text holding either); malformed input is a 400. */
  parse(value: unknown): CredentialInput {
    return parseCredentialInput(value, this.maxCredentialBytes);
  }

  /** The credential attached to a PDF certificate (credential.json, else credential.jwt). */
  async parsePdf(bytes: Uint8Array): Promise<CredentialInput> {
    if (!bytes.subarray(0, 1024).toString().includes('%PDF-')) {
      throw new CoreError('malformed_request', 'The file is not a PDF.');
    }
    const found = await this.pool.pdfCredential(bytes);
    if (found.error) throw new CoreError('malformed_request', found.error);
    const text = found.json ?? found.jwt;
    if (text === undefined) {
      throw new CoreError(
        'malformed_request',
        'This PDF carries no credential: a certificate from this service has credential.json attached.',
      );
    }
    return this.parse(text);
  }

  /**
   * The OB 3.0 schema is compiled while the service starts (about 150 ms), not during the first
   * verification that needs it.
   */
  onApplicationBootstrap(): void {
    checkOpenBadgeSchema({});
  }

  /**
   * Verifies a credential. The same credential's report is given again for a short window
   * (VERIFY_REPORT_WINDOW_MS), unless a status change or key compromise was made in this process
   * since it was worked out; otherwise every report reads status, key and registry afresh.
   *
   * A report is kept from a credential's second verification on: the first leaves its proof's
   * finding (the proof cache), and the report of a credential seen once is not kept. Kept for
   * every never-seen credential, reports that were never asked for again outlived several of the
   * event loop's young-generation collections, each of which copied them: with them, those
   * collections took twice as long, up to 42 ms at a time (docs/verification.md).
   */
  async verify(input: CredentialInput, request?: RequestBody): Promise<VerificationReport> {
    const { key, size, text } = keyOf(input);
    if (!this.reports) return this.freshReport(input, key, text);
    const generation = this.facts.generation;
    const cached = this.reports.get(key);
    let report: VerificationReport;
    if (cached && cached.generation === generation) {
      report = cached.report;
    } else {
      // Without a proof cache, every report is kept.
      const seenBefore = this.proofs ? this.proofs.has(key) : true;
      report = await this.freshReport(input, key, text);
      // Facts that changed while this report was worked out may not be in it: it is not kept.
      if (!seenBefore || this.facts.generation !== generation) return report;
      this.reports.set(key, { generation, report }, { size });
    }
    if (request) this.reports.set(requestKeyOf(request), { generation, report }, { size: request.bytes.length + 512 });
    return report;
  }

  /**
   * The report made within the window from a request body of exactly these bytes (the VC-API
   * keeps one per body it answered): the same bytes hold the same credential, so it is given
   * without reading the body again. Undefined when there is none, or facts changed since.
   */
  heldReport(request: RequestBody): VerificationReport | undefined {
    const held = this.reports?.get(requestKeyOf(request));
    return held && held.generation === this.facts.generation ? held.report : undefined;
  }

  /** What the database says of a credential's issuer, signing key, record and status lists (read now). */
  /** `digest`: the credential's digest, to compare with the stored document's (undefined: not compared). */
  private async factsOf(credential: Record<string, unknown>, method: string | undefined, digest?: string) {
    const issuerId = issuerIdOf(credential);
    const statusEntries = arr(credential['credentialStatus']).map(obj);
    const listIds = statusEntries.map((e) => this.statusReader.listIdOf(e['statusListCredential']));
    const id = credential['id'];
    // This service's URL names its record; a credential issued through the API with its client's
    // own id (one of this service's status lists says it may be ours) is found by that id.
    const recordId =
      credentialIdOf(this.baseUrl, id) ??
      (typeof id === 'string' && listIds.some((l) => l !== undefined) ? await this.recordIdOfExternal(id) : undefined);
    const [issuer, fresh] = await Promise.all([
      issuerId ? this.directory.describe(issuerId) : Promise.resolve(null),
      this.freshFacts(
        method ?? '',
        recordId,
        listIds.filter((id): id is string => id !== undefined),
        digest,
      ),
    ]);
    return { issuerId, method, statusEntries, listIds, issuer, fresh, recordId };
  }

  private async recordIdOfExternal(id: string): Promise<string | undefined> {
    try {
      const [row] = await this.dataSource.query<Array<{ id: string }>>(
        'select id from credentials where external_id = $1 limit 1',
        [id],
      );
      return row?.id;
    } catch {
      // Text PostgreSQL cannot hold (a NUL character) names no record.
      return undefined;
    }
  }

  /** `text`: the credential's JSON (a JSON-LD credential) or the JWT, as keyOf() digested it. */
  private async freshReport(input: CredentialInput, key: string, text: string): Promise<VerificationReport> {
    // A JSON-LD credential names its issuer, key and status lists before its proof is checked:
    // those facts are read from the database while a thread checks the proof.
    // A credential this service may have issued is compared with the stored document in that same
    // read, by digest (unless its proof's finding is already remembered): the key's digest is that
    // of the credential's JSON text, as the stored one is of the text this service gives out.
    const compare = input.format === 'ldp' && !this.proofs?.has(key);
    const early =
      input.format === 'ldp'
        ? this.factsOf(input.credential, proofMethodOf(input.credential), compare ? key.slice(key.indexOf(':') + 1) : undefined)
        : null;
    early?.catch(() => undefined);
    // Asked only by a proof that is checked: not the stored document's digest, it is compared in
    // content (the same members in another order, say), when it names a record.
    const stored =
      compare && early
        ? async () => {
            const facts = await early;
            return facts.fresh.stored ?? (facts.recordId !== undefined && (await this.isStoredDocument(facts.recordId, text)));
          }
        : undefined;
    const finding = await this.proofFinding(input, key, text, stored);
    const credential = input.format === 'ldp' ? input.credential : finding.credential;
    const format = input.format === 'ldp' ? 'ldp' : finding.profile === 'ob3' ? 'ob3-jwt' : 'vc+jwt';
    if (!credential) {
      const detail = finding.errors[0] ?? 'The JWT does not verify.';
      return {
        verified: false,
        outcome: 'not_valid',
        checks: [],
        warnings: [],
        errors: [problem(PROBLEM_TYPES.proof, 'Signature', detail)],
        results: [checkReport('signature', 'failed', 'signature.fails', { reason: detail })],
        format,
        status: 'unknown',
        statusChecks: [],
        issuer: null,
      };
    }
    const { issuerId, method, statusEntries, listIds, issuer, fresh } = await (early ?? this.factsOf(credential, finding.kid));

    const results: CheckReport[] = [];
    const errors: ProblemDetail[] = [];
    const warnings: ProblemDetail[] = [];

    // Signature.
    if (finding.verified) {
      results.push(checkReport('signature', 'passed', finding.registryMatch ? 'signature.held' : 'signature.verifies'));
    } else {
      const check = checkReport('signature', 'failed', 'signature.fails', { reason: finding.errors.join(' ') });
      results.push(check);
      errors.push(problem(PROBLEM_TYPES.proof, 'Signature', check.detail));
    }

    // Issuer: the signing key belongs to the issuer, is not compromised, and who the issuer is.
    const issuerCheck = this.issuerCheck(issuerId, method, issuer, fresh.key);
    results.push(issuerCheck);
    if (issuerCheck.result === 'failed') errors.push(problem(PROBLEM_TYPES.verificationMethod, 'Issuer', issuerCheck.detail));
    if (issuerCheck.result === 'warning')
      warnings.push(problem(this.problemType('unknown-issuer'), 'Issuer', issuerCheck.detail));

    // Schema (Open Badges 3.0 credentials).
    if (finding.schemaProblems === null) {
      results.push(checkReport('schema', 'not_applicable', 'schema.not_open_badge'));
    } else if (finding.schemaProblems.length === 0) {
      results.push(checkReport('schema', 'passed', 'schema.follows'));
    } else {
      const check = checkReport('schema', 'failed', 'schema.does_not_follow', {
        problems: finding.schemaProblems.slice(0, 3).join('; '),
      });
      results.push(check);
      errors.push(problem(PROBLEM_TYPES.malformedValue, 'Schema', check.detail));
    }

    // Dates.
    const dates = this.datesCheck(credential, finding.claims);
    results.push(dates);
    if (dates.result === 'failed')
      errors.push(problem(this.problemType(dates.code === 'dates.expired' ? 'expired' : 'not-yet-valid'), 'Dates', dates.detail));

    // Status (only meaningful for a credential whose proof holds).
    let statusChecks: StatusCheck[] = [];
    let set: 'set-revocation' | 'set-suspension' | null = null;
    // This service's record of the credential is told only of a credential that is this
    // service's own: its proof holds and binds it to one of this service's issuers (a credential
    // that merely names a record's URL as its id learns nothing of that record).
    // The record must also be the issuing organisation's: another organisation's credential that
    // takes a record's URL as its id learns nothing of it either.
    const registry =
      finding.verified &&
      issuerCheck.result === 'passed' &&
      issuer?.known === 'this-service' &&
      issuer.organisationId !== undefined &&
      fresh.recordOrganisationId === issuer.organisationId
        ? fresh.record
        : undefined;
    if (statusEntries.length === 0) {
      results.push(checkReport('status', 'not_applicable', 'status.none'));
      warnings.push(
        problem(this.problemType('no-status'), 'Status', 'The credential carries no status entry: it cannot be revoked.'),
      );
    } else if (!finding.verified) {
      results.push(checkReport('status', 'unknown', 'status.not_checked'));
    } else {
      const status = await this.statusOf(credential, listIds, fresh.lists);
      statusChecks = status.checks;
      if (status.error) {
        const check = checkReport('status', 'unknown', 'status.unknown', { reason: status.error });
        results.push(check);
        errors.push(problem(PROBLEM_TYPES.statusRetrieval, 'Status', check.detail));
      } else {
        const revoked =
          statusChecks.some((c) => c.set && c.purpose === 'revocation') ||
          (statusChecks.some((c) => c.set) && registry?.state === 'revoked');
        const suspended = statusChecks.some((c) => c.set && c.purpose === 'suspension');
        const given = registry?.reason ? { reason: registry.reason } : {};
        const reason = registry?.reason ? `: ${registry.reason}` : '.';
        if (revoked) {
          set = 'set-revocation';
          results.push(checkReport('status', 'failed', 'status.revoked', given));
          errors.push(problem(this.problemType('revoked'), 'Status', `The credential has been revoked${reason}`));
        } else if (suspended) {
          set = 'set-suspension';
          results.push(checkReport('status', 'failed', 'status.suspended', given));
          errors.push(problem(this.problemType('suspended'), 'Status', `The credential is suspended${reason}`));
        } else {
          results.push(checkReport('status', 'passed', 'status.clear'));
        }
      }
    }

    const outcome = outcomeOf(results, set);
    const statusResult = results.find((r) => r.name === 'status')?.result;
    const statusNone = statusResult === 'not_applicable' && finding.verified;
    const report: VerificationReport = {
      verified: outcome === 'valid',
      outcome,
      checks: results.filter((r) => r.result === 'passed' || r.result === 'warning').map((r) => VC_API_CHECK[r.name]),
      warnings,
      errors,
      results,
      format,
      status:
        set === 'set-revocation'
          ? 'revoked'
          : set === 'set-suspension'
            ? 'suspended'
            : statusResult === 'passed'
              ? 'valid'
              : statusNone
                ? 'none'
                : 'unknown',
      statusChecks,
      issuer,
      ...(registry ? { registry } : {}),
    };
    return input.format === 'ldp' ? withCredentialText(report, text) : withCredential(report, credential);
  }

  /**
   * A presentation: its proof (unless unsigned and allowed), challenge and domain when given,
   * and each credential in it, with its own report.
   */
  async verifyPresentation(
    presentation: Record<string, unknown>,
    options: { challenge?: string; domain?: string; unsignedPresentation?: boolean } = {},
  ): Promise<{
    verified: boolean;
    checks: string[];
    warnings: ProblemDetail[];
    errors: ProblemDetail[];
    credentialResults: Array<VerificationReport | { verified: false; errors: ProblemDetail[] }>;
  }> {
    checkShape(presentation);
    const errors: ProblemDetail[] = [];
    const checks: string[] = [];
    const raw = presentation['verifiableCredential'];
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (list.length > 50)
      throw new CoreError('malformed_request', 'A presentation of more than 50 credentials is not verified here.');
    const signed = presentation['proof'] !== undefined;
    let holderDid: string | undefined;
    if (!signed && !options.unsignedPresentation) {
      errors.push(
        problem(
          PROBLEM_TYPES.proof,
          'Presentation',
          'The presentation has no proof (send options.unsignedPresentation to accept that).',
        ),
      );
    } else if (signed) {
      for (const m of await this.presentationProofErrors(presentation, options)) {
        errors.push(problem(PROBLEM_TYPES.proof, 'Presentation', m));
      }
      if (errors.length === 0) {
        checks.push('proof');
        // The proof holds, and was made with a key of the holder it names (or of the DID of its key).
        holderDid = didOf(String(obj(arr(presentation['proof'])[0])['verificationMethod']));
      }
    }
    const credentialResults: Array<VerificationReport | { verified: false; errors: ProblemDetail[] }> = [];
    for (const item of list) {
      try {
        credentialResults.push(await this.verify(this.parse(item)));
      } catch (error) {
        if (!(error instanceof CoreError)) throw error;
        credentialResults.push({ verified: false, errors: [problem(PROBLEM_TYPES.malformedValue, 'Credential', error.message)] });
      }
    }
    credentialResults.forEach((r, i) => {
      if (!r.verified) {
        const why = r.errors.map((e) => e.detail).join(' ') || ('outcome' in r ? `it is ${r.outcome}` : 'it does not verify');
        errors.push(problem(PROBLEM_TYPES.proof, `Credential ${i + 1}`, `Credential ${i + 1}: ${why}`));
      }
    });
    if (credentialResults.length && credentialResults.every((r) => r.verified)) checks.push('credentials');
    // Holder binding: whether the one who signed the presentation is the one each credential is
    // about (its subject's id). The VC data model leaves it to the verifier; an employer wants to
    // know, so it is a check when it holds and a warning for each credential where it does not.
    const warnings: ProblemDetail[] = [];
    // (The VC data model names no error type for this: the service's own, as for its other problems.)
    const holderNotSubject = `${this.baseUrl}/problems/holder-not-subject`;
    if (credentialResults.length && holderDid) {
      const unbound = credentialResults.flatMap((r, i) =>
        // Only a credential that verifies can bind: the claims of one that does not are not its issuer's.
        r.verified && 'credential' in r && r.credential && subjectIdsOf(r.credential).includes(holderDid) ? [] : [i + 1],
      );
      if (unbound.length === 0) checks.push('holderBinding');
      for (const i of unbound) {
        warnings.push(
          problem(
            holderNotSubject,
            `Credential ${i}`,
            credentialResults[i - 1]?.verified
              ? `Credential ${i} is not about the presentation's holder (${holderDid}): its subject has another id or none, so the presentation does not show that the credential is the holder's.`
              : `Credential ${i} does not verify, so what it says of its subject does not show that it is the holder's.`,
          ),
        );
      }
    } else if (credentialResults.length) {
      warnings.push(
        problem(
          holderNotSubject,
          'Presentation',
          'The presentation is not signed by a holder: nothing shows that whoever presents the credentials is the person they are about.',
        ),
      );
    }
    return { verified: errors.length === 0, checks, warnings, errors, credentialResults };
  }

  /**
   * Why a signed presentation's own proof does not hold (none: it holds). It is checked on a
   * verifying thread, with the challenge (and domain) the verifier gave its holder; the key must
   * be the holder's when a holder is named. The credentials in it are verified apart.
   */
  private async presentationProofErrors(
    presentation: Record<string, unknown>,
    options: { challenge?: string; domain?: string },
  ): Promise<string[]> {
    if (options.challenge === undefined) {
      return ['A signed presentation is checked against the challenge its holder was given: send it as options.challenge.'];
    }
    const proofs = arr(presentation['proof']);
    if (proofs.length !== 1) return [`The presentation carries ${proofs.length} proofs; one is verified here.`];
    const method = obj(proofs[0])['verificationMethod'];
    if (typeof method !== 'string') return ["The presentation's proof names no verification method."];
    const holder = presentation['holder'];
    const holderId = typeof holder === 'string' ? holder : obj(holder)['id'];
    if (holderId !== undefined && (typeof holderId !== 'string' || didOf(method) !== holderId)) {
      return ["The presentation is signed with a key that is not its holder's."];
    }
    const did = didOf(method);
    if (!(await this.directory.resolvable(did))) return [unresolvable(did)];
    const document = await this.directory.didDocument(did, method);
    const outcome = await this.pool.presentationProof({
      presentation,
      documents: document ? [[did, document]] : [],
      challenge: options.challenge,
      ...(options.domain !== undefined ? { domain: options.domain } : {}),
    });
    return outcome.verified ? [] : outcome.errors.length ? outcome.errors : ['The presentation does not verify.'];
  }

  /** The document loader the service verifies with (for tests and the stock comparison). */
  documentLoader(): DocumentLoader {
    return async (url) => {
      const listId = this.statusReader.listIdOf(url);
      if (listId) {
        const revision = (await this.statusReader.revisions([listId])).get(listId);
        const read = revision === undefined ? undefined : await this.statusReader.read(listId, revision);
        if (read?.ok) return { contextUrl: null, documentUrl: url, document: read.credential };
      }
      const did = didOf(url);
      const document = url.startsWith('did:web:') ? await this.directory.didDocument(did) : undefined;
      return createDocumentLoader({
        contexts: new Map([[extensionContextUrl(this.baseUrl), extensionContext()]]),
        documents: document ? new Map([[did, document]]) : new Map(),
      })(url);
    };
  }

  // ---- The parts ------------------------------------------------------------------------------

  private proofFinding(
    input: CredentialInput,
    key: string,
    text: string,
    stored?: () => Promise<boolean>,
  ): Promise<ProofFinding> {
    const cached = this.proofs?.get(key);
    if (cached) return cached;
    const finding = input.format === 'ldp' ? this.ldpFinding(input.credential, text, stored) : this.jwtFinding(input.jwt);
    this.proofs?.set(key, finding);
    // A failure of ours (not a verdict) is not remembered.
    finding.catch(() => this.proofs?.delete(key));
    return finding;
  }

  /**
   * `json`: the credential's JSON text (JSON.stringify of `credential`); `stored`: asks whether it
   * is the document this service signed and stored (freshReport), only when the proof is checked.
   */
  private async ldpFinding(credential: Json, json: string, stored?: () => Promise<boolean>): Promise<ProofFinding> {
    // One proof: a proof set verifies when any one of its proofs does, and the key this service
    // checks (compromise, issuer binding) must be the key that signed.
    const proofs = arr(credential['proof']).length;
    if (proofs > 1) {
      return {
        verified: false,
        errors: [`The credential carries ${proofs} proofs; this service verifies credentials that carry one.`],
        schemaProblems: schemaProblemsOf(credential),
      };
    }
    const method = proofMethodOf(credential);
    if (!method) {
      return {
        verified: false,
        errors: ['The proof names no verification method.'],
        schemaProblems: schemaProblemsOf(credential),
      };
    }
    // One of this service's own credentials, exactly as it signed and stored it (proof included):
    // its proof verifies, as it did when it was made, without canonicalizing it again. Any
    // difference at all, and the proof is checked in full like any other. (Whether the signing
    // key has since been compromised is checked apart, afresh.)
    if (stored && (await stored())) {
      return { verified: true, errors: [], schemaProblems: schemaProblemsOf(credential), registryMatch: true };
    }
    const did = didOf(method);
    if (!(await this.directory.resolvable(did))) {
      return { verified: false, errors: [unresolvable(did)], schemaProblems: schemaProblemsOf(credential) };
    }
    const document = await this.directory.didDocument(did, method);
    // The thread checks the schema as well (the event loop has the rest of the request to do):
    // the credential goes as its JSON text, the schema's problems come back with the proof's.
    const { verified, errors, schemaProblems } = await this.runProof({
      credentialJson: json,
      schema: true,
      documents: document ? [[did, document]] : [],
      now: proofInstant(credential, this.clock.now()),
    });
    return { verified, errors, schemaProblems: schemaProblems === undefined ? schemaProblemsOf(credential) : schemaProblems };
  }

  private async jwtFinding(jwt: string): Promise<ProofFinding> {
    let unresolvableDid: string | undefined;
    const checked = await verifyJwtCredential(
      jwt,
      async (kid, issuer) => {
        if (!(await this.directory.resolvable(issuer))) {
          unresolvableDid = issuer;
          return undefined;
        }
        try {
          const document = (
            issuer.startsWith('did:key:') ? (await this.loader(issuer)).document : await this.directory.didDocument(issuer, kid)
          ) as {
            verificationMethod?: Array<{ id: string; publicKeyMultibase: string }>;
            assertionMethod?: Array<string | { id: string }>;
          };
          const allowed = (document?.assertionMethod ?? []).map((m) => (typeof m === 'string' ? m : m.id));
          return allowed.includes(kid) ? document?.verificationMethod?.find((m) => m.id === kid) : undefined;
        } catch {
          return undefined;
        }
      },
      null,
    );
    // The payload was only parsed: it meets the same bounds as a credential sent as JSON (depth,
    // size) before anything walks it.
    if (checked.credential) checkShape(checked.credential);
    const error = unresolvableDid ? unresolvable(unresolvableDid) : checked.error;
    return {
      verified: checked.verified,
      errors: checked.verified ? [] : [error ?? 'The JWT does not verify.'],
      ...(checked.profile ? { profile: checked.profile } : {}),
      ...(checked.kid ? { kid: checked.kid } : {}),
      ...(checked.credential ? { credential: checked.credential } : {}),
      ...(checked.claims ? { claims: checked.claims } : {}),
      schemaProblems: checked.credential ? schemaProblemsOf(checked.credential) : null,
    };
  }

  private async runProof(task: Parameters<VerifyPool['proof']>[0]): Promise<ProofOutcome> {
    // A full queue is a 429 (VerifyPool).
    return this.pool.proof(task);
  }

  /**
   * Whether a credential's JSON text is, in content, the signed document this service stored as
   * record `recordId` (compared by PostgreSQL as jsonb).
   */
  private async isStoredDocument(recordId: string, json: string): Promise<boolean> {
    try {
      const [row] = await preparedQuery<{ same: boolean }>(
        this.dataSource,
        'verification-stored-document',
        'select document = $2::jsonb as same from credentials where id = $1::uuid and document is not null',
        [recordId, json],
      );
      return row?.same === true;
    } catch {
      // Text PostgreSQL cannot hold in jsonb (a NUL character, a lone surrogate) is not the stored document.
      return false;
    }
  }

  /**
   * The facts a report needs: the signing key's, the registry record's and the status lists'
   * revisions. A credential outside this service's registry, with no status entry (another
   * issuer's, most often), needs only its key's: those are reused for VERIFY_REPORT_WINDOW_MS,
   * as whole reports are, and read again at once after a change made through this process.
   */
  private async freshFacts(
    verificationMethod: string,
    recordId: string | undefined,
    listIds: readonly string[],
    digest?: string,
  ): Promise<Facts> {
    if (!this.keyFacts || recordId !== undefined || listIds.length > 0)
      return this.readFacts(verificationMethod, recordId, listIds, recordId === undefined ? undefined : digest);
    const generation = this.facts.generation;
    let held = this.keyFacts.get(verificationMethod);
    if (!held || held.generation !== generation) {
      // One read for every request that finds the key's facts missing at once (a burst after the
      // window ends asks the database once, not once per request). A change made while it is
      // read moves the counter on, so the next request reads again.
      const key = this.readFacts(verificationMethod, undefined, []).then((facts) => facts.key);
      held = { generation, key };
      this.keyFacts.set(verificationMethod, held);
      key.catch(() => {
        if (this.keyFacts?.get(verificationMethod)?.key === key) this.keyFacts.delete(verificationMethod);
      });
    }
    return { key: await held.key, record: undefined, lists: new Map() };
  }

  /**
   * Key compromise, the registry record and list revisions, and (given the credential's `digest`)
   * whether it is the stored document byte for byte: one round trip.
   */
  private async readFacts(
    verificationMethod: string,
    recordId: string | undefined,
    listIds: readonly string[],
    digest?: string,
  ): Promise<Facts> {
    // A method PostgreSQL cannot hold as text (a NUL character) is not sent: no key has it.
    const method = verificationMethod.includes('\u0000') ? '' : verificationMethod;
    const [row] = await this.factsQuery(method, recordId, listIds, digest ?? null);
    const record = row?.record;
    return {
      key: row?.key ?? null,
      record: record
        ? {
            state: record.state,
            // The reason of a withdrawal is told; that of a reinstatement (an active credential
            // once suspended) is the organisation's, kept in its audit log.
            reason: record.state === 'revoked' || record.state === 'suspended' ? record.reason : null,
            changedAt: new Date(record.changedAt).toISOString(),
            replacedBy: record.replacedById ? credentialUrl(this.baseUrl, record.replacedById) : null,
          }
        : undefined,
      ...(record ? { recordOrganisationId: record.organisationId } : {}),
      lists: new Map(Object.entries(row?.lists ?? {})),
      // A digest that differs (or none kept) leaves the document to be compared in content.
      ...(row?.same === true ? { stored: true as const } : {}),
    };
  }

  private async factsQuery(
    verificationMethod: string,
    recordId: string | undefined,
    listIds: readonly string[],
    digest: string | null,
  ): Promise<FactsRow[]> {
    const row = await this.factsLoader.load({ verificationMethod, recordId: recordId ?? null, listIds, digest });
    return row ? [row] : [];
  }

  /**
   * The facts of every verification that asked in the same turn of the event loop, in one query
   * (one row per request, in order). Under load this is one round trip and one plan for dozens of
   * requests instead of one each: PostgreSQL's processes wake far less often on the cores they
   * share with the service. Should the batch fail, each is read alone, so that one request's
   * failure is its own (as it was before batching).
   */
  private async factsBatch(keys: readonly FactsKey[]): Promise<Array<FactsRow | undefined | Error>> {
    try {
      const rows = await preparedQuery<FactsRow & { ord: number }>(
        this.dataSource,
        'verification-facts-batch-digest',
        `select v.ord,
           (select json_build_object('status', status, 'compromisedAt', compromised_at, 'reason', compromise_reason)
              from signing_keys where verification_method = v.method) as key,
           (select json_build_object('id', id, 'state', state, 'reason', state_reason, 'changedAt', state_changed_at,
                                     'replacedById', replaced_by_id, 'organisationId', organisation_id)
              from credentials where id = v.record) as record,
           (select json_object_agg(id, revision) from status_lists
              where id in (select jsonb_array_elements_text(v.lists::jsonb)::uuid)) as lists,
           (select document_digest = v.digest from credentials where id = v.record) as same
         from unnest($1::int[], $2::text[], $3::uuid[], $4::text[], $5::text[]) as v(ord, method, record, lists, digest)`,
        [
          keys.map((_, i) => i),
          keys.map((k) => k.verificationMethod),
          keys.map((k) => k.recordId),
          keys.map((k) => JSON.stringify(k.listIds)),
          keys.map((k) => k.digest),
        ],
      );
      const out: Array<FactsRow | undefined> = keys.map(() => undefined);
      for (const { ord, ...row } of rows) out[ord] = row;
      return out;
    } catch {
      return Promise.all(
        keys.map((k) =>
          this.factsAlone(k).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        ),
      );
    }
  }

  /** One request's facts, read alone. */
  private async factsAlone(k: FactsKey): Promise<FactsRow | undefined> {
    const [row] = await preparedQuery<FactsRow>(
      this.dataSource,
      'verification-facts-digest',
      `select
         (select json_build_object('status', status, 'compromisedAt', compromised_at, 'reason', compromise_reason)
            from signing_keys where verification_method = $1) as key,
         (select json_build_object('id', id, 'state', state, 'reason', state_reason, 'changedAt', state_changed_at,
                                   'replacedById', replaced_by_id, 'organisationId', organisation_id)
            from credentials where id = $2::uuid) as record,
         (select json_object_agg(id, revision) from status_lists where id = any($3::uuid[])) as lists,
         (select document_digest = $4 from credentials where id = $2::uuid) as same`,
      [k.verificationMethod, k.recordId, k.listIds, k.digest],
    );
    return row;
  }

  private issuerCheck(
    issuerId: string | undefined,
    method: string | undefined,
    issuer: IssuerInfo | null,
    key: KeyFact | null,
  ): CheckReport {
    if (!issuerId) return checkReport('issuer', 'failed', 'issuer.missing');
    if (!method || didOf(method) !== issuerId) {
      return checkReport('issuer', 'failed', 'issuer.key_mismatch', { issuer: issuerId });
    }
    if (key?.status === 'compromised') {
      return checkReport('issuer', 'failed', 'issuer.key_compromised', {
        ...(key.compromisedAt ? { date: new Date(key.compromisedAt).toISOString().slice(0, 10) } : {}),
        ...(key.reason ? { reason: key.reason } : {}),
      });
    }
    if (issuer?.known === 'this-service') return checkReport('issuer', 'passed', 'issuer.this_service');
    if (issuer?.known === 'trusted') return checkReport('issuer', 'passed', 'issuer.trusted');
    return checkReport('issuer', 'warning', 'issuer.unknown');
  }

  private datesCheck(credential: Json, claims?: ProofFinding['claims']): CheckReport {
    const now = this.clock.now().getTime();
    const ownFrom = parseDate(credential['validFrom'] ?? credential['issuanceDate']);
    const ownUntil = parseDate(credential['validUntil'] ?? credential['expirationDate']);
    if ((credential['validFrom'] ?? credential['issuanceDate']) !== undefined && ownFrom === null) {
      return checkReport('dates', 'failed', 'dates.bad_from');
    }
    if ((credential['validUntil'] ?? credential['expirationDate']) !== undefined && ownUntil === null) {
      return checkReport('dates', 'failed', 'dates.bad_until');
    }
    // A JWT's nbf and exp narrow the window; they never widen it.
    const nbf = claims?.nbf === undefined ? null : claims.nbf * 1000;
    const exp = claims?.exp === undefined ? null : claims.exp * 1000;
    // Beyond the dates a date can hold (±8.64e15 ms around 1970), a claim names no instant.
    if (nbf !== null && !(Math.abs(nbf) <= MAX_DATE_MS)) return checkReport('dates', 'failed', 'dates.bad_from');
    if (exp !== null && !(Math.abs(exp) <= MAX_DATE_MS)) return checkReport('dates', 'failed', 'dates.bad_until');
    const from = nbf === null ? ownFrom : ownFrom === null ? nbf : Math.max(ownFrom, nbf);
    const until = exp === null ? ownUntil : ownUntil === null ? exp : Math.min(ownUntil, exp);
    if (from !== null && from > now + CLOCK_SKEW_MS) {
      return checkReport('dates', 'failed', 'dates.not_yet', { date: new Date(from).toISOString() });
    }
    if (until !== null && until <= now) {
      return checkReport('dates', 'failed', 'dates.expired', { date: new Date(until).toISOString() });
    }
    return until !== null
      ? checkReport('dates', 'passed', 'dates.valid_until', { date: new Date(until).toISOString() })
      : checkReport('dates', 'passed', 'dates.no_end');
  }

  private async statusOf(
    credential: Json,
    listIds: ReadonlyArray<string | undefined>,
    revisions: ReadonlyMap<string, number>,
  ): Promise<{ checks: StatusCheck[]; error?: string }> {
    const held = new Map<string, Record<string, unknown>>();
    for (const listId of listIds) {
      const revision = listId === undefined ? undefined : revisions.get(listId);
      if (listId === undefined || revision === undefined) {
        return {
          checks: [],
          error: 'the status list is not held by this service, and it never fetches one from elsewhere.',
        };
      }
      const read = await this.statusReader.read(listId, revision);
      if (!read.ok) return { checks: [], error: read.reason };
      held.set(String(read.credential['id']), read.credential);
    }
    const result = await checkStatus({
      credential,
      documentLoader: (url: string) => {
        const document = held.get(url);
        return document
          ? Promise.resolve({ contextUrl: null, documentUrl: url, document })
          : Promise.reject(new Error(`${url} is not held`));
      },
      suite: new DataIntegrityProof({ cryptosuite }),
      // Checked once per revision by the reader.
      verifyBitstringStatusListCredential: false,
    });
    if (!result.verified) return { checks: [], error: errorMessages(result.error).join(' ') };
    return { checks: statusChecksOf(result.results ?? []) };
  }

  private problemType(code: string): string {
    return `${this.baseUrl}/problems/${code}`;
  }
}

const problem = (type: string, title: string, detail: string): ProblemDetail => ({ type, title, detail });

const unresolvable = (did: string): string =>
  did.startsWith('did:web:')
    ? `The issuer ${did} is not one this service holds: a did:web is verified only for its own organisations and issuers configured as trusted (nothing is fetched from the network).`
    : `The DID method of ${did.slice(0, 80)} is not supported: did:key, and did:web of known issuers, are.`;

/** The ids of a credential's subjects (one subject or several). */
function subjectIdsOf(credential: Json): string[] {
  return arr(credential['credentialSubject']).flatMap((subject) => {
    const id = obj(subject)['id'];
    return typeof id === 'string' ? [id] : [];
  });
}

function proofMethodOf(credential: Json): string | undefined {
  const proof = obj(arr(credential['proof'])[0]);
  return typeof proof['verificationMethod'] === 'string' ? proof['verificationMethod'] : undefined;
}

function parseDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/**
 * The instant the proof is checked at: now, moved inside the credential's validity window, so
 * that the library judges the proof alone and the dates are reported as their own check
 * (an expired credential's signature still holds; the page says "expired", not "not valid").
 */
function proofInstant(credential: Json, now: Date): string {
  const from = parseDate(credential['validFrom'] ?? credential['issuanceDate']);
  const until = parseDate(credential['validUntil'] ?? credential['expirationDate']);
  let t = now.getTime();
  if (until !== null && t > until) t = until - 1000;
  if (from !== null && t < from) t = from;
  return new Date(t).toISOString();
}

function statusChecksOf(results: unknown[]): StatusCheck[] {
  return results.flatMap((r) => {
    const { credentialStatus, status } = r as {
      credentialStatus?: { statusPurpose?: string; statusListCredential?: string; statusListIndex?: string };
      status?: boolean;
    };
    if (!credentialStatus || typeof status !== 'boolean') return [];
    return [
      {
        purpose: credentialStatus.statusPurpose ?? 'unknown',
        statusListCredential: credentialStatus.statusListCredential ?? '',
        index: Number(credentialStatus.statusListIndex),
        set: status,
      },
    ];
  });
}
