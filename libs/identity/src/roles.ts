/**
 * Roles. A platform admin runs the service; an organisation admin runs one organisation's
 * programmes; a trainer records completions for the cohorts they teach; a learner (a teacher in
 * a training workshop, or a learner in a course) follows their own progress and credentials.
 * `monitor` is for machine clients that scrape /metrics.
 */
export const ROLES = ['platform_admin', 'org_admin', 'trainer', 'learner', 'monitor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that are held within one organisation. */
export const ORGANISATION_ROLES: readonly Role[] = ['org_admin', 'trainer'];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);
