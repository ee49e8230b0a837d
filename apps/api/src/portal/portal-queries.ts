import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { pickText, type Language, type LocalizedText } from '@app/core';
import type { CohortListItem, CredentialListItem } from './views/portal-views.js';

interface CredentialRow {
  id: string;
  state: string;
  name: LocalizedText;
  issued_at: Date | null;
  valid_until: Date | null;
  holder: string | null;
  needs_review: boolean;
}

/**
 * Read-only queries that join what the portal's lists show (programme names, holders' names)
 * in one statement each; every write goes through the domain services.
 */
@Injectable()
export class PortalQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async credentials(
    filter: { id?: string; accountId?: string; organisationId?: string; states?: readonly string[]; limit?: number },
    lang: Language,
  ): Promise<CredentialListItem[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.id) where.push(`c.id = $${params.push(filter.id)}`);
    if (filter.accountId) where.push(`c.account_id = $${params.push(filter.accountId)}`);
    if (filter.organisationId) where.push(`c.organisation_id = $${params.push(filter.organisationId)}`);
    if (filter.states) where.push(`c.state = any($${params.push(filter.states)})`);
    const rows = await this.dataSource.query<CredentialRow[]>(
      `select c.id, c.state, coalesce(v.name, '{"en":"—"}'::jsonb) as name, c.issued_at, c.valid_until, a.display_name as holder,
              (c.state in ('active', 'suspended') and e.id is not null and e.eligible_at is null) as needs_review
         from credentials c
         left join programme_versions v on v.id = c.programme_version_id
         left join accounts a on a.id = c.account_id
         left join enrolments e on e.id = c.enrolment_id
        ${where.length ? `where ${where.join(' and ')}` : ''}
        order by c.created_at desc
        limit ${Math.min(filter.limit ?? 100, 500)}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      state: r.state,
      programme: pickText(r.name, lang),
      issuedAt: r.issued_at,
      validUntil: r.valid_until,
      holder: r.holder ?? '',
      needsReview: r.needs_review === true,
    }));
  }

  async cohortsByIds(ids: readonly string[], lang: Language): Promise<CohortListItem[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query<
      Array<{ id: string; name: string; programme: LocalizedText; starts_on: string; ends_on: string }>
    >(
      `select c.id, c.name, v.name as programme, c.starts_on::text, c.ends_on::text
         from cohorts c join programme_versions v on v.id = c.programme_version_id
        where c.id = any($1) order by c.starts_on desc, c.name`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      programme: pickText(r.programme, lang),
      startsOn: r.starts_on,
      endsOn: r.ends_on,
    }));
  }

  async cohortsOfOrganisation(organisationId: string, lang: Language): Promise<CohortListItem[]> {
    const ids = await this.dataSource.query<Array<{ id: string }>>(`select id from cohorts where organisation_id = $1`, [
      organisationId,
    ]);
    return this.cohortsByIds(
      ids.map((r) => r.id),
      lang,
    );
  }

  /** The organisation's programmes at their current version. */
  async programmes(
    organisationId: string,
    lang: Language,
  ): Promise<Array<{ id: string; name: string; hours: number; version: number }>> {
    const rows = await this.dataSource.query<Array<{ id: string; name: LocalizedText; hours: string; version: number }>>(
      `select p.id, v.name, v.version, coalesce((select sum(m.contact_hours) from programme_modules m where m.programme_version_id = v.id), 0) as hours
         from programmes p join programme_versions v on v.programme_id = p.id and v.version = p.current_version
        where p.organisation_id = $1 and p.archived_at is null order by p.created_at`,
      [organisationId],
    );
    return rows.map((r) => ({ id: r.id, name: pickText(r.name, lang), hours: Number(r.hours), version: r.version }));
  }

  async organisations(ids: readonly string[] | 'all', lang: Language): Promise<Array<{ id: string; name: string }>> {
    const rows = await this.dataSource.query<Array<{ id: string; name: LocalizedText }>>(
      ids === 'all'
        ? `select id, name from organisations order by created_at`
        : `select id, name from organisations where id = any($1) order by created_at`,
      ids === 'all' ? [] : [ids],
    );
    return rows.map((r) => ({ id: r.id, name: pickText(r.name, lang) }));
  }

  /** Display names of accounts (for the audit log). */
  async accountNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; email: string }>>(
      `select id, email from accounts where id = any($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  /** Participants' names by enrolment. */
  async participantNames(cohortId: string): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<Array<{ id: string; name: string }>>(
      `select e.id, a.display_name as name from enrolments e join accounts a on a.id = e.account_id where e.cohort_id = $1`,
      [cohortId],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** A cohort's modules (of its programme version), in order. */
  async modulesOfCohort(
    cohortId: string,
    lang: Language,
  ): Promise<Array<{ code: string; title: string; assessed: boolean; hours: number }>> {
    const rows = await this.dataSource.query<
      Array<{ code: string; title: LocalizedText; assessed: boolean; contact_hours: string }>
    >(
      `select m.code, m.title, m.assessed, m.contact_hours from programme_modules m
         join cohorts c on c.programme_version_id = m.programme_version_id
        where c.id = $1 order by m.position`,
      [cohortId],
    );
    return rows.map((r) => ({
      code: r.code,
      title: pickText(r.title, lang),
      assessed: r.assessed,
      hours: Number(r.contact_hours),
    }));
  }

  /** The programme's name (current version) of a cohort, and the names of the enrolments' programmes. */
  async programmeNameOfVersion(versionId: string, lang: Language): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ name: LocalizedText }>>(
      `select name from programme_versions where id = $1`,
      [versionId],
    );
    return row ? pickText(row.name, lang) : '';
  }

  /** Whether the account is enrolled in, trains, or holds a role in the organisation. */
  async knownToOrganisation(accountId: string, organisationId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<Array<{ known: boolean }>>(
      `select exists (select 1 from enrolments e join cohorts c on c.id = e.cohort_id where e.account_id = $1 and c.organisation_id = $2)
           or exists (select 1 from cohort_trainers t join cohorts c on c.id = t.cohort_id where t.account_id = $1 and c.organisation_id = $2)
           or exists (select 1 from role_grants g where g.account_id = $1 and g.organisation_id = $2) as known`,
      [accountId, organisationId],
    );
    return row?.known === true;
  }

  /** What decides whether a trainer may hand an account a sign-in link (which sets its password). */
  async signInLinkScope(
    accountId: string,
    organisationId: string,
  ): Promise<{ staff: boolean; hasPassword: boolean; enrolledElsewhere: boolean }> {
    const [row] = await this.dataSource.query<Array<{ staff: boolean; has_password: boolean; elsewhere: boolean }>>(
      `select exists (select 1 from role_grants g where g.account_id = a.id and g.role <> 'learner') as staff,
              a.password_hash is not null as has_password,
              exists (select 1 from enrolments e join cohorts c on c.id = e.cohort_id
                       where e.account_id = a.id and c.organisation_id <> $2) as elsewhere
         from accounts a where a.id = $1`,
      [accountId, organisationId],
    );
    return { staff: row?.staff ?? true, hasPassword: row?.has_password ?? true, enrolledElsewhere: row?.elsewhere ?? true };
  }
}
