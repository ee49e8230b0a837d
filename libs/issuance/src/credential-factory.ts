import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import {
  Competency,
  CompetencyFramework,
  ModuleAlignment,
  Organisation,
  ProgrammeModule,
  ProgrammeVersion,
} from '@app/catalogue';
import { AppConfig } from '@app/config';
import { pickText, type Language } from '@app/core';
import { buildOpenBadgeCredential, checkOpenBadgeSchema, type OpenBadgeInput } from '@app/credentials';
import { Account } from '@app/identity';
import { Cohort, Enrolment, LearningService } from '@app/learning';
import { KeyStore } from '@app/signing';
import type { IssuedCredential } from './entities/issued-credential.entity.js';
import { credentialStatusOf, credentialUrl } from './urls.js';

interface VersionFacts {
  readonly version: ProgrammeVersion;
  readonly contactHours: number;
  readonly alignments: ReadonlyArray<{ code: string; name: string; url: string; framework: string }>;
}

const byId = <T extends { id: string }>(rows: readonly T[]): Map<string, T> => new Map(rows.map((r) => [r.id, r]));

/** Open Badges 3.0 allows one status entry; credentials earned in a programme have one. */
const singleStatus = (status: ReturnType<typeof credentialStatusOf>): Record<string, unknown> | null => {
  if (Array.isArray(status)) throw new CredentialBuildError('An Open Badge carries one status entry.');
  return status;
};

/** What went wrong building a credential: the record cannot be signed as it stands. */
export class CredentialBuildError extends Error {}

const addMonths = (date: Date, months: number): Date => {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
};

/**
 * Builds the unsigned credential of a record from the database: the programme version the
 * cohort was taught under, its modules, contact hours and competencies, the issuer, the learner
 * and their results. The document is checked against the OB 3.0 schema before it goes to signing.
 */
@Injectable()
export class CredentialFactory {
  private readonly baseUrl: string;
  private readonly versions = new Map<string, VersionFacts>();

