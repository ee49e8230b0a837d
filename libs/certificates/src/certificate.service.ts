import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, type Actor } from '@app/audit';
import { Competency, CompetencyFramework, Organisation } from '@app/catalogue';
import { AppConfig } from '@app/config';
import { CoreError, notFound, pickText, type Language, type LocalizedText } from '@app/core';
import { IssuanceService, IssuedCredential, verificationUrl } from '@app/issuance';
import { Cohort, Enrolment } from '@app/learning';
import { CertificatePool } from './certificate-pool.js';
import {
  COLOUR,
  DEFAULT_TEMPLATE,
  MAX_SIGNATORIES,
  type CertificateLanguages,
  type CertificateTemplate,
  type Design,
} from './certificate-template.js';
import { CertificateTemplateRecord, type StoredSignatory } from './entities/certificate-template.entity.js';
import { RENDERER_VERSION, renderCertificate, type RenderCertificateInput } from './render-certificate.js';

/** What an administrator sends to change the template; images in base64. */
export interface TemplateInput {
  readonly design: Design;
  readonly primaryColour: string;
  readonly accentColour: string;
  readonly logo?: string | null;
  readonly signatories: ReadonlyArray<{ name: string; title: string; signature?: string | null }>;
}

export interface RenderedCertificate {
  readonly pdf: Buffer;
  /** Identifies these bytes: credential, template version, layout version and languages. */
  readonly etag: string;
  readonly learnerName: string;
  readonly credentialId: string;
}

export const MAX_IMAGE_BYTES = 512 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** PNG or JPEG, recognised by their signatures. */
const imageKind = (bytes: Buffer): 'png' | 'jpeg' | undefined =>
  bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    ? 'png'
    : bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
      ? 'jpeg'
      : undefined;

/**
 * Certificates: PDFs rendered on demand, in worker threads, from the signed credential (the
 * record of truth) and the organisation's template. Nothing is stored: the same inputs give the
 * same bytes, so an ETag made of them lets clients and proxies cache. See docs/certificates.md.
 */
@Injectable()
export class CertificateService {
  private readonly baseUrl: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly issuance: IssuanceService,
    private readonly pool: CertificatePool,
    private readonly audit: AuditLog,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  /** The organisation's template, or the default one. */
  async template(organisationId: string, em: EntityManager = this.dataSource.manager): Promise<CertificateTemplate> {
    const record = await em.findOneBy(CertificateTemplateRecord, { organisationId });
    return record ? toTemplate(record) : DEFAULT_TEMPLATE;
  }

