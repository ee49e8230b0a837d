import { LANGUAGES, type Language } from '@app/core';

export const DESIGNS = ['classic', 'modern'] as const;
export type Design = (typeof DESIGNS)[number];

export interface Signatory {
  readonly name: string;
  readonly title: string;
  /** A PNG or JPEG of the signature, drawn above the name. */
  readonly signature?: Uint8Array | null;
}

/**
 * How an organisation's certificates look: a design, two colours, a logo and up to three
 * signatories. `version` goes up with every change, so a rendered PDF can be cached by
 * (credential, template version).
 */
export interface CertificateTemplate {
  readonly version: number;
  readonly design: Design;
  readonly primaryColour: string;
  readonly accentColour: string;
  readonly logo?: Uint8Array | null;
  readonly signatories: readonly Signatory[];
}

export const MAX_SIGNATORIES = 3;
export const COLOUR = /^#[0-9a-fA-F]{6}$/;

export const DEFAULT_TEMPLATE: CertificateTemplate = {
  version: 0,
  design: 'classic',
  primaryColour: '#1F3A5F',
  accentColour: '#B08D57',
  logo: null,
  signatories: [],
};

/**
 * The languages a certificate is printed in: one, or two for a bilingual layout (Arabic with
 * English, Arabic with French, or any other pair), written "ar-en". The first language leads
 * and sets the page's direction.
 */
export type CertificateLanguages = readonly [Language] | readonly [Language, Language];

export function parseCertificateLanguages(value: string): CertificateLanguages | undefined {
  const parts = value.split('-');
  if (parts.length > 2 || !parts.every((p): p is Language => (LANGUAGES as readonly string[]).includes(p))) return undefined;
  if (parts.length === 2 && parts[0] === parts[1]) return undefined;
  return parts as unknown as CertificateLanguages;
}

export const CERTIFICATE_LANGUAGE_CHOICES: readonly string[] = [
  ...LANGUAGES,
  ...LANGUAGES.flatMap((a) => LANGUAGES.filter((b) => b !== a).map((b) => `${a}-${b}`)),
];
