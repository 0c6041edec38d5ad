import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../../http/responses.js';
import { AreaCode } from '../areas/areas.schemas.js';
import { ReleaseQuery } from '../statistics/statistics.schemas.js';
import { getCatalog, getDataset } from './catalog.service.js';

const tags = ['Open data'];
const JSON_LD = 'application/ld+json; charset=utf-8';

const DcatCatalog = z
  .looseObject({
    '@context': z.looseObject({}),
    '@type': z.literal('dcat:Catalog'),
    'dcat:dataset': z.array(z.looseObject({ '@id': z.string() })),
  })
  .describe('A DCAT catalogue (DCAT-AP terms) in JSON-LD: every release a dcat:Dataset with its distributions')
  .meta({ id: 'DcatCatalog' });
const SchemaOrgDataset = z
  .looseObject({ '@context': z.string(), '@type': z.literal('Dataset'), name: z.string() })
  .describe('A schema.org Dataset in JSON-LD')
  .meta({ id: 'SchemaOrgDataset' });

const jsonLd = (schema: z.ZodType, description: string) => ({ description, content: { 'application/ld+json': { schema } } });

export const catalogRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/catalog',
    {
      config: { cache: 'latest' },
      schema: {
        operationId: 'getCatalog',
        tags,
        summary: 'The releases as a DCAT catalogue (JSON-LD, DCAT-AP terms), for data portals',
        response: { 200: jsonLd(DcatCatalog, 'The catalogue'), ...problems() },
      },
    },
    async (_request, reply) => reply.type(JSON_LD).send(await getCatalog(app.readDb, app.config.publicUrl)),
  );

  app.get(
    '/catalog/dataset',
    {
      config: { cache: 'latest' },
      schema: {
        operationId: 'getLatestDatasetJsonLd',
        tags,
        summary: 'The latest release as a schema.org Dataset (JSON-LD), for dataset search engines',
        description:
          'The public page embeds this in a `<script type="application/ld+json">` element; the area profile page `/areas/{code}` embeds it with `area` (and the `release` it shows), which names the area in the title and gives it as `spatialCoverage`. 404 when no release has been published yet (the pages ask only when there is one), or for an unknown release or area.',
        querystring: z.object({
          area: AreaCode.optional().describe('Describe the area profile of this area (ONS GSS code)'),
          release: ReleaseQuery,
        }),
        response: { 200: jsonLd(SchemaOrgDataset, 'The dataset description'), ...problems(404) },
      },
    },
    async (request, reply) => reply.type(JSON_LD).send(await getDataset(app.readDb, app.config.publicUrl, request.query)),
  );
};
