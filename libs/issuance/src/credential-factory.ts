import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  Competency,
  CompetencyFramework,
  ModuleAlignment,
  Organisation,
  ProgrammeModule,
  ProgrammeVersion,
} from '@app/catalogue';
import { AppConfig } from '@app/config';
import { pickText } from '@app/core';
import { buildOpenBadgeCredential, checkOpenBadgeSchema, type OpenBadgeInput } from '@app/credentials';
import { Account } from '@app/identity';
import { Cohort, Enrolment, LearningService } from '@app/learning';
import { KeyStore } from '@app/signing';
import type { IssuedCredential } from './entities/issued-credential.entity.js';
import { credentialStatusOf, credentialUrl } from './urls.js';

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

  constructor(
    private readonly keys: KeyStore,
    private readonly learning: LearningService,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  async build(em: EntityManager, record: IssuedCredential, now: Date): Promise<Record<string, unknown>> {
    if (record.source === 'api') {
      if (!record.request) throw new CredentialBuildError('The credential request is missing.');
      return record.request;
    }
    if (!record.enrolmentId || !record.programmeVersionId) throw new CredentialBuildError('No enrolment.');
    const enrolment = await em.findOneByOrFail(Enrolment, { id: record.enrolmentId });
    const cohort = await em.findOneByOrFail(Cohort, { id: enrolment.cohortId });
    const account = await em.findOneByOrFail(Account, { id: enrolment.accountId });
    const organisation = await em.findOneByOrFail(Organisation, { id: record.organisationId });
    const version = await em.findOneByOrFail(ProgrammeVersion, { id: record.programmeVersionId });
    const modules = await em.find(ProgrammeModule, { where: { programmeVersionId: version.id }, order: { position: 'ASC' } });
    const alignments = modules.length
      ? await em
          .createQueryBuilder(ModuleAlignment, 'a')
          .innerJoinAndMapOne('a.competency', Competency, 'c', 'c.id = a.competency_id')
          .innerJoinAndMapOne('a.framework', CompetencyFramework, 'f', 'f.id = c.framework_id')
          .where('a.module_id in (:...ids)', { ids: modules.map((m) => m.id) })
          .getMany()
      : [];
    const competencies = new Map<string, { code: string; name: string; url: string; framework: string }>();
    for (const a of alignments as Array<ModuleAlignment & { competency: Competency; framework: CompetencyFramework }>) {
      competencies.set(`${a.framework.slug}:${a.competency.code}`, {
        code: a.competency.code,
        name: pickText(a.competency.name, cohort.language),
        url: `${this.baseUrl}/frameworks/${a.framework.slug}/competencies/${a.competency.code}`,
        framework: pickText(a.framework.name, cohort.language),
      });
    }
    const { progress } = await this.learning.progress(enrolment.id);
    const scores = progress.modules.flatMap((m) => (m.assessment?.score != null ? [m.assessment.score] : []));
    const contactHours = modules.reduce((sum, m) => sum + Number(m.contactHours), 0);
    const input: OpenBadgeInput = {
      id: credentialUrl(this.baseUrl, record.id),
      publicBaseUrl: this.baseUrl,
      language: cohort.language,
      issuer: {
        id: this.keys.didOf(organisation),
        name: organisation.name,
        url: organisation.url,
        email: organisation.email,
      },
      achievement: {
        id: `${this.baseUrl}/programmes/${version.programmeId}/versions/${version.version}`,
        name: version.name,
        description: version.description,
        criteria: version.criteria,
        achievementType: version.achievementType,
        contactHours,
        alignments: [...competencies.values()].sort((a, b) => a.code.localeCompare(b.code)),
      },
      subject: { email: account.email, salt: randomBytes(12).toString('base64url') },
      learnerName: account.displayName,
      result: scores.length
        ? { score: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10, passMark: version.passMark }
        : null,
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
