// Facts every operation of this API shares, added to the generated document in one place rather
// than repeated in each route: public reads need no key, rate-limited answers carry the limit
// headers, integers say their width, and the server says who it is for.
type Json = Record<string, unknown>;

const count = { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000_000 };
const seconds = { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 };
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': { description: 'Requests allowed in the current window', schema: count },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window; a 304 does not use one', schema: count },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets', schema: seconds },
};
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: seconds } };
/** CORS is open to any site for reads (no credentials) and closed for writes: see plugins/security.ts. */
const CORS_READ = {
  'Access-Control-Allow-Origin': { description: '`*`: any site may read this from a browser', schema: { type: 'string', enum: ['*'] } },
};
const READ_METHODS = new Set(['get', 'head']);

const INT32 = 2 ** 31;

/** `format` from the bounds zod enforces: int32 when both bounds fit, int64 otherwise. */
function addIntegerFormats(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(addIntegerFormats);
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  if (schema.type === 'integer' && !schema.format) {
    const min = schema.minimum as number | undefined;
    const max = schema.maximum as number | undefined;
    schema.format = min !== undefined && max !== undefined && min >= -INT32 && max < INT32 ? 'int32' : 'int64';
  }
  Object.values(schema).forEach(addIntegerFormats);
}

export type RouteFacts = { rateLimited: Set<string> };

export const operationKey = (method: string, url: string) => `${method.toUpperCase()} ${url.replace(/:(\w+)/g, '{$1}')}`;

export function applyConventions<T>(document: T, facts: RouteFacts): T {
  const doc = document as Json & { paths?: Record<string, Record<string, Json>>; servers?: Json[] };
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(operations)) {
      op.security ??= [];
      const limited = facts.rateLimited.has(operationKey(method, path));
      // A route outside the rate limiter (health probes) can never answer 429.
      if (!limited) delete (op.responses as Json)['429'];
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        response.headers = {
          ...(READ_METHODS.has(method) ? CORS_READ : {}),
          ...(limited ? RATE_LIMIT_HEADERS : {}),
          ...(limited && (status === '429' || status === '503') ? RETRY_AFTER : {}),
          ...(response.headers as Json),
        };
      }
    }
  }
  addIntegerFormats(doc);
  doc.servers = (doc.servers ?? []).map((server) => ({ ...server, 'x-internal': false }));
  return document;
}
