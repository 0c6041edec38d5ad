import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under tsx its default export is the function itself (as in helpers/contract.ts).
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

const STANDARDS = new URL('../fixtures/standards/', import.meta.url);
export const readStandard = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(path, STANDARDS), 'utf8')) as Record<string, unknown>;

/**
 * Validators for the published JSON Schemas in test/fixtures/standards: the Data Package profiles
 * declare draft-07; the HSDS schemas declare nothing and are read as 2020-12, the draft HSDS 3
 * is written for. Not strict: the schemas carry documentation keywords (propertyOrder, context,
 * datapackage_metadata) that JSON Schema ignores. Relative `$ref`s resolve by file name.
 */
export function standardValidator(folder: string, files: string[], draft: '07' | '2020-12' = '07') {
  const options = { strict: false, allErrors: true };
  const ajv = draft === '07' ? new Ajv(options) : new Ajv2020(options);
  addFormats(ajv);
  // A hint for form builders in the Data Package profiles, not a format to check.
  ajv.addFormat('textarea', true);
  for (const file of files) ajv.addSchema(readStandard(`${folder}/${file}`), file);
  return (file: string): ValidateFunction => ajv.getSchema(file)!;
}

/** A readable list of what a validator refused, or '' when it accepted. */
export function schemaErrors(validate: ValidateFunction, value: unknown): string {
  return validate(value) ? '' : JSON.stringify(validate.errors?.slice(0, 5), null, 1);
}
