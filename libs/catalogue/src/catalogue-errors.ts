import { DomainError } from '@app/core';

export const CATALOGUE_ERROR_CODES = ['slug_taken', 'unknown_competency', 'unknown_reference'] as const;
export type CatalogueErrorCode = (typeof CATALOGUE_ERROR_CODES)[number];

export class CatalogueError extends DomainError<CatalogueErrorCode> {}
