import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../http/problem.js';
import { jsonOrCsv, ok, problems, replyList } from '../../http/responses.js';
import { findArea, findLatestPopulation, listAncestors, listAreas } from './areas.queries.js';
import { AREA_CSV, AreaDetail, AreaList, AreaParams, ChildrenQuery, ListAreasQuery } from './areas.schemas.js';

const tags = ['Areas'];

export const areaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/areas',
    {
      config: { cache: 'reference' },
      schema: {
        operationId: 'listAreas',
        tags,
        summary: 'List areas',
        description: 'Countries, English regions, local authority districts and wards (ONS 2023 codes), filtered by type, parent or name.',
        querystring: ListAreasQuery,
        response: { 200: jsonOrCsv(AreaList, 'A page of areas'), ...problems(406) },
      },
    },
    async (request, reply) => {
      const { limit, offset, type, parent, q } = request.query;
      const { rows, total } = await listAreas(app.readDb, { type, parent, q }, { limit, offset });
      return replyList(request, reply, rows, { limit, offset, total }, { filename: 'areas', columns: AREA_CSV });
    },
  );

  app.get(
    '/areas/:code',
    {
      config: { cache: 'reference' },
      schema: {
        operationId: 'getArea',
        tags,
        summary: 'Get one area with its ancestors and population',
        params: AreaParams,
        response: { 200: ok(AreaDetail, 'The area'), ...problems(404) },
      },
    },
    async (request) => {
      const { code } = request.params;
      const [area, ancestors, population] = await Promise.all([
        findArea(app.readDb, code),
        listAncestors(app.readDb, code),
        findLatestPopulation(app.readDb, code),
      ]);
      if (!area) throw notFound(`There is no area with code ${code}.`);
      return { ...area, ancestors, population: population ?? null };
    },
  );

  app.get(
    '/areas/:code/children',
    {
      config: { cache: 'reference' },
      schema: {
        operationId: 'listAreaChildren',
        tags,
        summary: 'List the areas directly inside an area',
        params: AreaParams,
        querystring: ChildrenQuery,
        response: { 200: jsonOrCsv(AreaList, 'A page of child areas'), ...problems(404, 406) },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const { limit, offset } = request.query;
      const [area, { rows, total }] = await Promise.all([
        findArea(app.readDb, code),
        listAreas(app.readDb, { parent: code }, { limit, offset }),
      ]);
      if (!area) throw notFound(`There is no area with code ${code}.`);
      return replyList(request, reply, rows, { limit, offset, total }, { filename: `areas-in-${code}`, columns: AREA_CSV });
    },
  );
};
