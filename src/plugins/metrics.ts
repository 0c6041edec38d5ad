// Prometheus metrics at GET /metrics: request counts and latencies by route pattern (never the
// raw URL, which would make a series per area code), process metrics, and PostgreSQL pool use.
// Hidden from the OpenAPI document (it is for operators, not API users); not rate limited, so a
// scraper never sees gaps.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ResponseCacheStats } from '../http/response-cache.js';

const LABELS = ['method', 'route', 'status_code'] as const;
const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function poolGauge(registry: Registry, pool: Pool | undefined, name: string, of: string) {
  if (!pool) return;
  new Gauge({
    name,
    help: `PostgreSQL ${of} pool connections: total open, idle, and requests waiting for one`,
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}

/** Read at scrape time: the cache is registered after this plugin and counts for itself. */
function responseCacheMetrics(app: FastifyInstance, registry: Registry) {
  const stat = (key: keyof ResponseCacheStats) => () => (app.hasDecorator('responseCache') ? app.responseCache.stats()[key] : 0);
  const hits = stat('hits');
  const misses = stat('misses');
  new Counter({
    name: 'response_cache_hits_total',
    help: 'Answers served from the in-memory response cache',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(hits());
    },
  });
  new Counter({
    name: 'response_cache_misses_total',
    help: 'Cacheable answers that had to be built',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(misses());
    },
  });
  const entries = stat('entries');
  const bytes = stat('bytes');
  new Gauge({
    name: 'response_cache_entries',
    help: 'Answers held in the response cache',
    registers: [registry],
    collect() {
      this.set(entries());
    },
  });
  new Gauge({
    name: 'response_cache_bytes',
    help: 'Bytes held in the response cache, at most RESPONSE_CACHE_MAX_BYTES',
    registers: [registry],
    collect() {
      this.set(bytes());
    },
  });
}

async function metricsPlugin(app: FastifyInstance) {
  // One registry per app, so several apps in one process (tests) never share series.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames: LABELS, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response',
    labelNames: LABELS,
    buckets: DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });
  poolGauge(registry, app.database.pool, 'db_pool_connections', 'primary');
  poolGauge(registry, app.database.readPool, 'db_read_pool_connections', 'read replica');
  responseCacheMetrics(app, registry);

  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false, cache: 'private' } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

export default fp(metricsPlugin, { name: 'metrics' });
