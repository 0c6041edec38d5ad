// Prometheus metrics at GET /metrics: request counts and latencies by route pattern (never the
// raw URL, which would make a series per area code), process metrics, and PostgreSQL pool use.
// Hidden from the OpenAPI document (it is for operators, not API users); not rate limited, so a
// scraper never sees gaps.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const LABELS = ['method', 'route', 'status_code'] as const;
const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function poolGauge(app: FastifyInstance, registry: Registry) {
  const pool = app.database.pool;
  if (!pool) return;
  new Gauge({
    name: 'db_pool_connections',
    help: 'PostgreSQL pool connections: total open, idle, and requests waiting for one',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}

async function metricsPlugin(app: FastifyInstance) {
  // One registry per app, so several apps in one process (tests) never share series.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames: LABELS, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds', help: 'Time from receiving a request to finishing its response',
    labelNames: LABELS, buckets: DURATION_BUCKETS_SECONDS, registers: [registry],
  });
  poolGauge(app, registry);

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
