import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../http/problem.js';
import { ok, problems } from '../../http/responses.js';
import { actorOf, ADMIN_ONLY, OWN_PEOPLE } from '../../plugins/auth.js';
import { requireOrganisation } from '../organisations/organisations.service.js';
import { OrganisationParams } from '../organisations/organisations.schemas.js';
import { IssueKeyBody, IssuedKey, KeyParams, KeySummaryList, OrganisationKeyParams } from './keys.schemas.js';
import { issueKey, listKeys, revokeKey } from './keys.service.js';

const tags = ['Admin'];

export const keyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/organisations/:id/keys',
    {
      onRequest: app.requirePeopleOrAdmin('id'),
      schema: {
        operationId: 'issueOrganisationKey',
        tags,
        security: OWN_PEOPLE,
        summary: 'Issue a key for an organisation',
        description:
          "For an admin, or one of the organisation's people signed in (its own developer's key). The key is in this response only; it is stored as a SHA-256 hash and cannot be shown again. An organisation key cannot issue keys.",
        params: OrganisationParams,
        body: IssueKeyBody.optional(),
        response: { 201: ok(IssuedKey, 'The new key, shown this once'), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await requireOrganisation(app.db, id);
      const { row, key } = await issueKey(
        app.db,
        { kind: 'organisation', organisationId: id, label: request.body?.label },
        actorOf(request),
      );
      reply.code(201).header('cache-control', 'no-store');
      return { id: row.id, key, kind: row.kind, organisation: row.organisationId, label: row.label };
    },
  );

  app.get(
    '/organisations/:id/keys',
    {
      onRequest: app.requirePeopleOrAdmin('id'),
      schema: {
        operationId: 'listOrganisationKeys',
        tags,
        security: OWN_PEOPLE,
        summary: "List an organisation's keys",
        description: 'Ids, labels and dates; a key itself is never shown again after it was issued.',
        params: OrganisationParams,
        response: { 200: ok(KeySummaryList, 'The keys'), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await requireOrganisation(app.db, request.params.id);
      reply.header('cache-control', 'private, no-store');
      return { data: await listKeys(app.db, request.params.id) };
    },
  );

  app.delete(
    '/organisations/:id/keys/:keyId',
    {
      onRequest: app.requirePeopleOrAdmin('id'),
      schema: {
        operationId: 'revokeOrganisationKey',
        tags,
        security: OWN_PEOPLE,
        summary: "Revoke one of an organisation's keys",
        description: "The key stops working at once. Another organisation's key is a 404 here and is not touched.",
        params: OrganisationKeyParams,
        response: { 204: z.null().describe('Revoked'), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, keyId } = request.params;
      const revoked = await revokeKey(app.db, keyId, actorOf(request), id);
      if (!revoked) throw notFound(`Organisation ${id} has no key with id ${keyId}.`);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/keys/:keyId',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'revokeKey',
        tags,
        security: ADMIN_ONLY,
        summary: 'Revoke a key',
        description: 'The key stops working at once. Revoking a key that is already revoked changes nothing.',
        params: KeyParams,
        response: { 204: z.null().describe('Revoked'), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const revoked = await revokeKey(app.db, request.params.keyId, actorOf(request));
      if (!revoked) throw notFound(`There is no key with id ${request.params.keyId}.`);
      return reply.code(204).send(null);
    },
  );
};
