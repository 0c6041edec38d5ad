import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../http/problem.js';
import { jsonOrCsv, ok, problems, replyList } from '../../http/responses.js';
import { actorOf, ADMIN_ONLY } from '../../plugins/auth.js';
import { findActivity, listActivities } from './activities.queries.js';
import {
  ACTIVITY_CSV,
  ActivityDetail,
  ActivityList,
  ActivityParams,
  CreateActivityBody,
  ListActivitiesQuery,
} from './activities.schemas.js';
import { createLocalActivity } from './activities.service.js';

const tags = ['Activities'];

export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/activities',
    {
      config: { cache: 'reference' },
      schema: {
        operationId: 'listActivities',
        tags,
        summary: 'List activities',
        description: 'The OpenActive Activity List (by notation) and local community activities, searchable by label.',
        querystring: ListActivitiesQuery,
        response: { 200: jsonOrCsv(ActivityList, 'A page of activities'), ...problems(406) },
      },
    },
    async (request, reply) => {
      const { limit, offset, q, parent } = request.query;
      const { rows, total } = await listActivities(app.readDb, { q, parent }, { limit, offset });
      return replyList(request, reply, rows, { limit, offset, total }, { filename: 'activities', columns: ACTIVITY_CSV });
    },
  );

  app.get(
    '/activities/:id',
    {
      config: { cache: 'reference' },
      schema: {
        operationId: 'getActivity',
        tags,
        summary: 'Get one activity with its parents and children',
        params: ActivityParams,
        response: { 200: ok(ActivityDetail, 'The activity'), ...problems(404) },
      },
    },
    async (request) => {
      const activity = await findActivity(app.readDb, request.params.id);
      if (!activity) throw notFound(`There is no activity with id ${request.params.id}.`);
      return activity;
    },
  );

  app.post(
    '/activities',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'createActivity',
        tags: ['Admin'],
        security: ADMIN_ONLY,
        summary: 'Add a local activity',
        description: 'For community activity the OpenActive list does not cover (e.g. a lunch club). Its `source` is `local`.',
        body: CreateActivityBody,
        response: { 201: ok(ActivityDetail, 'The activity as stored'), ...problems(401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const activity = await createLocalActivity(app.db, request.body, actorOf(request));
      return reply.code(201).header('location', `/v1/activities/${activity.id}`).send(activity);
    },
  );
};
