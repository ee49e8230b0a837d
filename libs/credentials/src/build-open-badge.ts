import { createHash } from 'node:crypto';
import type { Language } from '@app/core';
import { extensionContextUrl } from './extension-context.js';

export interface TextsInLanguages {
  readonly en: string;
  readonly fr?: string;
  readonly ar?: string;
}

export interface OpenBadgeInput {
  readonly id: string;
  readonly publicBaseUrl: string;
  /** The language of the credential's own texts; the others go into `translations`. */
  readonly language: Language;
  readonly issuer: {
    readonly id: string;
    readonly name: TextsInLanguages;
    readonly url?: string | null;
    readonly email?: string | null;
  };
  readonly achievement: {
    readonly id: string;
    readonly name: TextsInLanguages;
    readonly description: TextsInLanguages;
    readonly criteria: TextsInLanguages;
    readonly achievementType: string;
    readonly contactHours: number;
    readonly alignments: ReadonlyArray<{
      readonly code: string;
      readonly name: string;
      readonly url: string;
      readonly framework: string;
    }>;
  };
  /**
   * A DID the learner has linked (the subject's id), their email (an identifier hashed with the
   * salt, never in clear), or both.
   */
  readonly subject:
    | { readonly did: string }
    | { readonly email: string; readonly salt: string }
    | { readonly did: string; readonly email: string; readonly salt: string };
  /** The learner's name, in clear (a verifier matches it against an identity document). */
  readonly learnerName: string;
  readonly result?: { readonly score: number; readonly passMark: number } | null;
  readonly evidence?: ReadonlyArray<{ readonly id: string; readonly name?: string }>;
  readonly validFrom: Date;
  readonly validUntil?: Date | null;
  readonly credentialStatus?: Record<string, unknown> | null;
}

const text = (t: TextsInLanguages, language: Language): string => t[language] ?? t.en;
const others = (t: TextsInLanguages, language: Language): Record<string, string> =>
  Object.fromEntries(Object.entries(t).filter(([lang, value]) => lang !== language && typeof value === 'string'));
const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The salted hash OB 3.0 uses to name a learner without their email in clear. */
export function identityHash(email: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(email.trim().toLowerCase() + salt)
    .digest('hex')}`;
}

/**
 * An OpenBadgeCredential (VC 2.0 + OB 3.0.3), unsigned. Pure: the same input gives the same
 * document. Texts are in the credential's language (the OB 3.0 schema wants strings), with the
 * other languages under `translations`.
 */
export function buildOpenBadgeCredential(input: OpenBadgeInput): Record<string, unknown> {
  const { language, achievement } = input;
  const translations = {
    name: others(achievement.name, language),
    description: others(achievement.description, language),
    criteria: others(achievement.criteria, language),
  };
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      extensionContextUrl(input.publicBaseUrl),
    ],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: text(achievement.name, language),
    issuer: {
      id: input.issuer.id,
      type: ['Profile'],
      name: text(input.issuer.name, language),
      ...(input.issuer.url ? { url: input.issuer.url } : {}),
      ...(input.issuer.email ? { email: input.issuer.email } : {}),
    },
    validFrom: iso(input.validFrom),
    ...(input.validUntil ? { validUntil: iso(input.validUntil) } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      ...('did' in input.subject ? { id: input.subject.did } : {}),
      identifier: [
        ...('email' in input.subject
          ? [
              {
                type: 'IdentityObject',
                identityHash: identityHash(input.subject.email, input.subject.salt),
                identityType: 'emailAddress',
                hashed: true,
                salt: input.subject.salt,
              },
            ]
          : []),
        // The name as printed on the certificate, so that a verifier can match the person.
        { type: 'IdentityObject', identityHash: input.learnerName, identityType: 'name', hashed: false },
      ],
      achievement: {
        id: achievement.id,
        type: ['Achievement'],
        achievementType: achievement.achievementType,
        name: text(achievement.name, language),
        description: text(achievement.description, language),
        criteria: { narrative: text(achievement.criteria, language) },
        inLanguage: language,
        contactHours: achievement.contactHours,
        translations,
        ...(achievement.alignments.length
          ? {
              alignment: achievement.alignments.map((a) => ({
                type: ['Alignment'],
                targetType: 'CFItem',
                targetCode: a.code,
                targetName: a.name,
                targetUrl: a.url,
                targetFramework: a.framework,
              })),
            }
          : {}),
        ...(input.result
          ? {
              resultDescription: [
                {
                  id: `${achievement.id}#result`,
                  type: ['ResultDescription'],
                  name: 'Final assessment',
                  resultType: 'Percent',
                  requiredValue: String(input.result.passMark),
                },
              ],
            }
          : {}),
      },
      ...(input.result
        ? {
            result: [
              {
                type: ['Result'],
                resultDescription: `${achievement.id}#result`,
                value: String(input.result.score),
                status: 'Completed',
              },
            ],
          }
        : {}),
    },
    ...(input.evidence?.length
      ? { evidence: input.evidence.map((e) => ({ id: e.id, type: ['Evidence'], ...(e.name ? { name: e.name } : {}) })) }
      : {}),
    ...(input.credentialStatus ? { credentialStatus: input.credentialStatus } : {}),
  };
}
