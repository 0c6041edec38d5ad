import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, wantsCsv } from '../../http/csv.js';
import { jsonOrCsv, problems } from '../../http/responses.js';
import { CONTRIBUTION_CSV } from '../statistics/statistics.csv.js';
import { pinned } from '../../plugins/caching.js';
import { Contribution, ContributionParams, ContributionQuery } from './contributions.schemas.js';
import { getContribution } from './contributions.service.js';

export const contributionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/organisations/:id/contribution', {
    config: { cache: 'release' },
    schema: {
      operationId: 'getContribution', tags: ['Statistics', 'Organisations'],
      summary: 'A named organisation\'s published share of each total it contributes to, with citation sentences',
      description: 'Read from a published release. Organisations that have not agreed to be named answer 404, as if absent.',
      params: ContributionParams, querystring: ContributionQuery,
      response: { 200: jsonOrCsv(Contribution, 'The contribution'), ...problems(404, 406) },
    },
  }, async (request, reply) => {
    const answer = await getContribution(app.readDb, app.config.publicUrl, { id: request.params.id, ...pinned(request.query, request) });
    return wantsCsv(request) ? sendCsv(reply, `contribution-${answer.organisation.id}`, CONTRIBUTION_CSV, answer.data) : answer;
  });
};
