import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemError } from '../../http/problem.js';
import { ok, problems } from '../../http/responses.js';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../plugins/problems.js';

const READY_TIMEOUT_MS = 2000;

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const Ready = z.object({ status: z.literal('ready'), database: z.enum(['postgres', 'pglite']) }).meta({ id: 'Ready' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { cache: 'private', rateLimit: false },
      schema: {
        operationId: 'getHealth',
        tags: ['Meta'],
        summary: 'Liveness: the process is up',
        response: { 200: ok(Health, 'The process is up') },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { cache: 'private', rateLimit: false },
      schema: {
        operationId: 'getReady',
        tags: ['Meta'],
        summary: 'Readiness: the database answers',
        response: { 200: ok(Ready, 'The database answers'), ...problems() },
      },
    },
    async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
      });
      try {
        await Promise.race([app.database.ping(), timeout]);
      } catch {
        throw new ProblemError(
          'service-unavailable',
          'The database is not reachable.',
          {},
          { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
        );
      } finally {
        clearTimeout(timer);
      }
      return { status: 'ready' as const, database: app.database.kind };
    },
  );
};
