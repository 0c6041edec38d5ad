import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, wantsCsv } from '../../http/csv.js';
import { notFound } from '../../http/problem.js';
import { jsonOrCsv, ok, problems } from '../../http/responses.js';
import { findOrganisation, listOrganisations } from './organisations.queries.js';
import { ListOrganisationsQuery, Organisation, ORGANISATION_CSV, OrganisationList, OrganisationParams } from './organisations.schemas.js';

const tags = ['Organisations'];

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/organisations', {
    config: { cache: 'reference' },
    schema: {
      operationId: 'listOrganisations', tags, summary: 'List named organisations',
      description: 'Only organisations that agreed to be named are listed; the others count only within "other organisations".',
      querystring: ListOrganisationsQuery,
      response: { 200: jsonOrCsv(OrganisationList, 'A page of organisations'), ...problems(406) },
    },
  }, async (request, reply) => {
    const { limit, offset, q, area } = request.query;
    const { rows, total } = await listOrganisations(app.db, { q, area, namedOnly: true }, { limit, offset });
    if (wantsCsv(request)) return sendCsv(reply, 'organisations', ORGANISATION_CSV, rows);
    return { data: rows, page: { limit, offset, total } };
  });

  app.get('/organisations/:id', {
    config: { cache: 'reference' },
    schema: {
      operationId: 'getOrganisation', tags, summary: 'Get one named organisation',
      params: OrganisationParams,
      response: { 200: ok(Organisation, 'The organisation'), ...problems(404) },
    },
  }, async (request) => {
    const organisation = await findOrganisation(app.db, request.params.id);
    // An organisation that has not agreed to be named is indistinguishable from one that does not exist.
    if (!organisation?.named) throw notFound(`There is no named organisation with id ${request.params.id}.`);
    return organisation;
  });
};
