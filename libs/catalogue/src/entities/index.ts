import { CompetencyFramework } from './competency-framework.entity.js';
import { Competency } from './competency.entity.js';
import { ModuleAlignment } from './module-alignment.entity.js';
import { Organisation } from './organisation.entity.js';
import { ProgrammeModule } from './programme-module.entity.js';
import { ProgrammeVersion } from './programme-version.entity.js';
import { Programme } from './programme.entity.js';

export { CompetencyFramework, Competency, ModuleAlignment, Organisation, ProgrammeModule, ProgrammeVersion, Programme };
export { DID_METHODS } from './organisation.entity.js';
export type { DidMethod } from './organisation.entity.js';
export { ACHIEVEMENT_TYPES, ISSUANCE_MODES, CREDENTIAL_JWT_PROFILES } from './programme-version.entity.js';
export type { AchievementType, IssuanceMode, CredentialJwtProfile } from './programme-version.entity.js';

export const CATALOGUE_ENTITIES = [
  Organisation,
  CompetencyFramework,
  Competency,
  Programme,
  ProgrammeVersion,
  ProgrammeModule,
  ModuleAlignment,
] as const;