  /**
   * Replaces the organisation's template. Images are checked (PNG or JPEG, at most 512 KB, and
   * drawable: a specimen certificate is rendered with them), so a template that is saved always
   * renders. Saving the same template again changes nothing (the version stays).
   */
  async updateTemplate(actor: Actor, organisationId: string, input: TemplateInput): Promise<CertificateTemplate> {
    if (!COLOUR.test(input.primaryColour) || !COLOUR.test(input.accentColour)) {
      throw new CoreError('validation_failed', 'Colours are written #RRGGBB.');
    }
    if (input.signatories.length > MAX_SIGNATORIES) {
      throw new CoreError('validation_failed', `A certificate has at most ${MAX_SIGNATORIES} signatories.`);
    }
    const logo = input.logo ? decodeImage(input.logo, 'logo') : null;
    const signatories: StoredSignatory[] = input.signatories.map((s, i) => ({
      name: s.name.trim(),
      title: s.title.trim(),
      signature: s.signature ? decodeImage(s.signature, `signatories[${i}].signature`).toString('base64') : null,
    }));
    return this.dataSource.transaction(async (em) => {
      const organisation = await em.findOne(Organisation, { where: { id: organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!organisation) throw notFound('The organisation');
      const existing = await em.findOneBy(CertificateTemplateRecord, { organisationId });
      const next = {
        organisationId,
        design: input.design,
        primaryColour: input.primaryColour.toUpperCase(),
        accentColour: input.accentColour.toUpperCase(),
        logo,
        signatories,
      };
      if (existing && sameTemplate(existing, next)) return toTemplate(existing);
      const candidate: CertificateTemplate = toTemplate({ ...next, version: (existing?.version ?? 0) + 1 });
      try {
        await renderCertificate(this.specimen(organisation, candidate, ['en']));
      } catch (error) {
        throw new CoreError(
          'unprocessable',
          `The logo or a signature image cannot be drawn (${error instanceof Error ? error.message : 'unreadable image'}).`,
        );
      }
      await em.save(CertificateTemplateRecord, { ...next, version: candidate.version });
      await this.audit.record(em, actor, {
        action: 'certificate_template.updated',
        entityType: 'organisation',
        entityId: organisationId,
        organisationId,
        before: existing ? summary(existing) : null,
        after: summary({ ...next, version: candidate.version }),
      });
      return candidate;
    });
  }

  /** A specimen certificate with the organisation's template (or a proposed one), for a preview. */
  async preview(organisationId: string, languages: CertificateLanguages): Promise<Buffer> {
    const organisation = await this.dataSource.manager.findOneBy(Organisation, { id: organisationId });
    if (!organisation) throw notFound('The organisation');
    return this.pool.render(this.specimen(organisation, await this.template(organisationId), languages));
  }

  /** The certificate of a signed credential, in the languages asked for or those of its cohort. */
  async render(credentialId: string, languages?: CertificateLanguages): Promise<RenderedCertificate> {
    const { record, document, jwt } = await this.issuance.signedForms(credentialId);
    const [rendered] = await this.renderMany([{ record, document, jwt }], languages);
    return rendered;
  }

  /** The credentials in force (active) of a cohort, oldest first: those a certificate is printed of. */
  async credentialsOfCohort(cohortId: string): Promise<{ organisationId: string; ids: string[] }> {
    const cohort = await this.dataSource.manager.findOneBy(Cohort, { id: cohortId });
    if (!cohort) throw notFound('The cohort');
    const rows = await this.dataSource
      .getRepository(IssuedCredential)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .innerJoin(Enrolment, 'e', 'e.id = c.enrolment_id')
      .where('e.cohort_id = :cohortId', { cohortId })
      .andWhere('c.state in (:...states)', { states: ['active'] })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getRawMany<{ id: string }>();
    return { organisationId: cohort.organisationId, ids: rows.map((r) => r.id) };
  }

  /**
   * Renders the certificates of many credentials, spread over the rendering threads. What they
   * share (templates, cohorts' languages, competency names) is read once.
   */
  async renderByIds(ids: readonly string[], languages?: CertificateLanguages): Promise<RenderedCertificate[]> {
    if (ids.length === 0) return [];
    const records = await this.dataSource
      .getRepository(IssuedCredential)
      .createQueryBuilder('c')
      .addSelect(['c.document', 'c.jwt'])
      .where('c.id in (:...ids)', { ids })
      // In force when its chunk is rendered: one revoked or suspended since the list was read is left out.
      .andWhere('c.state = :state', { state: 'active' })
      .getMany();
    const byId = new Map(records.map((r) => [r.id, r]));
    const found = ids.flatMap((id) => {
      const record = byId.get(id);
      return record?.document ? [{ record, document: record.document, jwt: record.jwt }] : [];
    });
    return this.renderMany(found, languages);
  }

  private async renderMany(
    items: ReadonlyArray<{ record: IssuedCredential; document: Record<string, unknown>; jwt: string | null }>,
    languages?: CertificateLanguages,
  ): Promise<RenderedCertificate[]> {
    const em = this.dataSource.manager;
    const templates = new Map<string, CertificateTemplate>();
    for (const organisationId of new Set(items.map((i) => i.record.organisationId))) {
      templates.set(organisationId, await this.template(organisationId, em));
    }
    const cohortLanguages = await this.cohortLanguagesOf(items.map((i) => i.record));
    const competencyNames = await this.competencyNames(items.map((i) => i.document));
    return Promise.all(
      items.map(async ({ record, document, jwt }) => {
        const template = templates.get(record.organisationId)!;
        const chosen = languages ?? cohortLanguages.get(record.id) ?? languageOfDocument(document);
        const pdf = await this.pool.render({
          credential: document,
          jwt,
          template,
          languages: chosen,
          verificationUrl: verificationUrl(this.baseUrl, record.id),
          competencyNames,
        });
        return {
          pdf,
          etag: `"${createHash('sha256')
            .update(
              `${record.id}\n${String(record.issuedAt?.getTime())}\n${template.version}\n${RENDERER_VERSION}\n${chosen.join('-')}`,
            )
            .digest('base64url')
            .slice(0, 27)}"`,
          learnerName: learnerNameOf(document),
          credentialId: record.id,
        };
      }),
    );
  }

  /** A cohort's certificate languages (set on the cohort, or its teaching language), per credential. */
  private async cohortLanguagesOf(records: readonly IssuedCredential[]): Promise<Map<string, CertificateLanguages>> {
    const enrolmentIds = records.flatMap((r) => (r.enrolmentId ? [r.enrolmentId] : []));
    if (enrolmentIds.length === 0) return new Map();
    const rows = await this.dataSource.manager
      .createQueryBuilder(Enrolment, 'e')
      .innerJoin(Cohort, 'c', 'c.id = e.cohort_id')
      .select(['e.id as enrolment_id', 'c.language as language', 'c.certificate_languages as certificate_languages'])
      .where('e.id in (:...enrolmentIds)', { enrolmentIds })
      .getRawMany<{ enrolment_id: string; language: Language; certificate_languages: string | null }>();
    const byEnrolment = new Map(
      rows.map((r) => [r.enrolment_id, (r.certificate_languages?.split('-') ?? [r.language]) as unknown as CertificateLanguages]),
    );
    return new Map(
      records.flatMap((r) => (r.enrolmentId && byEnrolment.has(r.enrolmentId) ? [[r.id, byEnrolment.get(r.enrolmentId)!]] : [])),
    );
  }

  /** The names of the competencies the credentials align to, in every language, by targetUrl. */
  async competencyNames(documents: ReadonlyArray<Record<string, unknown>>): Promise<Map<string, LocalizedText>> {
    const pattern = new RegExp(
      `^${this.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/frameworks/([a-z0-9-]+)/competencies/([^/]+)$`,
    );
    const wanted = new Map<string, { slug: string; code: string }>();
    // Any JSON may arrive here (a credential pasted on the verification page): every level is
    // checked for its shape, and a code that does not decode is no code of ours.
    const record = (value: unknown): Record<string, unknown> | undefined =>
      value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    for (const document of documents) {
      const alignments = record(record(document['credentialSubject'])?.['achievement'])?.['alignment'];
      for (const a of Array.isArray(alignments) ? alignments : []) {
        const targetUrl = record(a)?.['targetUrl'];
        const match = typeof targetUrl === 'string' ? pattern.exec(targetUrl) : null;
        const code = match ? decodedOrUndefined(match[2]) : undefined;
        if (match && code !== undefined) wanted.set(targetUrl as string, { slug: match[1], code });
      }
    }
    if (wanted.size === 0) return new Map();
    const rows = (await this.dataSource.manager
      .createQueryBuilder(Competency, 'c')
      .innerJoinAndMapOne('c.framework', CompetencyFramework, 'f', 'f.id = c.framework_id')
      .where('f.slug in (:...slugs)', { slugs: [...new Set([...wanted.values()].map((w) => w.slug))] })
      .getMany()) as Array<Competency & { framework: CompetencyFramework }>;
    const byKey = new Map(rows.map((r) => [`${r.framework.slug}:${r.code}`, r.name]));
    const out = new Map<string, LocalizedText>();
    for (const [url, { slug, code }] of wanted) {
      const name = byKey.get(`${slug}:${code}`);
      if (name) out.set(url, name);
    }
    return out;
  }

  /** A made-up credential with the organisation's name, for previews and for checking a template. */
  private specimen(
    organisation: Organisation,
    template: CertificateTemplate,
    languages: CertificateLanguages,
  ): RenderCertificateInput {
    const competency = (code: string, name: string) => ({
      type: ['Alignment'],
      targetCode: code,
      targetName: name,
      targetUrl: `${this.baseUrl}/frameworks/unesco-ai-cft/competencies/${code}`,
    });
    return {
      credential: {
        id: 'urn:uuid:00000000-0000-4000-8000-000000000000',
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: 'did:example:specimen', name: pickText(organisation.name, languages[0]) },
        validFrom: '2026-01-15T09:00:00Z',
        validUntil: '2029-01-15T09:00:00Z',
        credentialSubject: {
          identifier: [{ identityType: 'name', hashed: false, identityHash: 'Specimen — نموذج' }],
          achievement: {
            name: 'Teaching with AI (specimen)',
            inLanguage: 'en',
            translations: { name: { fr: 'Enseigner avec l’IA (spécimen)', ar: 'التعليم بالذكاء الاصطناعي (نموذج)' } },
            contactHours: 40,
            alignment: [
              competency('1.1', 'Human agency'),
              competency('2.1', 'Ethical principles'),
              competency('4.2', 'AI-pedagogy integration'),
            ],
          },
          result: [{ value: '85' }],
        },
      },
      template,
      languages,
      verificationUrl: `${this.baseUrl}/verify/specimen`,
    };
  }
}

function decodeImage(base64: string, field: string): Buffer {
  const clean = base64.replace(/^data:image\/(png|jpeg);base64,/, '').replace(/\s+/g, '');
  if (!BASE64.test(clean)) throw new CoreError('validation_failed', `${field} must be a PNG or JPEG image in base64.`);
  const bytes = Buffer.from(clean, 'base64');
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new CoreError('validation_failed', `${field} is larger than ${MAX_IMAGE_BYTES / 1024} KB.`);
  }
  if (!imageKind(bytes)) throw new CoreError('validation_failed', `${field} is neither a PNG nor a JPEG image.`);
  return bytes;
}

