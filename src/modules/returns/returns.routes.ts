import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jsonOrCsv, problems, replyList } from '../../http/responses.js';
import { ADMIN_ONLY } from '../../plugins/auth.js';
import { ListReturnsQuery, ReturnList, returnsCsv, toReturnItem } from './returns.schemas.js';
import { listReturns } from './returns.service.js';

export const returnRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/returns',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'listReturns',
        tags: ['Returns'],
        security: ADMIN_ONLY,
        summary: 'Which organisations sent figures for a period, when, and whose are missing (admin)',
        description:
          'Organisations with current figures for the period (`sent`, with when they arrived), then those with none although they sent figures for an earlier period of the same kind (`missing`, with that period). Withdrawn figures do not count. JSON is paged; CSV (`?format=csv`) follows the same paging.',
        querystring: ListReturnsQuery,
        response: { 200: jsonOrCsv(ReturnList, 'A page of returns'), ...problems(401, 403, 406) },
      },
    },
    async (request, reply) => {
      const { period, status, limit, offset } = request.query;
      const all = (await listReturns(app.db, period, status)).map(toReturnItem);
      const rows = all.slice(offset, offset + limit);
      return replyList(
        request,
        reply,
        rows,
        { limit, offset, total: all.length },
        { filename: `returns-${period}`, columns: returnsCsv(period) },
      );
    },
  );
};
