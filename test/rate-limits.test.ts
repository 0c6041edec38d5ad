import t from 'tap';
import { forEachDatabase, json } from './helpers/app.js';

const limits = { RATE_LIMIT_READ_PER_MINUTE: '3', RATE_LIMIT_WRITE_PER_MINUTE: '2' };

forEachDatabase(async (t, { app }) => {
  // A write route stands in for the figures upload: budgets apply to every route.
  app.post('/test/writes', async () => ({ stored: true }));

  t.test('answers a 429 problem with Retry-After once an address has used its reads', async (t) => {
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await app.inject('/v1/activities/ballet'));
    t.same(answers.map((a) => a.statusCode), [200, 200, 200, 429]);
    t.same(answers.slice(0, 3).map((a) => a.headers['x-ratelimit-remaining']), ['2', '1', '0']);
    const limited = answers[3]!;
    t.equal(limited.headers['x-ratelimit-limit'], '3');
    t.match(limited.headers['retry-after'], /^\d+$/);
    t.match(limited.headers['content-type'], /^application\/problem\+json/);
    t.equal(limited.headers['cache-control'], 'no-store');
    t.match(json(limited), { type: '/problems/rate-limited', title: 'Too many requests', status: 429, detail: /At most 3 reads a minute/, requestId: limited.headers['x-request-id'] });
  });

  t.test('ignores X-Forwarded-For unless a proxy is trusted', async (t) => {
    const res = await app.inject({ url: '/v1/activities/ballet', headers: { 'x-forwarded-for': '203.0.113.9' } });
    t.equal(res.statusCode, 429, 'still the same client address');
  });

  t.test('keeps probes out of the budget', async (t) => {
    t.equal((await app.inject('/health')).statusCode, 200);
    t.equal((await app.inject('/ready')).statusCode, 200);
  });

  t.test('counts writes per API key, separately from reads', async (t) => {
    const write = (key: string) => app.inject({ method: 'POST', url: '/test/writes', headers: { authorization: `Bearer ${key}` }, payload: {} });
    t.same([(await write('key-a')).statusCode, (await write('key-a')).statusCode, (await write('key-a')).statusCode], [200, 200, 429]);
    const other = await write('key-b');
    t.equal(other.statusCode, 200, 'another key has its own budget');
    t.equal(other.headers['x-ratelimit-limit'], '2');
    t.match(json(await write('key-a')), { detail: /At most 2 writes a minute/ });
  });
}, limits);

forEachDatabase(async (t, { app }) => {
  t.test('counts each forwarded client separately behind a trusted proxy', async (t) => {
    const from = (address: string) => app.inject({ url: '/v1/activities/ballet', headers: { 'x-forwarded-for': address } });
    for (let i = 0; i < 3; i += 1) await from('203.0.113.9');
    t.equal((await from('203.0.113.9')).statusCode, 429);
    t.equal((await from('203.0.113.10')).statusCode, 200);
  });
}, { ...limits, TRUST_PROXY: 'true' });

t.test('never keeps a raw key in the rate-limit store', async (t) => {
  const { clientIdentity } = await import('../src/plugins/rate-limits.js');
  const identity = clientIdentity({ headers: { authorization: 'Bearer secret-key-123' }, ip: '127.0.0.1' } as never);
  t.match(identity, /^key:[0-9a-f]{32}$/);
  t.notMatch(identity, /secret/);
});
