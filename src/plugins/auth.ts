import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../http/problem.js';
import { actsFor, isAdmin, type Actor, type Caller, type PersonCaller } from '../domain/actor.js';

/**
 * How a caller is proved: app.ts hands in the keys module's lookup for a Bearer key and the people
 * module's for a session cookie (which also records that the session was used).
 */
export type AuthOptions = {
  findCaller: (key: string) => Promise<Caller | undefined>;
  findSession: (token: string) => Promise<PersonCaller | undefined>;
};

/** The cookie that carries a session, and the header every state-changing request from a session must carry. */
export const SESSION_COOKIE = 'pa_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Each protected operation's `security`, with the roles it admits (OpenAPI 3.1 lets a requirement
 * list role names): admin only, or the organisation's own key or people as well as admin. A
 * session is a caller like a key: a person acts for their own organisations, or as an admin. The
 * contract tests read these to build the authorisation matrix, so keep them true to the hooks.
 */
type Security = { [scheme: string]: string[] }[];

export const ADMIN_ONLY: Security = [{ bearer: ['admin'] }, { session: ['admin'] }];
export const OWN_ORGANISATION: Security = [
  { bearer: ['organisation'] },
  { bearer: ['admin'] },
  { session: ['organisation'] },
  { session: ['admin'] },
];
/** The organisation's people or an admin, never an organisation key (a key may not mint or revoke keys). */
export const OWN_PEOPLE: Security = [{ session: ['organisation'] }, { bearer: ['admin'] }, { session: ['admin'] }];
/** Anyone signed in, for their own session. */
export const SIGNED_IN: Security = [{ session: [] }];

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

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The person a session cookie proves; on a state-changing request only with the session's CSRF token. */
async function verifySession(options: AuthOptions, request: FastifyRequest, token: string): Promise<Caller | ProblemError> {
  const person = await options.findSession(token);
  if (!person) return unauthorized('Your session has ended or was signed out. Sign in again.');
  if (!READ_METHODS.has(request.method) && !sameToken(request.headers[CSRF_HEADER], person.csrfToken)) {
    return new ProblemError(
      'forbidden',
      `A change made while signed in must carry the session's CSRF token in the ${CSRF_HEADER} header (from GET /v1/session). Nothing was changed.`,
    );
  }
  return person;
}

function authenticate(request: FastifyRequest): Caller {
  if (request.caller) return request.caller;
  throw request.authFailure ?? unauthorized('This operation needs a key: send `Authorization: Bearer <key>`.');
}

async function authPlugin(app: FastifyInstance, options: AuthOptions) {
  app.decorateRequest('caller', null);
  app.decorateRequest('authFailure', null);

  // A key or session is verified here, before the rate limiter names its bucket: only a verified
  // caller has a bucket of its own, so random Bearer values cannot buy fresh budgets. Only where
  // a caller can matter (a route with a `security` requirement, or a write): public reads ignore
  // both, so they are counted by address and cost no database lookup. A Bearer key wins over a
  // cookie: a request that names a key is not using the browser's session.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (READ_METHODS.has(request.method) && !request.routeOptions.schema?.security) return;
    const header = request.headers.authorization;
    const session = header === undefined ? request.cookies[SESSION_COOKIE] : undefined;
    if (header === undefined && !session) return;
    try {
      const verdict = header !== undefined ? await verify(options, header) : await verifySession(options, request, session!);
      if (verdict instanceof ProblemError) request.authFailure = verdict;
      else request.caller = verdict;
    } catch (error) {
      // The database is unreachable: a public read still answers; a protected route answers 503.
      request.authFailure = error as Error;
    }
  });

  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    const caller = authenticate(request);
    if (isAdmin(caller)) return;
    throw new ProblemError('forbidden', caller.via === 'key' ? 'Only an admin key may do this.' : 'Only an admin may do this.');
  });

  app.decorate('requireOrganisationOrAdmin', (param = 'id') => async (request: FastifyRequest) => {
    const caller = authenticate(request);
    if (actsFor(caller, (request.params as Record<string, string | undefined>)[param])) return;
    throw new ProblemError(
      'forbidden',
      caller.via === 'key' ? 'This key belongs to another organisation.' : 'You do not act for this organisation.',
    );
  });

  // The organisation's people or an admin: an organisation key may read and write figures, but
  // may not issue or revoke keys (a leaked key must not be able to make itself a successor).
  app.decorate('requirePeopleOrAdmin', (param = 'id') => async (request: FastifyRequest) => {
    const caller = authenticate(request);
    if (caller.via === 'key' && caller.kind === 'organisation') {
      throw new ProblemError('forbidden', "An organisation key cannot manage keys: sign in as one of the organisation's people.");
    }
    if (actsFor(caller, (request.params as Record<string, string | undefined>)[param])) return;
    throw new ProblemError('forbidden', 'You do not act for this organisation.');
  });

  app.decorate('requireSession', async (request: FastifyRequest) => {
    if (request.caller?.via === 'session') return;
    throw request.authFailure ?? new ProblemError('unauthorized', 'You are not signed in.');
  });
}

/** Who made a change, for the audit log: the verified key or the signed-in person (if any) and the request. */
export const actorOf = (request: FastifyRequest): Actor => ({
  apiKeyId: request.caller?.via === 'key' ? request.caller.keyId : null,
  personId: request.caller?.via === 'session' ? request.caller.personId : null,
  requestId: request.id,
});

export default fp(authPlugin, { name: 'auth', dependencies: ['problems', '@fastify/cookie'] });
