import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA } from './ob3-schema.generated.js';

// ajv and ajv-formats are CommonJS packages whose default export does not map cleanly to ESM
// types; loading them with require keeps both the types and the runtime right.
const require = createRequire(import.meta.url);
const Ajv2019 = (require('ajv/dist/2019.js') as { default: typeof import('ajv').default }).default;
const addFormats = require('ajv-formats') as (ajv: unknown) => void;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  compiled = ajv.compile(OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA);
  return compiled;
}

export interface SchemaProblem {
  readonly pointer: string;
  readonly detail: string;
}

/** Checks a credential against the Open Badges 3.0 AchievementCredential schema. */
export function checkOpenBadgeSchema(credential: unknown): readonly SchemaProblem[] {
  const validate = validator();
  if (validate(credential)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({ pointer: e.instancePath || '/', detail: e.message ?? 'invalid' }));
}
