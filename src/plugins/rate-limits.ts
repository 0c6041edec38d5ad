// Per-minute request budgets (@fastify/rate-limit, in-process store), per verified API key, else
// per client address. A key counts as a client only once the auth plugin has verified it (its
// onRequest hook runs before this one): an unverified Bearer value is just part of the request, so
// sending a new random one each time cannot escape the address's budget. A route opts out with
// `config: { rateLimit: false }` (health probes, metrics).
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../http/problem.js';

const WINDOW_MS = 60_000;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const isWrite = (request: FastifyRequest) => !READ_METHODS.has(request.method);

/** `key:<key id>` for a verified key, `person:<id>` for a session, otherwise `ip:<address>` (the proxy's view when TRUST_PROXY is set). */
export function clientIdentity(request: FastifyRequest): string {
  const caller = request.caller;
  if (!caller) return `ip:${request.ip}`;
  return caller.via === 'key' ? `key:${caller.keyId}` : `person:${caller.personId}`;
}

async function rateLimitsPlugin(app: FastifyInstance) {
  const { readsPerMinute, writesPerMinute } = app.config.limits;
  await app.register(rateLimit, {
    global: true,
    timeWindow: WINDOW_MS,
    max: (request) => (isWrite(request) ? writesPerMinute : readsPerMinute),
    keyGenerator: (request) => `${isWrite(request) ? 'write' : 'read'}:${clientIdentity(request)}`,
    errorResponseBuilder: (request, context) =>
      new ProblemError(
        'rate-limited',
        `At most ${context.max} ${isWrite(request) ? 'writes' : 'reads'} a minute are allowed; retry in ${context.after}.`,
      ),
  });
}

export default fp(rateLimitsPlugin, { name: 'rate-limits', dependencies: ['auth'] });
