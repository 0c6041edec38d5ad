import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, wantsCsv } from '../../http/csv.js';
import { notFound } from '../../http/problem.js';
import { jsonOrCsv, problems } from '../../http/responses.js';
import { REFERENCE_SOURCES } from '../../reference/reference.sources.js';
import { findArea } from '../areas/areas.service.js';
import { AreaParams } from '../areas/areas.schemas.js';
import { listBenchmarks } from './benchmarks.queries.js';
import { BENCHMARK_CSV, BenchmarkList, BenchmarksQuery } from './benchmarks.schemas.js';

export const benchmarkRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/areas/:code/benchmarks',
    {
      // Loaded from the shipped reference files, so it changes only with the reference data version.
      config: { cache: 'reference' },
      schema: {
        operationId: 'listAreaBenchmarks',
        tags: ['Areas'],
        summary: 'Official indicators for an area',
        description:
          "Published survey indicators to set beside the grassroots figures: Sport England Active Lives (% of adults physically active and inactive, 2015/16 onwards) and the DCMS Participation Survey 2023/24 (% of adults engaging with arts, heritage, museums and libraries). Where a source publishes nothing for the area itself (wards, regions) the nearest containing area's values are given, and each row names its area.",
        params: AreaParams,
        querystring: BenchmarksQuery,
        response: { 200: jsonOrCsv(BenchmarkList, 'Indicators with their sources'), ...problems(404, 406) },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const [area, data] = await Promise.all([
        findArea(app.readDb, code),
        listBenchmarks(app.readDb, code, { indicator: request.query.indicator, latest: request.query.latest === 'true' }),
      ]);
      if (!area) throw notFound(`There is no area with code ${code}.`);
      if (wantsCsv(request)) return sendCsv(reply, `benchmarks-${code}`, BENCHMARK_CSV, data);
      const used = new Set(data.map((b) => b.source));
      const sources = REFERENCE_SOURCES.filter((s) => used.has(s.id)).map(({ id, title, licence, attribution, url }) => ({
        id,
        title,
        licence,
        attribution,
        url,
      }));
      return { area: { code: area.code, name: area.name, type: area.type }, data, sources };
    },
  );
};
