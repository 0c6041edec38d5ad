import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, wantsCsv } from '../../http/csv.js';
import { jsonOrCsv, problems } from '../../http/responses.js';
import { pinned } from '../../plugins/caching.js';
import { AreaParams } from '../areas/areas.schemas.js';
import { PROFILE_CSV, profileCsvRows } from './profiles.csv.js';
import { renderDistrictMap } from './profiles.map.js';
import { AreaProfile, DistrictMapSvg, MapQuery, ProfileQuery } from './profiles.schemas.js';
import { getAreaProfile, getDistrictRates } from './profiles.service.js';

const tags = ['Statistics'];

export const profileRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/areas/:code/profile',
    {
      config: { cache: 'release' },
      schema: {
        operationId: 'getAreaProfile',
        tags,
        summary: 'Area profile: every activity with rates and intervals, comparisons, trend, community, benchmarks, child areas',
        description:
          'A grassroots JSNA page for one area and period (the latest with figures by default), read from a release: every activity with figures (all activities, each top-level activity and its largest child) with published participants, the rate per 1,000 residents and its 95% confidence interval (Wilson score), the parent area and England with significance by non-overlapping intervals; the trend over periods of the same kind; organisations and volunteers against the same period a year earlier; official benchmarks beside England; child areas ranked by rate with the "not attributed" row; IMD 2019 deprivation for districts; a map link for England and regions. CSV gives every line of it as one table with a `section` column.',
        params: AreaParams,
        querystring: ProfileQuery,
        response: { 200: jsonOrCsv(AreaProfile, 'The area profile'), ...problems(404, 406) },
      },
    },
    async (request, reply) => {
      const profile = await getAreaProfile(app.readDb, app.config.publicUrl, {
        code: request.params.code,
        ...pinned(request.query, request),
      });
      if (!wantsCsv(request)) return profile;
      return sendCsv(reply, `profile-${profile.area.code}-${profile.period}`, PROFILE_CSV, profileCsvRows(profile));
    },
  );

  app.get(
    '/areas/:code/profile/map.svg',
    {
      config: { cache: 'release' },
      schema: {
        operationId: 'getAreaProfileMap',
        tags,
        summary: 'Map of the districts of England or a region, shaded by participants per 1,000 residents, as SVG',
        description:
          'May 2023 district boundaries (ONS, generalised) drawn with d3-geo; each district is shaded by its published all-activity rate per 1,000 residents in the period (the latest with figures for the area by default); white where it has no figures. The numbers are in `getAreaProfile` (child areas) and `getAreaStatistics`. A 404 `no-figures` problem for other kinds of area.',
        params: AreaParams,
        querystring: MapQuery,
        response: { 200: { description: 'The map', content: { 'image/svg+xml': { schema: DistrictMapSvg } } }, ...problems(404) },
      },
    },
    async (request, reply) => {
      const rates = await getDistrictRates(app.readDb, { code: request.params.code, ...pinned(request.query, request) });
      const permalink = `${app.config.publicUrl}/areas/${rates.area.code}?period=${rates.period}&release=${rates.release.id}`;
      const svg = renderDistrictMap({
        title: `Participation per 1,000 residents, ${rates.area.name}, ${rates.period}`,
        caption: `Participation API, release ${rates.release.id}. CC BY 4.0. Boundaries: ONS, OGL v3.0, contains OS data © Crown copyright 2023. ${permalink}`,
        districts: rates.districts,
      });
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('content-disposition', `inline; filename="map-${rates.area.code}-${rates.period}.svg"`)
        .serializer((payload: unknown) => payload as string)
        .send(svg);
    },
  );
};
