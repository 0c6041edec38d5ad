import { forEachDatabase } from './helpers/app.js';
import { servedDocument } from './helpers/contract.js';

forEachDatabase(async (t, { app, kind }) => {
  t.test('serves Prometheus metrics counted by route pattern, status and pool use', async (t) => {
    await app.inject('/v1/areas/E08000035');
    await app.inject('/v1/areas/E08000036');
    await app.inject('/v1/areas/E99999999');
    const res = await app.inject('/metrics');
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
    t.equal(res.headers['cache-control'], 'no-store');
    t.match(res.body, 'http_requests_total{method="GET",route="/v1/areas/:code",status_code="200"} 2');
    t.match(res.body, 'http_requests_total{method="GET",route="/v1/areas/:code",status_code="404"} 1');
    t.match(res.body, /http_request_duration_seconds_bucket\{le="0\.5",method="GET",route="\/v1\/areas\/:code",status_code="200"\} 2/);
    t.notMatch(res.body, /E08000035/, 'raw URLs never become labels');
    t.match(res.body, /process_cpu_user_seconds_total/);
    if (kind === 'postgres') t.match(res.body, /db_pool_connections\{state="idle"\} \d+\ndb_pool_connections\{state="waiting"\} 0/);
  });

  t.test('keeps /metrics out of the public API description', async (t) => {
    const document = await servedDocument(app);
    t.notOk(document.paths['/metrics']);
  });
});
