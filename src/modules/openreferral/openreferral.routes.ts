import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ok, problems } from '../../http/responses.js';
import { DirectoryIdParams, DirectoryPageQuery, HsdsApiInfo, HsdsItem, HsdsPage } from './openreferral.schemas.js';
import {
  apiInfo,
  getOrganization,
  getService,
  listOrganizations,
  listServices,
  listTaxonomies,
  listTaxonomyTerms,
} from './openreferral.service.js';

const tags = ['Open Referral'];
const CONSENT = 'Only organisations that agreed to be named appear; the others are absent, not even by id.';

// Every answer here names organisations or follows from what they published: the `consent` cache
// policy, so a withdrawn consent retires every cached answer at once.
export const openReferralRoutes: FastifyPluginAsyncZod = async (app) => {
  const config = { cache: 'consent' as const };
  const url = app.config.publicUrl;

  app.get(
    '/openreferral',
    {
      config: { cache: 'reference' },
      schema: {
        operationId: 'getOpenReferralInfo',
        tags,
        summary: 'Open Referral UK (HSDS 3.0) directory: about this API',
        response: { 200: ok(HsdsApiInfo, 'The HSDS version, profile and OpenAPI document'), ...problems() },
      },
    },
    async () => apiInfo(url),
  );

  app.get(
    '/openreferral/services',
    {
      config,
      schema: {
        operationId: 'listOpenReferralServices',
        tags,
        summary: 'Named organisations as HSDS services: their activities and the areas they serve',
        description: `One service per named organisation: its activities as OpenActive Activity List terms (attributes), the areas it has published figures for as service areas. ${CONSENT}`,
        querystring: DirectoryPageQuery,
        response: { 200: ok(HsdsPage, 'A page of services'), ...problems() },
      },
    },
    async (request) => listServices(app.readDb, url, request.query),
  );

  app.get(
    '/openreferral/services/:id',
    {
      config,
      schema: {
        operationId: 'getOpenReferralService',
        tags,
        summary: 'One HSDS service',
        description: CONSENT,
        params: DirectoryIdParams,
        response: { 200: ok(HsdsItem, 'The service, with its organization, attributes and service areas'), ...problems(404) },
      },
    },
    async (request) => getService(app.readDb, url, request.params.id),
  );

  app.get(
    '/openreferral/organizations',
    {
      config,
      schema: {
        operationId: 'listOpenReferralOrganizations',
        tags,
        summary: 'Named organisations as HSDS organizations',
        description: CONSENT,
        querystring: DirectoryPageQuery,
        response: { 200: ok(HsdsPage, 'A page of organizations'), ...problems() },
      },
    },
    async (request) => listOrganizations(app.readDb, url, request.query),
  );

  app.get(
    '/openreferral/organizations/:id',
    {
      config,
      schema: {
        operationId: 'getOpenReferralOrganization',
        tags,
        summary: 'One HSDS organization',
        description: CONSENT,
        params: DirectoryIdParams,
        response: { 200: ok(HsdsItem, 'The organization'), ...problems(404) },
      },
    },
    async (request) => getOrganization(app.readDb, url, request.params.id),
  );

  app.get(
    '/openreferral/taxonomies',
    {
      config: { cache: 'reference' },
      schema: {
        operationId: 'listOpenReferralTaxonomies',
        tags,
        summary: 'The taxonomies of the directory: the OpenActive Activity List and the local community activities',
        querystring: DirectoryPageQuery,
        response: { 200: ok(HsdsPage, 'A page of taxonomies'), ...problems() },
      },
    },
    async (request) => listTaxonomies(request.query),
  );

  app.get(
    '/openreferral/taxonomy_terms',
    {
      config,
      schema: {
        operationId: 'listOpenReferralTaxonomyTerms',
        tags,
        summary: 'The activities named organisations have published figures for, as HSDS taxonomy terms',
        querystring: DirectoryPageQuery,
        response: { 200: ok(HsdsPage, 'A page of taxonomy terms'), ...problems() },
      },
    },
    async (request) => listTaxonomyTerms(app.readDb, request.query),
  );
};