  constructor(
    private readonly keys: KeyStore,
    private readonly learning: LearningService,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  /**
   * Builds the unsigned credentials of a batch of records. What the records share (programme
   * versions, which never change, organisations, cohorts) is read once; each record gets its
   * credential, or the reason it cannot be built.
   */
  async buildMany(
    em: EntityManager,
    records: readonly IssuedCredential[],
    now: Date,
  ): Promise<Array<{ credential: Record<string, unknown> } | { error: string }>> {
    const programme = records.filter((r) => r.source === 'programme' && r.enrolmentId && r.programmeVersionId);
    const enrolments = byId(await em.findBy(Enrolment, { id: In(programme.map((r) => r.enrolmentId!)) }));
    const cohorts = byId(await em.findBy(Cohort, { id: In([...new Set([...enrolments.values()].map((e) => e.cohortId))]) }));
    const accounts = byId(await em.findBy(Account, { id: In([...new Set([...enrolments.values()].map((e) => e.accountId))]) }));
    const organisations = byId(await em.findBy(Organisation, { id: In([...new Set(records.map((r) => r.organisationId))]) }));
    const issuers = new Map<string, string>();
    for (const organisation of organisations.values()) issuers.set(organisation.id, await this.keys.issuerDidOf(organisation));
    const progress = await this.learning.progressOfEnrolments([...enrolments.keys()]);
    const evidence = await this.learning.evidenceOfEnrolments([...enrolments.keys()]);
    const out: Array<{ credential: Record<string, unknown> } | { error: string }> = [];
    for (const record of records) {
      try {
        if (record.source === 'api') {
          if (!record.request) throw new CredentialBuildError('The credential request is missing.');
          out.push({ credential: record.request });
          continue;
        }
        const enrolment = record.enrolmentId ? enrolments.get(record.enrolmentId) : undefined;
        const cohort = enrolment && cohorts.get(enrolment.cohortId);
        const account = enrolment && accounts.get(enrolment.accountId);
        const organisation = organisations.get(record.organisationId);
        if (!enrolment || !cohort || !account || !organisation || !record.programmeVersionId) {
          throw new CredentialBuildError('The enrolment of this credential is incomplete.');
        }
        const version = await this.versionOf(em, record.programmeVersionId, cohort.language);
        const scores = (progress.get(enrolment.id)?.modules ?? []).flatMap((m) =>
          m.assessment?.score != null ? [m.assessment.score] : [],
        );
        out.push({
          credential: this.assemble(record, now, {
            language: cohort.language,
            organisation,
            issuerId: issuers.get(organisation.id)!,
            version,
            account,
            evidence: (evidence.get(enrolment.id) ?? []).map((e) => ({
              // A file kept by the service is named by its hash (its holder and admins may fetch it).
              id: e.url ?? `${this.baseUrl}/evidence-files/${e.sha256}`,
              ...(e.name ? { name: e.name } : {}),
            })),
            score: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10 : null,
          }),
        });
      } catch (error) {
        if (!(error instanceof CredentialBuildError)) throw error;
        out.push({ error: error.message });
      }
    }
    return out;
  }

  /** A programme version with what its credential shows; versions never change, so they are kept. */
  private async versionOf(em: EntityManager, id: string, language: Language): Promise<VersionFacts> {
    const key = `${id}:${language}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const version = await em.findOneByOrFail(ProgrammeVersion, { id });
    const modules = await em.find(ProgrammeModule, { where: { programmeVersionId: version.id }, order: { position: 'ASC' } });
    const alignments = modules.length
      ? ((await em
          .createQueryBuilder(ModuleAlignment, 'a')
          .innerJoinAndMapOne('a.competency', Competency, 'c', 'c.id = a.competency_id')
          .innerJoinAndMapOne('a.framework', CompetencyFramework, 'f', 'f.id = c.framework_id')
          .where('a.module_id in (:...ids)', { ids: modules.map((m) => m.id) })
          .getMany()) as Array<ModuleAlignment & { competency: Competency; framework: CompetencyFramework }>)
      : [];
    const competencies = new Map<string, { code: string; name: string; url: string; framework: string }>();
    for (const a of alignments) {
      competencies.set(`${a.framework.slug}:${a.competency.code}`, {
        code: a.competency.code,
        name: pickText(a.competency.name, language),
        url: `${this.baseUrl}/frameworks/${a.framework.slug}/competencies/${a.competency.code}`,
        framework: pickText(a.framework.name, language),
      });
    }
    const facts: VersionFacts = {
      version,
      contactHours: modules.reduce((sum, m) => sum + Number(m.contactHours), 0),
      alignments: [...competencies.values()].sort((a, b) => a.code.localeCompare(b.code)),
    };
    if (this.versions.size > 1000) this.versions.clear();
    this.versions.set(key, facts);
    return facts;
  }

  private assemble(
    record: IssuedCredential,
    now: Date,
    facts: {
      language: Language;
      organisation: Organisation;
      issuerId: string;
      version: VersionFacts;
      account: Account;
      score: number | null;
      evidence: Array<{ id: string; name?: string }>;
    },
  ): Record<string, unknown> {
    const { version, contactHours, alignments } = facts.version;
    const input: OpenBadgeInput = {
      id: credentialUrl(this.baseUrl, record.id),
      publicBaseUrl: this.baseUrl,
      language: facts.language,
      issuer: {
        id: facts.issuerId,
        name: facts.organisation.name,
        url: facts.organisation.url,
        email: facts.organisation.email,
      },
      achievement: {
        id: `${this.baseUrl}/programmes/${version.programmeId}/versions/${version.version}`,
        name: version.name,
        description: version.description,
        criteria: version.criteria,
        achievementType: version.achievementType,
        contactHours,
        alignments,
      },
      // A DID the learner linked (they proved control of it) is the subject's id; the hashed email stays.
      subject: {
        ...(facts.account.holderDid ? { did: facts.account.holderDid } : {}),
        email: facts.account.email,
        salt: randomBytes(12).toString('base64url'),
      },
      learnerName: facts.account.displayName,
      evidence: facts.evidence,
      result: facts.score !== null ? { score: facts.score, passMark: version.passMark } : null,
      validFrom: now,
      validUntil: version.validityMonths ? addMonths(now, version.validityMonths) : null,
      credentialStatus: singleStatus(credentialStatusOf(this.baseUrl, record)),
    };
    const credential = buildOpenBadgeCredential(input);
    const problems = checkOpenBadgeSchema(credential);
    if (problems.length) {
      throw new CredentialBuildError(
        `The credential does not meet the Open Badges 3.0 schema: ${problems
          .slice(0, 5)
          .map((p) => `${p.pointer} ${p.detail}`)
          .join('; ')}`,
      );
    }
    return credential;
  }
}
