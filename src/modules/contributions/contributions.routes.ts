import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jsonOrCsv, problems, replyAnswer } from '../../http/responses.js';
import { contributionCsv } from './contributions.csv.js';
import { pinned } from '../../plugins/caching.js';
import {
  Contribution,
  ContributionChartQuery,
  ContributionChartSvg,
  ContributionParams,
  ContributionQuery,
} from './contributions.schemas.js';
import { getContribution, getContributionChart } from './contributions.service.js';
import { renderContributionSvg } from './contributions.svg.js';

const tags = ['Statistics', 'Organisations'];

export const contributionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/organisations/:id/contribution',
    {
      config: { cache: 'consent' },
      schema: {
        operationId: 'getContribution',
        tags,
        summary: "A named organisation's published share of each total it contributes to, with citation sentences",
        description: 'Read from a published release. Organisations that have not agreed to be named answer 404, as if absent.',
        params: ContributionParams,
        querystring: ContributionQuery,
        response: { 200: jsonOrCsv(Contribution, 'The contribution'), ...problems(404, 406) },
      },
    },
    async (request, reply) => {
      const answer = await getContribution(app.readDb, app.config.publicUrl, { id: request.params.id, ...pinned(request.query, request) });
      return replyAnswer(request, reply, answer, { filename: `contribution-${answer.organisation.id}`, columns: contributionCsv(answer) });
    },
  );

  app.get(
    '/organisations/:id/contribution.svg',
    {
      config: { cache: 'consent' },
      schema: {
        operationId: 'getContributionChart',
        tags,
        summary: "A named organisation's contribution to one area's total, as an SVG bar chart for a document",
        description:
          'The same figures as `getContribution` and `getStatisticsSummary` for one area, activity and period, drawn as bars: the largest named organisations, this one highlighted wherever it ranks, and "other organisations"; suppressed counts are written in words ("fewer than 8" under the default policy), never drawn as zero. The source, release, licence and permalink are part of the image. Organisations that have not agreed to be named answer 404, as if absent; a 404 `no-figures` problem says when the organisation has no figures for the combination.',
        params: ContributionParams,
        querystring: ContributionChartQuery,
        response: {
          200: { description: 'The chart', content: { 'image/svg+xml': { schema: ContributionChartSvg } } },
          ...problems(404),
        },
      },
    },
    async (request, reply) => {
      const chart = await getContributionChart(app.readDb, app.config.publicUrl, {
        id: request.params.id,
        ...pinned(request.query, request),
      });
      const { area, activity, period } = chart.summary;
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('content-disposition', `inline; filename="${chart.organisation.id}-${area.code}-${activity?.id ?? 'all'}-${period}.svg"`)
        .serializer((payload: unknown) => payload as string)
        .send(renderContributionSvg(chart));
    },
  );
};
