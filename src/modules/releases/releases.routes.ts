import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, wantsCsv } from '../../http/csv.js';
import { notFound } from '../../http/problem.js';
import { jsonOrCsv, ok, problems } from '../../http/responses.js';
import { ATTRIBUTION, DEMO_NOTE, LICENCE, TOTALS_NOTE } from '../../domain/publication.js';
import { ProblemError } from '../../http/problem.js';
import { actorOf, ADMIN_ONLY } from '../../plugins/auth.js';
import { findLatestReleaseId, findRelease, listPublishedRows, listReleases } from './releases.queries.js';
import { NothingToPublishError, publishRelease } from './releases.service.js';
import { releasePreviewRoutes } from './release-preview.routes.js';
import {
  DownloadQuery,
  ListReleasesQuery,
  PublishReleaseRequest,
  publishedCsv,
  PublishedTable,
  Release,
  ReleaseList,
  ReleaseParams,
  toPublishedTableRow,
  toRelease,
} from './releases.schemas.js';

const tags = ['Releases'];

export const releaseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.cacheVersions.setLatestRelease(async () => findLatestReleaseId(app.readDb));
  await app.register(releasePreviewRoutes);

  app.post(
    '/releases',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'publishRelease',
        tags,
        security: ADMIN_ONLY,
        summary: 'Build and publish a release from the current figures (admin)',
        description:
          'Snapshots every current figure, applies the disclosure policy once and stores the result as the next numbered release. All or nothing. `npm run release` does the same from the command line.',
        body: PublishReleaseRequest,
        response: { 201: ok(Release, 'The release just published'), ...problems(401, 403, 409) },
      },
    },
    async (request, reply) => {
      try {
        const published = await publishRelease(app.db, {
          policy: app.config.disclosure,
          notes: request.body?.notes ?? null,
          actor: actorOf(request),
        });
        const release = await findRelease(app.db, published.id);
        return reply.code(201).header('location', `/v1/releases/${published.id}`).send(toRelease(release!));
      } catch (error) {
        if (error instanceof NothingToPublishError) throw new ProblemError('conflict', `${error.message} Submit figures first.`);
        throw error;
      }
    },
  );

  app.get(
    '/releases',
    {
      config: { cache: 'latest' },
      schema: {
        operationId: 'listReleases',
        tags,
        summary: 'List published releases, newest first',
        querystring: ListReleasesQuery,
        response: { 200: ok(ReleaseList, 'A page of releases'), ...problems() },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const { rows, total } = await listReleases(app.readDb, { limit, offset });
      return { data: rows.map(toRelease), page: { limit, offset, total } };
    },
  );

  app.get(
    '/releases/latest',
    {
      config: { cache: 'latest' },
      schema: {
        operationId: 'getLatestRelease',
        tags,
        summary: 'The latest release',
        response: { 200: ok(Release, 'The latest release'), ...problems(404) },
      },
    },
    async () => {
      const release = await findRelease(app.readDb);
      if (!release)
        throw notFound(
          'No release has been published yet. The steward who runs this service publishes one with an admin key (`POST /v1/releases`, or `npm run release` on the server).',
        );
      return toRelease(release);
    },
  );

  app.get(
    '/releases/:id',
    {
      config: { cache: 'release-pinned' },
      schema: {
        operationId: 'getRelease',
        tags,
        summary: 'One release: its policy, counts and notes',
        params: ReleaseParams,
        response: { 200: ok(Release, 'The release'), ...problems(404) },
      },
    },
    async (request) => {
      const release = await findRelease(app.readDb, request.params.id);
      if (!release) throw notFound(`There is no release ${request.params.id}.`);
      return toRelease(release);
    },
  );

  app.get(
    '/releases/:id/download',
    {
      config: { cache: 'release-pinned' },
      schema: {
        operationId: 'downloadRelease',
        tags,
        summary: 'The whole published table of a release',
        description: 'Totals, not-attributed rows and the per-organisation breakdown of every area, activity and period, as published.',
        params: ReleaseParams,
        querystring: DownloadQuery,
        response: { 200: jsonOrCsv(PublishedTable, 'The published table'), ...problems(404, 406) },
      },
    },
    async (request, reply) => {
      const release = await findRelease(app.readDb, request.params.id);
      if (!release) throw notFound(`There is no release ${request.params.id}.`);
      const rows = await listPublishedRows(app.readDb, release.id);
      if (wantsCsv(request)) return sendCsv(reply, `release-${release.id}`, publishedCsv(release), rows);
      return {
        release: toRelease(release),
        licence: LICENCE,
        attribution: ATTRIBUTION,
        notes: [TOTALS_NOTE, ...(release.isDemo ? [DEMO_NOTE] : [])],
        data: rows.map(toPublishedTableRow),
      };
    },
  );
};
