import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, wantsCsv } from '../../http/csv.js';
import { jsonOrCsv, problems } from '../../http/responses.js';
import { pinned } from '../../plugins/caching.js';
import { Demographics, DEMOGRAPHICS_CSV, demographicsCsvRows, DemographicsQuery } from './demographics.schemas.js';
import { getDemographics } from './demographics.service.js';

export const demographicsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/statistics/demographics',
    {
      config: { cache: 'release' },
      schema: {
        operationId: 'getDemographics',
        tags: ['Statistics'],
        summary: 'Participants by age band and by sex, with rates of the matching population and coverage',
        description:
          "Read from a release (the latest unless `release` is given). Counts by age band and by sex from the figures organisations broke down, each published with the release's disclosure control and never above the published total; each band's share of participants beside its share of the ONS mid-2022 population (who is under-served), its rate per 1,000 of the matching population with a 95% Wilson interval, and `coverage`: how much of the total came with a breakdown. A 404 `no-figures` problem says when the area and activity have no figures.",
        querystring: DemographicsQuery,
        response: { 200: jsonOrCsv(Demographics, 'Participants by age band and sex'), ...problems(404, 406) },
      },
    },
    async (request, reply) => {
      const answer = await getDemographics(app.readDb, app.config.publicUrl, pinned(request.query, request));
      if (!wantsCsv(request)) return answer;
      return sendCsv(
        reply,
        `demographics-${answer.area.code}-${answer.activity?.id ?? 'all'}-${answer.period}`,
        DEMOGRAPHICS_CSV,
        demographicsCsvRows(answer),
      );
    },
  );
};
