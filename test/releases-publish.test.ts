import { sql } from 'drizzle-orm';
import pg from 'pg';
import { connectPostgres, queryRows } from '../src/db/client.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { Problem } from '../src/http/problem.js';
import { Release } from '../src/modules/releases/releases.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';

forEachDatabase(async (t, { app, database, kind }) => {
  const admin = await adminKey(database.db);
  const key = await organisationWithKey(app, admin, 'publish-club');
  const publish = (headers: Record<string, string>, payload?: object) =>
    app.inject({ method: 'POST', url: '/v1/releases', headers, ...(payload ? { payload } : {}) });

  t.test('refuses to publish an empty release with a 409 problem that says what to do', async (t) => {
    const res = await publish(bearer(admin));
    t.equal(res.statusCode, 409);
    t.match(json(res, Problem), { type: '/problems/conflict', detail: /no current figures.*Submit figures first/i });
  });

  t.test('publishes the next release for an admin, with its location and an audit row', async (t) => {
    await app.inject({
      method: 'POST',
      url: '/v1/organisations/publish-club/figures',
      headers: bearer(key),
      payload: { figures: [{ activity: 'running', area: 'E05011385', period: '2025-09', participants: 40 }] },
    });
    const before = await app.inject('/v1/releases/latest');
    t.equal(before.statusCode, 404, 'no release yet');
    const res = await publish(bearer(admin), { notes: 'First figures from Armley' });
    t.equal(res.statusCode, 201);
    t.equal(res.headers.location, '/v1/releases/1');
    t.match(json(res, Release), { id: 1, notes: 'First figures from Armley' });
    const audit = await queryRows<{ action: string; detail: { releaseId: number } }>(
      database.db,
      sql`select action, detail from audit_log where action = 'release.publish'`,
    );
    t.same(
      audit.map((a) => [a.action, a.detail.releaseId]),
      [['release.publish', 1]],
    );
    const latest = await app.inject('/v1/releases/latest');
    t.equal(json(latest, Release).id, 1);
    const second = await publish(bearer(admin));
    t.equal(json(second, Release).id, 2);
    const after = await app.inject({ url: '/v1/releases/latest', headers: { 'if-none-match': String(latest.headers.etag) } });
    t.equal(after.statusCode, 200, 'the latest release moved on, so the old ETag no longer matches');
    t.equal(json(after, Release).id, 2);
  });

  t.test('lets only an admin publish', async (t) => {
    t.equal((await publish(bearer(key))).statusCode, 403);
    t.equal((await publish({})).statusCode, 401);
  });

  if (kind !== 'postgres') return;
  t.test('builds through a pool whose statement timeout is shorter than a build statement', async (t) => {
    const short = connectPostgres({ url: database.url!, max: 1, statementTimeoutMs: 100 });
    t.teardown(() => short.close());
    await t.rejects(short.db.execute(sql`select pg_sleep(0.3)`), { cause: { code: '57014' } }, 'the pool cancels a slow request statement');
    // A statement that waits on a lock counts against the timeout: the build waits here for 600 ms.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    t.teardown(() => locker.end());
    await locker.query('begin');
    await locker.query('lock table organisations in access exclusive mode');
    const publishing = publishRelease(short.db, { policy: DEFAULT_POLICY });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await locker.query('commit');
    t.equal((await publishing).id, 3);
  });
});
