// Turns the served OpenAPI document into requests: valid ones drawn from each parameter's schema,
// and invalid ones that break exactly one declared constraint. Used by the contract fuzz tests.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { z } from 'zod';
import type { App } from '../../src/app.js';
import { json } from './app.js';

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  examples?: unknown[];
  default?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxItems?: number;
};

// Each JSON Schema in the document is checked where it is used (ajv compiles it, the generators
// read it); here it only has to be an object. Summaries, tags and descriptions stay optional so
// that the test asserting them names the operation that lacks one.
const SchemaObject = z.custom<Schema>((value) => typeof value === 'object' && value !== null && !Array.isArray(value));
const MediaMap = z.record(z.string(), z.object({ schema: SchemaObject }));
const ParameterObject = z.object({
  name: z.string(),
  in: z.enum(['query', 'path', 'header']),
  required: z.boolean().optional(),
  schema: SchemaObject,
  examples: z.record(z.string(), z.object({ value: z.unknown() })).optional(),
});
const OperationObject = z.object({
  operationId: z.string(),
  summary: z.string().optional(),
  tags: z.array(z.string()).optional(),
  parameters: z.array(ParameterObject).optional(),
  requestBody: z.object({ content: MediaMap, required: z.boolean().optional() }).optional(),
  responses: z.record(z.string(), z.object({ description: z.string().optional(), content: MediaMap.optional() })),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});
export const OpenApiDocument = z.object({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), OperationObject)),
  components: z.object({ schemas: z.record(z.string(), SchemaObject) }),
});
type Parameter = z.infer<typeof ParameterObject>;
export type Operation = z.infer<typeof OperationObject> & { method: string; path: string; parameters: Parameter[] };
export type Document = z.infer<typeof OpenApiDocument>;

/** The OpenAPI document the app serves. */
export async function servedDocument(app: App): Promise<Document> {
  return json(await app.inject('/openapi.json'), OpenApiDocument);
}

export type Request = { method: string; url: string; payload?: unknown; headers?: Record<string, string> };

/** Text that has hurt other APIs: SQL, spreadsheet formulas, markup, odd unicode, control characters. */
export const NASTY_STRINGS = [
  "' OR 1=1 --",
  "'; DROP TABLE areas; --",
  '=HYPERLINK("http://x.invalid")',
  '+SUM(A1)',
  '-2+3',
  '@cmd',
  '\t=1',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\u202Eevil',
  'Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍',
  '👩‍👩‍👧‍👦',
  '\uFEFF',
  'ﷺ',
  ' ',
  '%',
  '_',
  '{"__proto__":{"x":1}}',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  'a'.repeat(5000),
];

export function operations(document: Document): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path, parameters: op.parameters ?? [] })),
  );
}

export function resolve(document: Document, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  return resolve(document, document.components.schemas[schema.$ref.split('/').pop()!]!);
}

function typeOf(schema: Schema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

function boundedInteger(schema: Schema) {
  const min = Math.max(schema.minimum ?? -1_000_000, -1_000_000_000);
  const max = Math.min(schema.maximum ?? 1_000_000, 1_000_000_000);
  return fc.integer({ min, max });
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 200, 5000);
  const fits = (s: string) => s.length >= min && s.length <= max && (!schema.pattern || new RegExp(schema.pattern, 'u').test(s));
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  const nasty = NASTY_STRINGS.filter(fits);
  const text = fc.string({ minLength: min, maxLength: Math.min(max, 60), unit: 'grapheme' }).filter(fits);
  return nasty.length ? fc.oneof(text, fc.constantFrom(...nasty)) : text;
}

/** A value the schema accepts; declared examples are drawn often so that lookups hit real rows. */
export function validValue(document: Document, raw: Schema): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const examples = schema.examples ?? [];
  const base = baseValue(document, schema);
  return examples.length ? fc.oneof({ arbitrary: fc.constantFrom(...examples), weight: 3 }, { arbitrary: base, weight: 1 }) : base;
}

function baseValue(document: Document, schema: Schema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validValue(document, s)));
  switch (typeOf(schema)) {
    case 'integer':
      return boundedInteger(schema);
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(document, schema.items ?? {}), { maxLength: Math.min(schema.maxItems ?? 5, 5) });
    case 'object':
      return objectValue(document, schema);
    default:
      return stringArbitrary(schema);
  }
}

function objectValue(document: Document, schema: Schema): fc.Arbitrary<unknown> {
  const entries = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  return fc.record(Object.fromEntries(entries.map(([k, s]) => [k, validValue(document, s)])), {
    requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)),
  });
}

