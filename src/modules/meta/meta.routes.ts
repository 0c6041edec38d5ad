import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ok, problems } from '../../http/responses.js';
import { REFERENCE_SOURCES } from '../../reference/reference.sources.js';
import { findReferenceLoad, findReferenceVersion } from './meta.queries.js';

const Source = z
  .object({
    id: z.string(),
    title: z.string(),
    publisher: z.string(),
    files: z.array(z.string()).describe('Files shipped in the repository under reference/'),
    licence: z.object({ name: z.string(), url: z.string() }),
    attribution: z.string().describe('The attribution the licence requires; repeat it when you republish'),
    url: z.string(),
    notes: z.string().optional(),
  })
  .meta({ id: 'Source' });

const Meta = z
  .object({
    name: z.string(),
    version: z.string(),
    documentation: z.object({ openapi: z.string(), docs: z.string() }),
    sources: z.array(Source),
    reference: z
      .object({ checksum: z.string().describe('sha256 of the loaded reference files'), loadedAt: z.string().describe('ISO 8601 time') })
      .nullable()
      .describe('When the reference data were last loaded into this database'),
  })
  .meta({ id: 'Meta' });

export const metaRoutes: FastifyPluginAsyncZod<{ version: string }> = async (app, options) => {
  app.cacheVersions.setReference(() => findReferenceVersion(app.readDb));

  app.get(
    '/meta',
    {
      config: { cache: 'reference' },
      schema: {
        operationId: 'getMeta',
        tags: ['Meta'],
        summary: 'Sources, licences and attribution of the data served',
        response: { 200: ok(Meta, 'Service description and data sources'), ...problems() },
      },
    },
    async () => {
      const load = await findReferenceLoad(app.readDb);
      return {
        name: 'Participation API',
        version: options.version,
        documentation: { openapi: '/openapi.json', docs: '/docs' },
        sources: [...REFERENCE_SOURCES],
        reference: load ? { checksum: load.checksum, loadedAt: load.loadedAt.toISOString() } : null,
      };
    },
  );
};
