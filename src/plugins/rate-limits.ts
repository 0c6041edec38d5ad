// Per-minute request budgets (@fastify/rate-limit, in-process store): reads by client address,
// writes by API key. The key is hashed before use so the raw secret never sits in the store or a
// log. A route opts out with `config: { rateLimit: false }` (health probes, metrics).
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../http/problem.js';

const WINDOW_MS = 60_000;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const isWrite = (request: FastifyRequest) => !READ_METHODS.has(request.method);

/** `key:<sha256 prefix>` for a Bearer key, otherwise `ip:<address>` (the proxy's view when TRUST_PROXY is set). */
export function clientIdentity(request: FastifyRequest): string {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (match) return `key:${createHash('sha256').update(match[1]!).digest('hex').slice(0, 32)}`;
  return `ip:${request.ip}`;
}

async function rateLimitsPlugin(app: FastifyInstance) {
  const { readsPerMinute, writesPerMinute } = app.config.limits;
  await app.register(rateLimit, {
    global: true,
    timeWindow: WINDOW_MS,
    max: (request) => (isWrite(request) ? writesPerMinute : readsPerMinute),
    keyGenerator: (request) => `${isWrite(request) ? 'write' : 'read'}:${clientIdentity(request)}`,
    errorResponseBuilder: (request, context) => new ProblemError(
      'rate-limited',
      `At most ${context.max} ${isWrite(request) ? 'writes' : 'reads'} a minute are allowed; retry in ${context.after}.`,
    ),
  });
}

export default fp(rateLimitsPlugin, { name: 'rate-limits' });
