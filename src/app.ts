import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { limitBodyTime } from './http/body-deadline.js';
import { limitJsonDepth } from './http/json-depth.js';
import { RequestLog } from './http/request-log.js';
import { activityRoutes } from './modules/activities/activities.routes.js';
import { areaRoutes } from './modules/areas/areas.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { benchmarkRoutes } from './modules/benchmarks/benchmarks.routes.js';
import { feedRoutes } from './modules/feeds/feeds.routes.js';
import { demographicsRoutes } from './modules/demographics/demographics.routes.js';
import { figureRoutes } from './modules/figures/figures.routes.js';
import { contributionRoutes } from './modules/contributions/contributions.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { keyRoutes } from './modules/keys/keys.routes.js';
import { findCallerByKey } from './modules/keys/keys.service.js';
import { metaRoutes } from './modules/meta/meta.routes.js';
import { openReferralRoutes } from './modules/openreferral/openreferral.routes.js';
import { organisationRoutes } from './modules/organisations/organisations.routes.js';
import { peopleRoutes } from './modules/people/people.routes.js';
import { findSessionCaller } from './modules/people/people.service.js';
import { packageRoutes } from './modules/packages/packages.routes.js';
import { pageRoutes } from './modules/page/page.routes.js';
import { problemTypeRoutes } from './modules/problems/problems.routes.js';
import { profileRoutes } from './modules/profiles/profiles.routes.js';
import caching from './plugins/caching.js';
import metrics from './plugins/metrics.js';
import auth from './plugins/auth.js';
import { releaseRoutes } from './modules/releases/releases.routes.js';
import { returnRoutes } from './modules/returns/returns.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { demoRoutes } from './modules/demo/demo.routes.js';
import { statisticsRoutes } from './modules/statistics/statistics.routes.js';
import openapi from './plugins/openapi.js';
import problems, { answerClientError, answerFrameworkError } from './plugins/problems.js';
import queryParams from './plugins/query-params.js';
import rateLimits from './plugins/rate-limits.js';
import security from './plugins/security.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export type AppOptions = { config: Config; database: Database; logger?: FastifyBaseLogger };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export async function buildApp({ config, database, logger }: AppOptions) {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    logController: new RequestLog(),
    // Fastify accepts a hop count at run time; its type declaration omits it.
    trustProxy: config.trustProxy as boolean | string,
    bodyLimit: config.limits.bodyLimitBytes,
    // Node and Fastify leave some of these unlimited; a stalled or trickling client must not hold a socket forever.
    requestTimeout: config.timeouts.requestMs,
    connectionTimeout: config.timeouts.connectionMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    // Node looks for headers past their time only every 30 s by default; a tenth of the timeout, at most 1 s, keeps the 408 close to it.
    http: { connectionsCheckingInterval: Math.min(1_000, Math.ceil(config.timeouts.requestMs / 10)) },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    return503OnClosing: true,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // A caller's x-request-id is kept when it is a plausible id, so logs can be joined across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('db', database.db);
  app.decorate('readDb', database.readDb);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  limitJsonDepth(app);
  limitBodyTime(app, config.timeouts.requestMs);

  await app.register(problems);
  await app.register(metrics);
  await app.register(security);
  await app.register(queryParams);
  await app.register(caching, { build: version });
  await app.register(cookie);
  await app.register(auth, {
    findCaller: (key: string) => findCallerByKey(database.db, key),
    findSession: (token: string) => findSessionCaller(database.db, token, config.sessions.idleMinutes),
  });
  await app.register(rateLimits);
  await app.register(openapi);

  await app.register(healthRoutes);
  await app.register(metaRoutes, { prefix: '/v1', version });
  await app.register(areaRoutes, { prefix: '/v1' });
  await app.register(benchmarkRoutes, { prefix: '/v1' });
  await app.register(activityRoutes, { prefix: '/v1' });
  await app.register(organisationRoutes, { prefix: '/v1' });
  await app.register(figureRoutes, { prefix: '/v1' });
  await app.register(keyRoutes, { prefix: '/v1' });
  await app.register(peopleRoutes, { prefix: '/v1' });
  await app.register(contributionRoutes, { prefix: '/v1' });
  await app.register(releaseRoutes, { prefix: '/v1' });
  await app.register(packageRoutes, { prefix: '/v1' });
  await app.register(feedRoutes, { prefix: '/v1' });
  await app.register(catalogRoutes, { prefix: '/v1' });
  await app.register(openReferralRoutes, { prefix: '/v1' });
  await app.register(statisticsRoutes, { prefix: '/v1' });
  await app.register(returnRoutes, { prefix: '/v1' });
  await app.register(auditRoutes, { prefix: '/v1' });
  await app.register(demoRoutes, { prefix: '/v1' });
  await app.register(problemTypeRoutes);
  await app.register(profileRoutes, { prefix: '/v1' });
  await app.register(demographicsRoutes, { prefix: '/v1' });
  await app.register(pageRoutes);

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
