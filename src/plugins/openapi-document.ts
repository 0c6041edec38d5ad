import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';

export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url));

/** The committed form of the document: stable key order as generated, two-space indent, final newline. */
export const renderOpenApi = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Document = { components?: { schemas?: Record<string, Json> } } & Record<string, Json | undefined>;

const REF_PREFIX = '#/components/schemas/';

function rewriteRefs(node: Json, renames: Map<string, string>): Json {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, renames));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
        const target = renames.get(value.slice(REF_PREFIX.length));
        return [key, target ? `${REF_PREFIX}${target}` : value];
      }
      return [key, rewriteRefs(value, renames)];
    }),
  );
}

/**
 * The zod transform emits every component twice, as `X` (responses) and `XInput` (requests).
 * Identical pairs are merged, and components no operation reaches are dropped, so the
 * document says each thing once.
 */
export function mergeIdenticalInputSchemas<T>(document: T): T {
  const doc = document as Document;
  const schemas = doc.components?.schemas;
  if (!schemas) return document;
  const renames = new Map<string, string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const name of Object.keys(schemas)) {
      const base: string | undefined = name.endsWith('Input') ? name.slice(0, -'Input'.length) : undefined;
      if (!base || renames.has(name) || !(base in schemas)) continue;
      if (isDeepStrictEqual(rewriteRefs(schemas[name]!, renames), rewriteRefs(schemas[base]!, renames))) {
        renames.set(name, base);
        changed = true;
      }
    }
  }
  const merged = rewriteRefs({ ...doc, components: { ...doc.components, schemas: {} } }, renames) as Document;
  const rewritten = Object.fromEntries(
    Object.entries(schemas)
      .filter(([name]) => !renames.has(name))
      .map(([k, v]) => [k, rewriteRefs(v, renames)]),
  );
  const used = reachableSchemas(merged, rewritten);
  const kept = Object.fromEntries(Object.entries(rewritten).filter(([name]) => used.has(name)));
  return { ...merged, components: { ...merged.components, schemas: kept } } as T;
}

function collectRefs(node: Json | undefined, into: string[]) {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, into));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) into.push(value.slice(REF_PREFIX.length));
      else collectRefs(value, into);
    }
  }
}

/** Component names reachable from the operations, following references between components. */
function reachableSchemas(document: Document, schemas: Record<string, Json>): Set<string> {
  const pending: string[] = [];
  collectRefs(document.paths, pending);
  const seen = new Set<string>();
  while (pending.length) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    collectRefs(schemas[name], pending);
  }
  return seen;
}
