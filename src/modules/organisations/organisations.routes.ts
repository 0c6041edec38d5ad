import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../http/problem.js';
import { jsonOrCsv, ok, problems, replyList } from '../../http/responses.js';
import { actorOf, ADMIN_ONLY, OWN_ORGANISATION } from '../../plugins/auth.js';
import {
  Consent,
  ConsentBody,
  CreateOrganisationBody,
  ListAllOrganisationsQuery,
  ListOrganisationsQuery,
  Organisation,
  ORGANISATION_CSV,
  OrganisationList,
  OrganisationParams,
  UpdateOrganisationBody,
} from './organisations.schemas.js';
import {
  createOrganisation,
  findConsent,
  listOrganisations,
  requireNamedOrganisation,
  setConsent,
  updateOrganisation,
} from './organisations.service.js';

const tags = ['Organisations'];

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/organisations',
    {
      // `activity` reads the latest release, so the ETag follows releases as well as organisations.
      config: { cache: 'consent' },
      schema: {
        operationId: 'listOrganisations',
        tags,
        summary: 'List named organisations',
        description:
          'Only organisations that agreed to be named are listed; the others count only within "other organisations". `activity` lists the organisations whose figures for that activity (or one beneath it) are in the latest release: figures not yet published do not count.',
        querystring: ListOrganisationsQuery,
        response: { 200: jsonOrCsv(OrganisationList, 'A page of organisations'), ...problems(406) },
      },
    },
    async (request, reply) => {
      const { limit, offset, q, area, activity } = request.query;
      const filter = { q, area, activity, releaseId: request.latestReleaseId, namedOnly: true };
      const { rows, total } = await listOrganisations(app.readDb, filter, { limit, offset });
      return replyList(request, reply, rows, { limit, offset, total }, { filename: 'organisations', columns: ORGANISATION_CSV });
    },
  );

  app.get(
    '/organisations/:id',
    {
      config: { cache: 'reference' },
      schema: {
        operationId: 'getOrganisation',
        tags,
        summary: 'Get one named organisation',
        params: OrganisationParams,
        response: { 200: ok(Organisation, 'The organisation'), ...problems(404) },
      },
    },
    async (request) => {
      return requireNamedOrganisation(app.readDb, request.params.id);
    },
  );

  app.get(
    '/steward/organisations',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'listAllOrganisations',
        tags: ['Admin'],
        security: ADMIN_ONLY,
        summary: 'List every organisation, named or not (admin)',
        description:
          'What the steward looks after: the organisations that agreed to be named and those that did not, demonstration ones included (`demo`), by name. `q` and `area` filter as on `GET /v1/organisations`.',
        querystring: ListAllOrganisationsQuery,
        response: { 200: jsonOrCsv(OrganisationList, 'A page of organisations'), ...problems(401, 403, 406) },
      },
    },
    async (request, reply) => {
      const { limit, offset, q, area } = request.query;
      const { rows, total } = await listOrganisations(app.db, { q, area, namedOnly: false }, { limit, offset });
      reply.header('cache-control', 'private, no-store');
      return replyList(request, reply, rows, { limit, offset, total }, { filename: 'organisations', columns: ORGANISATION_CSV });
    },
  );

  app.post(
    '/organisations',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'createOrganisation',
        tags: ['Admin'],
        security: ADMIN_ONLY,
        summary: 'Create an organisation',
        description: 'Then issue it a key with `POST /v1/organisations/{id}/keys`. An id already taken is a 409.',
        body: CreateOrganisationBody,
        response: { 201: ok(Organisation, 'The organisation as stored'), ...problems(401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const organisation = await createOrganisation(app.db, request.body, actorOf(request));
      return reply.code(201).header('location', `/v1/organisations/${organisation.id}`).send(organisation);
    },
  );

  app.patch(
    '/organisations/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'updateOrganisation',
        tags: ['Admin'],
        security: ADMIN_ONLY,
        summary: 'Change an organisation',
        description: 'Only the fields given change. Withdrawing consent (`named: false`) takes effect in the next release.',
        params: OrganisationParams,
        body: UpdateOrganisationBody,
        response: { 200: ok(Organisation, 'The organisation as stored'), ...problems(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const organisation = await updateOrganisation(app.db, request.params.id, request.body, actorOf(request));
      if (!organisation) throw notFound(`There is no organisation with id ${request.params.id}.`);
      return organisation;
    },
  );

  app.get(
    '/organisations/:id/consent',
    {
      onRequest: app.requireOrganisationOrAdmin('id'),
      schema: {
        operationId: 'getConsent',
        tags: ['Organisations'],
        security: OWN_ORGANISATION,
        summary: 'Whether the organisation is named in public',
        description: 'For its own key or people, or an admin: named or not (it is not public for an organisation that is not named).',
        params: OrganisationParams,
        response: { 200: ok(Consent, 'The current choice'), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const consent = await findConsent(app.db, request.params.id);
      if (!consent) throw notFound(`There is no organisation with id ${request.params.id}.`);
      reply.header('cache-control', 'private, no-store');
      return consent;
    },
  );

  app.put(
    '/organisations/:id/consent',
    {
      onRequest: app.requireOrganisationOrAdmin('id'),
      schema: {
        operationId: 'setConsent',
        tags: ['Organisations'],
        security: OWN_ORGANISATION,
        summary: 'Choose whether the organisation is named in public',
        description:
          'Named: its own row and share in every breakdown, and listed among organisations. Not named: its figures still count, within "other organisations". Applies from the next release; the change is audited.',
        params: OrganisationParams,
        body: ConsentBody,
        response: { 200: ok(Consent, 'The choice as stored'), ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const consent = await setConsent(app.db, request.params.id, request.body.named, actorOf(request));
      if (!consent) throw notFound(`There is no organisation with id ${request.params.id}.`);
      return consent;
    },
  );
};
