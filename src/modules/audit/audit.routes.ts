import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jsonOrCsv, problems, replyList } from '../../http/responses.js';
import { ADMIN_ONLY } from '../../plugins/auth.js';
import { AUDIT_CSV, AuditList, ListAuditQuery, toAuditEntry } from './audit.schemas.js';
import { listAudit } from './audit.service.js';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'listAudit',
        tags: ['Audit'],
        security: ADMIN_ONLY,
        summary: 'Who did what: the audit log, newest first (admin)',
        description:
          'Every change is logged in the transaction that made it. Search by organisation, person, key and action; the filters combine. CSV (`?format=csv`) follows the same paging.',
        querystring: ListAuditQuery,
        response: { 200: jsonOrCsv(AuditList, 'A page of the audit log'), ...problems(401, 403, 406) },
      },
    },
    async (request, reply) => {
      const { limit, offset, format: _format, ...filter } = request.query;
      const { rows, total } = await listAudit(app.db, filter, { limit, offset });
      return replyList(request, reply, rows.map(toAuditEntry), { limit, offset, total }, { filename: 'audit', columns: AUDIT_CSV });
    },
  );
};