function toTemplate(record: Omit<CertificateTemplateRecord, 'updatedAt' | 'organisation'>): CertificateTemplate {
  return {
    version: record.version,
    design: record.design,
    primaryColour: record.primaryColour,
    accentColour: record.accentColour,
    logo: record.logo ? new Uint8Array(record.logo) : null,
    signatories: record.signatories.map((s) => ({
      name: s.name,
      title: s.title,
      signature: s.signature ? new Uint8Array(Buffer.from(s.signature, 'base64')) : null,
    })),
  };
}

const digest = (bytes: Buffer | null): string | null => (bytes ? createHash('sha256').update(bytes).digest('hex') : null);

function summary(
  t: Pick<CertificateTemplateRecord, 'design' | 'primaryColour' | 'accentColour' | 'logo' | 'signatories' | 'version'>,
) {
  return {
    version: t.version,
    design: t.design,
    primaryColour: t.primaryColour,
    accentColour: t.accentColour,
    logoSha256: digest(t.logo),
    signatories: t.signatories.map((s) => ({ name: s.name, title: s.title, signature: s.signature !== null })),
  };
}

function sameTemplate(
  a: Pick<CertificateTemplateRecord, 'design' | 'primaryColour' | 'accentColour' | 'logo' | 'signatories'>,
  b: Pick<CertificateTemplateRecord, 'design' | 'primaryColour' | 'accentColour' | 'logo' | 'signatories'>,
): boolean {
  return (
    a.design === b.design &&
    a.primaryColour === b.primaryColour &&
    a.accentColour === b.accentColour &&
    digest(a.logo) === digest(b.logo) &&
    JSON.stringify(a.signatories) === JSON.stringify(b.signatories)
  );
}

function languageOfDocument(document: Record<string, unknown>): CertificateLanguages {
  const language = (document['credentialSubject'] as { achievement?: { inLanguage?: unknown } } | undefined)?.achievement
    ?.inLanguage;
  return language === 'fr' || language === 'ar' ? [language] : ['en'];
}

function learnerNameOf(document: Record<string, unknown>): string {
  const identifiers = (document['credentialSubject'] as { identifier?: Array<Record<string, unknown>> } | undefined)?.identifier;
  const name = identifiers?.find((i) => i['identityType'] === 'name' && i['hashed'] === false)?.['identityHash'];
  return typeof name === 'string' ? name : '';
}

/** A URL path segment decoded, or undefined when it does not decode (broken percent-encoding). */
function decodedOrUndefined(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
