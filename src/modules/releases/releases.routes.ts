import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, wantsCsv } from '../../http/csv.js';
import { notFound } from '../../http/problem.js';
import { jsonOrCsv, ok, problems } from '../../http/responses.js';
import { ATTRIBUTION, LICENCE, TOTALS_NOTE, DEMO_NOTE } from '../statistics/statistics.context.js';
import { findRelease, listPublishedRows, listReleases } from './releases.queries.js';
import { DownloadQuery, ListReleasesQuery, PUBLISHED_CSV, PublishedTable, Release, ReleaseList, ReleaseParams, toPublishedTableRow, toRelease } from './releases.schemas.js';

const tags = ['Releases'];

export const releaseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/releases', {
    schema: {
      operationId: 'listReleases', tags, summary: 'List published releases, newest first',
      querystring: ListReleasesQuery,
      response: { 200: ok(ReleaseList, 'A page of releases'), ...problems() },
    },
  }, async (request) => {
    const { limit, offset } = request.query;
    const { rows, total } = await listReleases(app.db, { limit, offset });
    return { data: rows.map(toRelease), page: { limit, offset, total } };
  });

  app.get('/releases/latest', {
    schema: {
      operationId: 'getLatestRelease', tags, summary: 'The latest release',
      response: { 200: ok(Release, 'The latest release'), ...problems(404) },
    },
  }, async () => {
    const release = await findRelease(app.db);
    if (!release) throw notFound('No release has been published yet. An administrator publishes one with `npm run release`.');
    return toRelease(release);
  });

  app.get('/releases/:id', {
    schema: {
      operationId: 'getRelease', tags, summary: 'One release: its policy, counts and notes',
      params: ReleaseParams,
      response: { 200: ok(Release, 'The release'), ...problems(404) },
    },
  }, async (request) => {
    const release = await findRelease(app.db, request.params.id);
    if (!release) throw notFound(`There is no release ${request.params.id}.`);
    return toRelease(release);
  });

  app.get('/releases/:id/download', {
    schema: {
      operationId: 'downloadRelease', tags, summary: 'The whole published table of a release',
      description: 'Totals, not-attributed rows and the per-organisation breakdown of every area, activity and period, as published.',
      params: ReleaseParams, querystring: DownloadQuery,
      response: { 200: jsonOrCsv(PublishedTable, 'The published table'), ...problems(404, 406) },
    },
  }, async (request, reply) => {
    const release = await findRelease(app.db, request.params.id);
    if (!release) throw notFound(`There is no release ${request.params.id}.`);
    const rows = await listPublishedRows(app.db, release.id);
    if (wantsCsv(request)) return sendCsv(reply, `release-${release.id}`, PUBLISHED_CSV, rows);
    return {
      release: toRelease(release), licence: LICENCE, attribution: ATTRIBUTION,
      notes: [TOTALS_NOTE, ...(release.isDemo ? [DEMO_NOTE] : [])], data: rows.map(toPublishedTableRow),
    };
  });
};
