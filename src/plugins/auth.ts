import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../http/problem.js';
import { findKeyByHash } from '../modules/keys/keys.queries.js';
import { hashKey, looksLikeKey, sameHash } from '../modules/keys/keys.secret.js';

export type Caller = { keyId: string; kind: 'admin' | 'organisation'; organisationId: string | null };

/**
 * Each protected operation's `security`, with the roles it admits (OpenAPI 3.1 lets a bearer
 * requirement list role names): admin only, or the organisation's own key as well as admin.
 * The contract tests read these to build the authorisation matrix, so keep them true to the hooks.
 */
export const ADMIN_ONLY = [{ bearer: ['admin'] }];
export const OWN_ORGANISATION = [{ bearer: ['organisation'] }, { bearer: ['admin'] }];

const REALM = 'Bearer realm="participation-api"';

const unauthorized = (detail: string, error?: string) =>
  new ProblemError('unauthorized', detail, {}, { 'www-authenticate': error ? `${REALM}, error="${error}"` : REALM });

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) throw unauthorized('The Authorization header must be `Bearer <key>`.', 'invalid_request');
  return match[1];
}

async function authenticate(app: FastifyInstance, request: FastifyRequest): Promise<Caller> {
  if (request.caller) return request.caller;
  const key = bearerToken(request);
  if (!key) throw unauthorized('This operation needs a key: send `Authorization: Bearer <key>`.');
  const invalid = unauthorized('The key is unknown or has been revoked.', 'invalid_token');
  if (!looksLikeKey(key)) throw invalid;
  const hash = hashKey(key);
  const row = await findKeyByHash(app.db, hash);
  // The lookup is by hash, so the stored value is compared again in constant time as a second guard.
  if (!row || !sameHash(row.keyHash, hash) || row.revokedAt) throw invalid;
  request.caller = { keyId: row.id, kind: row.kind, organisationId: row.organisationId };
  return request.caller;
}

async function authPlugin(app: FastifyInstance) {
  app.decorateRequest('caller', null);

  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    const caller = await authenticate(app, request);
    if (caller.kind !== 'admin') throw new ProblemError('forbidden', 'Only an admin key may do this.');
  });

  app.decorate('requireOrganisationOrAdmin', (param = 'id') => async (request: FastifyRequest) => {
    const caller = await authenticate(app, request);
    const organisationId = (request.params as Record<string, string | undefined>)[param];
    if (caller.kind === 'admin' || caller.organisationId === organisationId) return;
    throw new ProblemError('forbidden', 'This key belongs to another organisation.');
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['problems'] });
