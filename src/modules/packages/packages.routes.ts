import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../http/problem.js';
import { ok, problems } from '../../http/responses.js';
import { CsvwMetadata, DataPackage, PackageFileParams, ReleaseParams } from './packages.schemas.js';
import { describeCsvw, describeDataPackage, findRelease, packageFile, packageZip } from './packages.service.js';

const tags = ['Releases', 'Open data'];

// Everything here reads one release, which never changes: pinned caching, like the release itself.
export const packageRoutes: FastifyPluginAsyncZod = async (app) => {
  const releaseOr404 = async (id: number) => {
    const release = await findRelease(app.readDb, id);
    if (!release) throw notFound(`There is no release ${id}.`);
    return release;
  };

  app.get(
    '/releases/:id/datapackage.json',
    {
      config: { cache: 'release-pinned' },
      schema: {
        operationId: 'getReleaseDataPackage',
        tags,
        summary: 'A release as a Frictionless Data Package descriptor',
        description:
          'Describes the CSV tables of the release (`data/published.csv`, `data/areas.csv`, `data/activities.csv`, relative to this URL) with Table Schemas: types, `[c]` and `[x]` as missing values, primary and foreign keys; the licence, sources, contributors and the disclosure policy. Validate it with `frictionless validate <url>`.',
        params: ReleaseParams,
        response: { 200: ok(DataPackage, 'The Data Package descriptor'), ...problems(404) },
      },
    },
    async (request) => describeDataPackage(await releaseOr404(request.params.id), app.config.publicUrl),
  );

  app.get(
    '/releases/:id/csv-metadata.json',
    {
      config: { cache: 'release-pinned' },
      schema: {
        operationId: 'getReleaseCsvMetadata',
        tags,
        summary: 'A release as CSV on the Web (CSVW) metadata',
        description: 'The same tables as the Data Package, described with the W3C Metadata Vocabulary for Tabular Data.',
        params: ReleaseParams,
        response: { 200: ok(CsvwMetadata, 'The CSVW metadata'), ...problems(404) },
      },
    },
    async (request) => describeCsvw(await releaseOr404(request.params.id), app.config.publicUrl),
  );

  app.get(
    '/releases/:id/data/:file',
    {
      config: { cache: 'release-pinned' },
      schema: {
        operationId: 'getReleasePackageFile',
        tags,
        summary: 'One CSV table of a release package',
        description: 'The files the Data Package and CSVW metadata name, at the paths they name.',
        params: PackageFileParams,
        response: {
          200: { description: 'The table as CSV', content: { 'text/csv': { schema: z.string().describe('CSV with a header row') } } },
          ...problems(404),
        },
      },
    },
    async (request, reply) => {
      const release = await releaseOr404(request.params.id);
      const csv = await packageFile(app.readDb, release, request.params.file);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="release-${release.id}-${request.params.file}"`)
        .serializer((payload: unknown) => payload as string)
        .send(csv);
    },
  );

  app.get(
    '/releases/:id/package.zip',
    {
      config: { cache: 'release-pinned' },
      schema: {
        operationId: 'downloadReleasePackage',
        tags,
        summary: 'The whole release as one zip: the CSV tables, datapackage.json and csv-metadata.json',
        params: ReleaseParams,
        response: {
          200: { description: 'The zip', content: { 'application/zip': { schema: z.string().describe('A zip archive') } } },
          ...problems(404),
        },
      },
    },
    async (request, reply) => {
      const release = await releaseOr404(request.params.id);
      const zip = await packageZip(app.readDb, release, app.config.publicUrl);
      return (
        reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="participation-release-${release.id}.zip"`)
          // A stream is sent as it is; the type provider only knows the documented body type.
          .send(zip as unknown as string)
      );
    },
  );
};