/** Values that break one declared constraint of a parameter, each with the reason. */
export function invalidValues(document: Document, raw: Schema): string[] {
  const schema = resolve(document, raw);
  const out: string[] = [];
  if (schema.enum) out.push('not-one-of-the-values');
  const type = typeOf(schema);
  if (type === 'integer' || type === 'number') {
    out.push('twelve', '1e400x');
    if (type === 'integer') out.push('1.5');
    if (schema.minimum !== undefined && schema.minimum > -1e15) out.push(String(schema.minimum - 1));
    if (schema.maximum !== undefined && schema.maximum < 1e15) out.push(String(schema.maximum + 1));
  }
  if (type === 'string' && !schema.enum) {
    if (schema.pattern) out.push(...['!!', 'DROP TABLE', '\u202E', ''].filter((s) => !new RegExp(schema.pattern!, 'u').test(s)));
    if (schema.maxLength !== undefined && schema.maxLength < 5000) out.push('a'.repeat(schema.maxLength + 1));
    if (schema.minLength) out.push('');
  }
  return [...new Set(out)];
}

/** The request's URL; a path parameter without a value is an error, never left as `{name}` or a placeholder. */
export function buildUrl(op: Operation, values: Record<string, unknown>): string {
  let url = op.path;
  const query = new URLSearchParams();
  for (const p of op.parameters) {
    const value = values[p.name];
    if (value === undefined && p.in === 'path') throw new Error(`${op.operationId}: no value for the path parameter ${p.name}`);
    if (value === undefined) continue;
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(parameterText(op, p.name, value)));
    else if (p.in === 'query') query.append(p.name, parameterText(op, p.name, value));
  }
  const qs = query.toString();
  return qs ? `${url}?${qs}` : url;
}

/** Path and query parameters are scalars in the document; an object here is a generator bug, not `[object Object]` in a URL. */
function parameterText(op: Operation, name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${op.operationId}: the parameter ${name} has a value that is not a scalar: ${JSON.stringify(value)}`);
}

/** A valid value for a parameter, drawing often on the examples the document gives for it. */
export function parameterValue(document: Document, p: Parameter): fc.Arbitrary<unknown> {
  const examples = Object.values(p.examples ?? {}).map((e) => e.value);
  const base = validValue(document, p.schema);
  return examples.length ? fc.oneof({ arbitrary: fc.constantFrom(...examples), weight: 3 }, { arbitrary: base, weight: 1 }) : base;
}

/** Valid requests for an operation: required parameters always, optional ones sometimes. */
export function validRequests(document: Document, op: Operation): fc.Arbitrary<Request> {
  const params = op.parameters.filter((p) => p.in !== 'header' && p.name !== 'format');
  const record = Object.fromEntries(params.map((p) => [p.name, parameterValue(document, p)]));
  const requiredKeys = params.filter((p) => p.required || p.in === 'path').map((p) => p.name);
  const body = op.requestBody?.content['application/json'];
  return fc
    .tuple(fc.record(record, { requiredKeys }), body ? validValue(document, body.schema) : fc.constant(undefined))
    .map(([values, payload]) => ({ method: op.method, url: buildUrl(op, values), ...(payload !== undefined ? { payload } : {}) }));
}

/** Requests that break exactly one constraint of one parameter (or leave out a required one). */
export function invalidRequests(document: Document, op: Operation, base: Record<string, unknown>): { request: Request; why: string }[] {
  const out: { request: Request; why: string }[] = [];
  for (const p of op.parameters.filter((p) => p.in !== 'header')) {
    for (const bad of invalidValues(document, p.schema)) {
      if (p.in === 'path' && bad === '') continue;
      out.push({
        request: { method: op.method, url: buildUrl(op, { ...base, [p.name]: bad }) },
        why: `${p.in} ${p.name}=${JSON.stringify(bad).slice(0, 40)}`,
      });
    }
  }
  return out;
}

/** Validates a body against a schema of the document (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
export function responseValidator(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  const cache = new Map<Schema, ReturnType<typeof ajv.compile>>();
  return (schema: Schema, body: unknown): string | undefined => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile({ ...schema, components: document.components });
      cache.set(schema, validate);
    }
    return validate(body) ? undefined : ajv.errorsText(validate.errors);
  };
}

/** Every `{ value }` Count object in a response, to check that no public count is between 1 and 7. */
export function countsIn(body: unknown, out: number[] = []): number[] {
  if (Array.isArray(body)) body.forEach((b: unknown) => countsIn(b, out));
  else if (body && typeof body === 'object') {
    const keys = Object.keys(body);
    const value = (body as { value?: unknown }).value;
    if (keys.every((k) => k === 'value' || k === 'flag') && typeof value === 'number') out.push(value);
    else Object.values(body).forEach((v) => countsIn(v, out));
  }
  return out;
}
