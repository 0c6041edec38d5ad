import { z } from 'zod';
import { Problem } from '../src/http/problem.js';
import { forEachDatabase, json } from './helpers/app.js';
import { organisations } from '../src/db/schema/index.js';
import { issueKey } from '../src/modules/keys/keys.service.js';
import { adminKey, bearer } from './helpers/auth.js';

const limits = { RATE_LIMIT_READ_PER_MINUTE: '3', RATE_LIMIT_WRITE_PER_MINUTE: '2' };
/** The answer of the test route below, which shows who the rate limiter counts a request against. */
const Identity = z.object({ identity: z.string() });

forEachDatabase(async (t, { app, database }) => {
  // A write route stands in for the figures upload: budgets apply to every route.
  app.post('/test/writes', async () => ({ stored: true }));

  t.test('answers a 429 problem with Retry-After once an address has used its reads', async (t) => {
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await app.inject('/v1/activities/ballet'));
    t.same(
      answers.map((a) => a.statusCode),
      [200, 200, 200, 429],
    );
    t.same(
      answers.slice(0, 3).map((a) => a.headers['x-ratelimit-remaining']),
      ['2', '1', '0'],
    );
    const limited = answers[3]!;
    t.equal(limited.headers['x-ratelimit-limit'], '3');
    t.match(limited.headers['retry-after'], /^\d+$/);
    t.match(limited.headers['content-type'], /^application\/problem\+json/);
    t.equal(limited.headers['cache-control'], 'no-store');
    t.match(json(limited, Problem), {
      type: '/problems/rate-limited',
      title: 'Too many requests',
      status: 429,
      detail: /At most 3 reads a minute/,
      requestId: limited.headers['x-request-id'],
    });
  });

  t.test('ignores X-Forwarded-For unless a proxy is trusted', async (t) => {
    const res = await app.inject({ url: '/v1/activities/ballet', headers: { 'x-forwarded-for': '203.0.113.9' } });
    t.equal(res.statusCode, 429, 'still the same client address');
  });

  t.test('keeps probes out of the budget', async (t) => {
    t.equal((await app.inject('/health')).statusCode, 200);
    t.equal((await app.inject('/ready')).statusCode, 200);
  });

  t.test('counts writes per verified API key, separately from reads', async (t) => {
    // Made directly, so that making them spends none of the write budgets under test.
    await database.db.insert(organisations).values([
      { id: 'limits-a', name: 'A', named: true },
      { id: 'limits-b', name: 'B', named: true },
    ]);
    const keyFor = async (organisationId: string) =>
      (await issueKey(database.db, { kind: 'organisation', organisationId }, { apiKeyId: null, requestId: null })).key;
    const keyA = await keyFor('limits-a');
    const keyB = await keyFor('limits-b');
    const write = (key: string) => app.inject({ method: 'POST', url: '/test/writes', headers: bearer(key), payload: {} });
    t.same([(await write(keyA)).statusCode, (await write(keyA)).statusCode, (await write(keyA)).statusCode], [200, 200, 429]);
    const other = await write(keyB);
    t.equal(other.statusCode, 200, 'another key has its own budget');
    t.equal(other.headers['x-ratelimit-limit'], '2');
    t.match(json(await write(keyA), Problem), { detail: /At most 2 writes a minute/ });
  });
}, limits);

forEachDatabase(
  async (t, { app }) => {
    t.test('counts each forwarded client separately behind a trusted proxy', async (t) => {
      const from = (address: string) => app.inject({ url: '/v1/activities/ballet', headers: { 'x-forwarded-for': address } });
      for (let i = 0; i < 3; i += 1) await from('203.0.113.9');
      t.equal((await from('203.0.113.9')).statusCode, 429);
      t.equal((await from('203.0.113.10')).statusCode, 200);
    });
  },
  { ...limits, TRUST_PROXY: 'true' },
);

forEachDatabase(async (t, { app }) => {
  t.test('gives a random Bearer value no budget of its own: reads stay counted by address', async (t) => {
    const statuses = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await app.inject({ url: '/v1/activities/ballet', headers: bearer(`junk${i}-${Math.random().toString(36).slice(2)}`) });
      statuses.push(res.statusCode);
    }
    t.same(statuses, [200, 200, 200, 429, 429], 'the public read ignores the header, and so does its budget');
    t.equal((await app.inject('/v1/activities/ballet')).statusCode, 429, 'the address has used its reads');
  });

  t.test('does the same for malformed and key-shaped but unknown values', async (t) => {
    const malformed = await app.inject({ url: '/v1/activities/ballet', headers: { authorization: 'Basic abc' } });
    const keyShaped = await app.inject({ url: '/v1/activities/ballet', headers: bearer(`pa_${'a'.repeat(43)}`) });
    t.same([malformed.statusCode, keyShaped.statusCode], [429, 429]);
  });
}, limits);

forEachDatabase(async (t, { app, database }) => {
  t.test('keys a verified key by its id, never by the secret, where a key counts', async (t) => {
    const { clientIdentity } = await import('../src/plugins/rate-limits.js');
    const admin = await adminKey(database.db);
    // A write, where a key counts; a public read is counted by address whatever it carries.
    app.post('/test/identity', async (request) => ({ identity: clientIdentity(request) }));
    app.get('/test/identity', async (request) => ({ identity: clientIdentity(request) }));
    const ask = (method: 'GET' | 'POST', key: string) =>
      app.inject({ method, url: '/test/identity', headers: bearer(key), ...(method === 'POST' ? { payload: {} } : {}) });
    const { identity } = json(await ask('POST', admin), Identity);
    t.match(identity, /^key:key_[\w-]{12}$/);
    t.notMatch(identity, admin.slice(-20));
    t.equal(json(await ask('POST', 'junk'), Identity).identity, 'ip:127.0.0.1');
    t.equal(json(await ask('GET', admin), Identity).identity, 'ip:127.0.0.1', 'a public read does not look the key up');
  });
});
