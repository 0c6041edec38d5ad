import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ok, problems } from '../../http/responses.js';
import { actorOf, ADMIN_ONLY } from '../../plugins/auth.js';
import { removeDemoData } from './demo.service.js';

const DemoRemoval = z
  .object({
    organisations: z.number().int().describe('Demonstration organisations whose figures were withdrawn'),
    figures: z.number().int().describe('Figures withdrawn; 0 when there was nothing left to remove'),
  })
  .meta({ id: 'DemoRemoval' });

export const demoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.delete(
    '/demo',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'removeDemoData',
        tags: ['Releases'],
        security: ADMIN_ONLY,
        summary: 'Remove the demonstration figures (admin)',
        description:
          'Withdraws every figure of the generated demonstration organisations, in one audited transaction, and stops naming those organisations. The next release holds only real figures and is not a demo release; earlier releases never change. `npm run demo:remove` does the same.',
        response: { 200: ok(DemoRemoval, 'What was removed'), ...problems(401, 403) },
      },
    },
    async (request) => removeDemoData(app.db, actorOf(request)),
  );
};
