import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, wantsCsv } from '../../http/csv.js';
import { jsonOrCsv, problems, replyAnswer } from '../../http/responses.js';
import { pinned } from '../../plugins/caching.js';
import { activityStatisticsCsv, areaStatisticsCsv, seriesCsv, summaryCsv } from './statistics.csv.js';
import {
  ActivityStatistics,
  ActivityStatisticsQuery,
  AreaStatistics,
  AreaStatisticsQuery,
  Series,
  SeriesQuery,
  Summary,
  SummaryQuery,
} from './statistics.rows.schemas.js';
import { getActivityStatistics, getAreaStatistics, getSeries, getSummary } from './statistics.service.js';

const tags = ['Statistics'];
const fromRelease =
  'Read from a published release (the latest unless `release` is given); a 404 `no-figures` problem says why when there is nothing to show.';

export const statisticsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/statistics/summary',
    {
      config: { cache: 'release' },
      schema: {
        operationId: 'getStatisticsSummary',
        tags,
        summary: 'Total, rate, comparisons and per-organisation breakdown for one area, activity and period',
        description: fromRelease,
        querystring: SummaryQuery,
        response: { 200: jsonOrCsv(Summary, 'The summary'), ...problems(404, 406) },
      },
    },
    async (request, reply) => {
      const summary = await getSummary(app.readDb, app.config.publicUrl, pinned(request.query, request));
      if (!wantsCsv(request)) return summary;
      const csv = summaryCsv(summary);
      return sendCsv(reply, 'summary', csv.columns, csv.rows);
    },
  );

  app.get(
    '/statistics/areas',
    {
      config: { cache: 'release' },
      schema: {
        operationId: 'getAreaStatistics',
        tags,
        summary: 'One row per child area, plus figures not attributed to a child area',
        description: fromRelease,
        querystring: AreaStatisticsQuery,
        response: { 200: jsonOrCsv(AreaStatistics, 'Rows per child area'), ...problems(404, 406) },
      },
    },
    async (request, reply) => {
      const answer = await getAreaStatistics(app.readDb, app.config.publicUrl, pinned(request.query, request));
      return replyAnswer(request, reply, answer, { filename: 'statistics-areas', columns: areaStatisticsCsv(answer) });
    },
  );

  app.get(
    '/statistics/activities',
    {
      config: { cache: 'release' },
      schema: {
        operationId: 'getActivityStatistics',
        tags,
        summary: 'One row per child activity in an area and period',
        description: fromRelease,
        querystring: ActivityStatisticsQuery,
        response: { 200: jsonOrCsv(ActivityStatistics, 'Rows per child activity'), ...problems(404, 406) },
      },
    },
    async (request, reply) => {
      const answer = await getActivityStatistics(app.readDb, app.config.publicUrl, pinned(request.query, request));
      return replyAnswer(request, reply, answer, { filename: 'statistics-activities', columns: activityStatisticsCsv(answer) });
    },
  );

  app.get(
    '/statistics/series',
    {
      config: { cache: 'release' },
      schema: {
        operationId: 'getStatisticsSeries',
        tags,
        summary: 'One row per period for an area and activity',
        description: fromRelease,
        querystring: SeriesQuery,
        response: { 200: jsonOrCsv(Series, 'Rows per period'), ...problems(404, 406) },
      },
    },
    async (request, reply) => {
      const answer = await getSeries(app.readDb, app.config.publicUrl, pinned(request.query, request));
      return replyAnswer(request, reply, answer, { filename: 'statistics-series', columns: seriesCsv(answer) });
    },
  );
};
