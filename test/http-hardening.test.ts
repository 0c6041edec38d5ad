import { forEachDatabase, json } from './helpers/app.js';
import { Problem } from '../src/http/problem.js';

forEachDatabase(
  async (t, { app, config }) => {
    app.post('/test/echo', async (request) => ({ received: request.body }));
    app.post('/test/upload', { bodyLimit: config.maxBatchBytes }, async () => ({ stored: true }));

    t.test('answers a CORS preflight for reads from any origin, without credentials', async (t) => {
      const res = await app.inject({
        method: 'OPTIONS',
        url: '/v1/areas',
        headers: {
          origin: 'https://dashboard.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'if-none-match',
        },
      });
      t.equal(res.statusCode, 204);
      t.equal(res.headers['access-control-allow-origin'], '*');
      t.equal(res.headers['access-control-allow-methods'], 'GET, HEAD');
      t.match(res.headers['access-control-allow-headers'], /If-None-Match/);
      t.equal(res.headers['access-control-allow-credentials'], undefined);
      const read = await app.inject({ url: '/v1/activities/ballet', headers: { origin: 'https://dashboard.example' } });
      t.equal(read.headers['access-control-allow-origin'], '*');
      t.match(read.headers['access-control-expose-headers'], /etag.*x-request-id.*x-ratelimit-remaining/);
    });

    t.test('sends security headers on every answer', async (t) => {
      const res = await app.inject('/v1/activities/ballet');
      t.equal(res.headers['x-content-type-options'], 'nosniff');
      t.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
      t.match(res.headers['strict-transport-security'], /max-age=/);
      t.match(res.headers['content-security-policy'], /script-src 'self'/);
      t.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    });

    t.test('rejects a body over the default limit with a 413 problem, unless the route allows more', async (t) => {
      const big = { text: 'x'.repeat(config.limits.bodyLimitBytes) };
      const res = await app.inject({ method: 'POST', url: '/test/echo', payload: big });
      t.equal(res.statusCode, 413);
      t.match(res.headers['content-type'], /^application\/problem\+json/);
      t.match(json(res, Problem), { type: '/problems/payload-too-large', status: 413 });
      t.equal((await app.inject({ method: 'POST', url: '/test/upload', payload: big })).statusCode, 200);
    });

    t.test('rejects JSON that tries __proto__ or constructor poisoning with a 400 problem', async (t) => {
      for (const payload of ['{"a":1,"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
        const res = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' }, payload });
        t.equal(res.statusCode, 400, payload);
        t.match(json(res, Problem), { type: '/problems/bad-request', status: 400 });
      }
    });

    t.test('sets request, connection and keep-alive timeouts on the server', async (t) => {
      t.equal(app.server.requestTimeout, config.timeouts.requestMs);
      t.equal(app.server.timeout, config.timeouts.connectionMs);
      t.equal(app.server.keepAliveTimeout, config.timeouts.keepAliveMs);
    });

    t.test('puts an x-request-id on every answer, errors included', async (t) => {
      for (const res of [await app.inject('/v1/nothing'), await app.inject('/v1/areas?limit=0'), await app.inject('/metrics')]) {
        t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/);
      }
    });
  },
  { REQUEST_TIMEOUT_MS: '12000', CONNECTION_TIMEOUT_MS: '34000', KEEP_ALIVE_TIMEOUT_MS: '5600', BODY_LIMIT_BYTES: '2048' },
);
