import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../http/problem.js';
import type { Actor, Caller } from '../domain/actor.js';

/** How a presented Bearer key is checked: app.ts hands in the keys module's lookup. */
export type AuthOptions = { findCaller: (key: string) => Promise<Caller | undefined> };

/**
 * Each protected operation's `security`, with the roles it admits (OpenAPI 3.1 lets a bearer
 * requirement list role names): admin only, or the organisation's own key as well as admin.
 * The contract tests read these to build the authorisation matrix, so keep them true to the hooks.
 */
export const ADMIN_ONLY = [{ bearer: ['admin'] }];
export const OWN_ORGANISATION = [{ bearer: ['organisation'] }, { bearer: ['admin'] }];

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const REALM = 'Bearer realm="participation-api"';
// The one Bearer pattern: RFC 6750's scheme, case-insensitive, trailing spaces tolerated.
const BEARER = /^Bearer +(\S+) *$/i;

const unauthorized = (detail: string, error?: string) =>
  new ProblemError('unauthorized', detail, {}, { 'www-authenticate': error ? `${REALM}, error="${error}"` : REALM });

/** The caller a Bearer header proves, or the problem to answer if a protected route is asked with it. */
async function verify(options: AuthOptions, header: string): Promise<Caller | ProblemError> {
  const match = BEARER.exec(header);
  if (!match) return unauthorized('The Authorization header must be `Bearer <key>`.', 'invalid_request');
  return (await options.findCaller(match[1]!)) ?? unauthorized('The key is unknown or has been revoked.', 'invalid_token');
}

function authenticate(request: FastifyRequest): Caller {
  if (request.caller) return request.caller;
  throw request.authFailure ?? unauthorized('This operation needs a key: send `Authorization: Bearer <key>`.');
}

async function authPlugin(app: FastifyInstance, options: AuthOptions) {
  app.decorateRequest('caller', null);
  app.decorateRequest('authFailure', null);

  // A key is verified here, before the rate limiter names its bucket: only a verified key has a
  // bucket of its own, so random Bearer values cannot buy fresh budgets. Only where a key can
  // matter (a route with a `security` requirement, or a write): public reads ignore the header,
  // so they are counted by address and a Bearer value costs them no database lookup.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header === undefined) return;
    if (READ_METHODS.has(request.method) && !request.routeOptions.schema?.security) return;
    try {
      const verdict = await verify(options, header);
      if (verdict instanceof ProblemError) request.authFailure = verdict;
      else request.caller = verdict;
    } catch (error) {
      // The database is unreachable: a public read still answers; a protected route answers 503.
      request.authFailure = error as Error;
    }
  });

  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    const caller = authenticate(request);
    if (caller.kind !== 'admin') throw new ProblemError('forbidden', 'Only an admin key may do this.');
  });

  app.decorate('requireOrganisationOrAdmin', (param = 'id') => async (request: FastifyRequest) => {
    const caller = authenticate(request);
    const organisationId = (request.params as Record<string, string | undefined>)[param];
    if (caller.kind === 'admin' || caller.organisationId === organisationId) return;
    throw new ProblemError('forbidden', 'This key belongs to another organisation.');
  });
}

/** Who made a change, for the audit log: the verified key (if any) and the request. */
export const actorOf = (request: FastifyRequest): Actor => ({ apiKeyId: request.caller?.keyId ?? null, requestId: request.id });

export default fp(authPlugin, { name: 'auth', dependencies: ['problems'] });
