import { sql } from 'drizzle-orm';
import pg from 'pg';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { connectPostgres, queryRows } from '../src/db/client.js';
import { Problem } from '../src/http/problem.js';
import { captureLogs, forEachDatabase, json, testConfig, waitFor } from './helpers/app.js';

const AREA = '/v1/areas/E08000035';
const LOCK_WAITERS = "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'";

forEachDatabase(
  async (t, { database, kind }) => {
    const { logger, lines } = captureLogs();
    const app = await buildApp({ config: testConfig(), database, logger });
    app.get('/test/broken', async () => queryRows(app.db, sql`select secret_column from no_such_table`));
    t.teardown(() => app.close());

    t.test('answers a failing query with a generic 500 and logs the real error with the request id', async (t) => {
      const res = await app.inject({ url: '/test/broken', headers: { 'x-request-id': 'fault-1' } });
      t.equal(res.statusCode, 500);
      t.same(json(res, Problem), {
        type: '/problems/internal',
        title: 'Internal server error',
        status: 500,
        detail: 'Something went wrong on our side. The request id identifies it in our logs.',
        instance: '/test/broken',
        requestId: 'fault-1',
      });
      t.notMatch(res.body, /no_such_table|secret_column|select|\.ts:/);
      const logged = lines.find((l) => l.msg === 'unhandled error');
      t.match(logged, { requestId: 'fault-1', err: { message: /no_such_table/ } });
    });

    t.test('logs one structured line per request with route, status, duration and request id', async (t) => {
      await app.inject({ url: AREA, headers: { 'x-request-id': 'trace-7' } });
      const line = lines.find((l) => l.msg === 'request completed' && l.requestId === 'trace-7');
      t.match(line, { method: 'GET', url: AREA, route: '/v1/areas/:code', statusCode: 200, durationMs: Number });
    });

    if (kind !== 'postgres') return;
    const url = (database as { url: string }).url;

    t.test('survives its connections being terminated mid-request, answers 503, then recovers', async (t) => {
      await app.inject(AREA);
      const locker = new pg.Client({ connectionString: url });
      await locker.connect();
      t.teardown(() => locker.end());
      await locker.query('begin');
      await locker.query('lock table areas in access exclusive mode');
      const inFlight = ['a', 'b', 'c'].map((id) => app.inject({ url: AREA, headers: { 'x-request-id': `cut-${id}` } }));
      await waitFor(async () => (await locker.query<{ n: number }>(LOCK_WAITERS)).rows[0]!.n >= 3);
      await locker.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      const answers = await Promise.all(inFlight);
      t.same(
        answers.map((a) => a.statusCode),
        [503, 503, 503],
      );
      t.equal(answers[0]!.headers['retry-after'], '5');
      t.match(json(answers[0]!, Problem), {
        type: '/problems/service-unavailable',
        detail: 'The service is temporarily unavailable; try again shortly.',
      });
      await locker.query('rollback');
      t.equal((await app.inject(AREA)).statusCode, 200, 'the pool reconnected by itself');
      t.equal((await app.inject('/ready')).statusCode, 200);
    });

    t.test('cancels a statement that outlives the statement timeout and answers 503', async (t) => {
      const slowDatabase = connectPostgres({ url, max: 2, statementTimeoutMs: 300 });
      const slowApp = await buildApp({ config: testConfig(), database: slowDatabase });
      t.teardown(async () => {
        await slowApp.close();
        await slowDatabase.close();
      });
      const locker = new pg.Client({ connectionString: url });
      await locker.connect();
      t.teardown(() => locker.end());
      await locker.query('begin');
      await locker.query('lock table areas in access exclusive mode');
      const started = Date.now();
      const res = await slowApp.inject(AREA);
      t.comment(`503 after ${Date.now() - started} ms with a 300 ms statement timeout`);
      await locker.query('rollback');
      t.equal(res.statusCode, 503);
      t.equal((await slowApp.inject(AREA)).statusCode, 200);
    });
  },
  { CACHE_VERSION_TTL_MS: '600000' },
);

t.test('answers 503 quickly, and says not ready, when the database cannot be reached', async (t) => {
  const database = connectPostgres({ url: 'postgres://postgres@127.0.0.1:1/unreachable' });
  const app = await buildApp({ config: testConfig(), database });
  t.teardown(async () => {
    await app.close();
    await database.close();
  });
  const started = Date.now();
  const res = await app.inject(AREA);
  t.comment(`503 after ${Date.now() - started} ms with the database refusing connections`);
  t.equal(res.statusCode, 503);
  t.equal(res.headers['retry-after'], '5');
  t.match(json(res, Problem), { type: '/problems/service-unavailable', status: 503 });
  const ready = await app.inject('/ready');
  t.equal(ready.statusCode, 503);
  t.equal(ready.headers['retry-after'], '5');
});
