import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { queryRows } from '../src/db/client.js';
import { loggerOptions } from '../src/logger.js';
import { OrganisationFigureList } from '../src/modules/figures/figures.schemas.js';
import { IssuedKey } from '../src/modules/keys/keys.schemas.js';
import { forEachDatabase, json, testConfig } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { assertProblem } from './helpers/problems.js';

const figure = { activity: 'ballet', area: 'E05011385', period: '2025', participants: 12 };

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const admin = await adminKey(db);
  const armley = await organisationWithKey(app, admin, 'armley-ballet');
  const leeds = await organisationWithKey(app, admin, 'leeds-runners');
  const submit = (headers: Record<string, string>, id = 'armley-ballet') =>
    app.inject({ method: 'POST', url: `/v1/organisations/${id}/figures`, headers, payload: { figures: [figure] } });

  t.test('refuses a write without a key with 401 and a Bearer challenge', async (t) => {
    const before = await fingerprint(db);
    const res = await submit({});
    assertProblem(
      t,
      res,
      'unauthorized',
      '/v1/organisations/armley-ballet/figures',
      'This operation needs a key: send `Authorization: Bearer <key>`.',
    );
    t.equal(res.headers['www-authenticate'], 'Bearer realm="participation-api"');
    t.same(await fingerprint(db), before);
  });

  t.test('refuses an Authorization header that is not a Bearer key with 401', async (t) => {
    const res = await submit({ authorization: 'Basic YWRtaW46YWRtaW4=' });
    assertProblem(t, res, 'unauthorized', '/v1/organisations/armley-ballet/figures', 'The Authorization header must be `Bearer <key>`.');
    t.equal(res.headers['www-authenticate'], 'Bearer realm="participation-api", error="invalid_request"');
  });

  t.test('refuses an unknown key with 401 and changes nothing', async (t) => {
    const before = await fingerprint(db);
    for (const key of ['pa_' + 'A'.repeat(43), 'not-a-key', armley.slice(0, -1) + (armley.endsWith('A') ? 'B' : 'A')]) {
      const res = await submit(bearer(key));
      assertProblem(t, res, 'unauthorized', '/v1/organisations/armley-ballet/figures', 'The key is unknown or has been revoked.');
      t.equal(res.headers['www-authenticate'], 'Bearer realm="participation-api", error="invalid_token"');
    }
    t.same(await fingerprint(db), before);
  });

  t.test("refuses an organisation key on another organisation's figures with 403 and changes nothing", async (t) => {
    await submit(bearer(leeds), 'leeds-runners');
    const before = await fingerprint(db);
    const write = await submit(bearer(leeds));
    assertProblem(t, write, 'forbidden', '/v1/organisations/armley-ballet/figures', 'This key belongs to another organisation.');
    const read = await app.inject({ url: '/v1/organisations/armley-ballet/figures', headers: bearer(leeds) });
    assertProblem(t, read, 'forbidden', '/v1/organisations/armley-ballet/figures', 'This key belongs to another organisation.');
    const { id: figureId } = json(
      await app.inject({ url: '/v1/organisations/leeds-runners/figures', headers: bearer(leeds) }),
      OrganisationFigureList,
    ).data[0]!;
    const withdraw = await app.inject({
      method: 'DELETE',
      url: `/v1/organisations/armley-ballet/figures/${figureId}`,
      headers: bearer(leeds),
    });
    assertProblem(
      t,
      withdraw,
      'forbidden',
      `/v1/organisations/armley-ballet/figures/${figureId}`,
      'This key belongs to another organisation.',
    );
    const armleyWithdraw = await app.inject({
      method: 'DELETE',
      url: `/v1/organisations/leeds-runners/figures/${figureId}`,
      headers: bearer(armley),
    });
    t.equal(armleyWithdraw.statusCode, 403);
    t.same(await fingerprint(db), before);
  });

  t.test('refuses an organisation key on every admin route with 403 and changes nothing', async (t) => {
    const before = await fingerprint(db);
    const attempts = [
      { method: 'POST', url: '/v1/organisations', payload: { id: 'sneaky', name: 'Sneaky', named: true } },
      { method: 'PATCH', url: '/v1/organisations/armley-ballet', payload: { named: false } },
      { method: 'POST', url: '/v1/activities', payload: { id: 'lunch_club', label: 'Lunch club' } },
      { method: 'DELETE', url: '/v1/keys/key_AAAAAAAAAAAA' },
    ] as const;
    for (const attempt of attempts) {
      const res = await app.inject({ ...attempt, headers: bearer(armley) });
      assertProblem(t, res, 'forbidden', attempt.url, 'Only an admin key may do this.');
    }
    // Its own keys are managed by its people, signed in: a key cannot mint or revoke keys.
    for (const attempt of [
      { method: 'POST', url: '/v1/organisations/armley-ballet/keys', payload: {} },
      { method: 'GET', url: '/v1/organisations/armley-ballet/keys' },
      { method: 'DELETE', url: '/v1/organisations/armley-ballet/keys/key_AAAAAAAAAAAA' },
    ] as const) {
      const res = await app.inject({ ...attempt, headers: bearer(armley) });
      assertProblem(
        t,
        res,
        'forbidden',
        attempt.url,
        "An organisation key cannot manage keys: sign in as one of the organisation's people.",
      );
    }
    t.same(await fingerprint(db), before);
  });

  t.test('stores only a SHA-256 hash of each key', async (t) => {
    const rows = await queryRows<{ key_hash: string }>(db, sql`select key_hash from api_keys`);
    t.equal(rows.length, 3);
    for (const row of rows) t.match(row.key_hash, /^[0-9a-f]{64}$/);
    const dump = JSON.stringify(await queryRows(db, sql`select * from api_keys`));
    for (const key of [admin, armley, leeds]) t.notOk(dump.includes(key), 'the key itself is not stored');
    t.match(armley, /^pa_[A-Za-z0-9_-]{43}$/, '256 random bits, base64url');
  });

  t.test('a revoked key stops working at once', async (t) => {
    const key = await organisationWithKey(app, admin, 'revoked-group');
    const [row] = await queryRows<{ id: string }>(db, sql`select id from api_keys where organisation_id = 'revoked-group'`);
    t.equal((await submit(bearer(key), 'revoked-group')).statusCode, 201);
    const revoke = await app.inject({ method: 'DELETE', url: `/v1/keys/${row!.id}`, headers: bearer(admin) });
    t.equal(revoke.statusCode, 204);
    t.equal(revoke.body, '');
    const before = await fingerprint(db);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organisations/revoked-group/figures',
      headers: bearer(key),
      payload: { figures: [{ ...figure, participants: 13 }] },
    });
    assertProblem(t, res, 'unauthorized', '/v1/organisations/revoked-group/figures', 'The key is unknown or has been revoked.');
    t.same(await fingerprint(db), before);
  });
});

forEachDatabase(async (t, { database }) => {
  t.test('never writes a key to the log', async (t) => {
    let logged = '';
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        logged += String(chunk);
        done();
      },
    });
    const logger = pino({ ...loggerOptions({ logLevel: 'trace' }), transport: undefined }, sink);
    const app = await buildApp({ config: testConfig(), database, logger });
    t.teardown(() => app.close());
    const admin = await adminKey(database.db);
    const res = await app.inject({ method: 'POST', url: '/v1/organisations/nobody/keys', headers: bearer(admin), payload: {} });
    t.equal(res.statusCode, 404);
    const issued = await app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: bearer(admin),
      payload: { id: 'logged', name: 'Logged', named: false },
    });
    t.equal(issued.statusCode, 201);
    const key = json(
      await app.inject({ method: 'POST', url: '/v1/organisations/logged/keys', headers: bearer(admin), payload: {} }),
      IssuedKey,
    ).key;
    t.match(logged, /incoming request/, 'requests were logged');
    t.notOk(logged.includes(admin), 'the admin key is not in the log');
    t.notOk(logged.includes(key), 'an issued key is not in the log');
    logger.info({ req: { headers: { authorization: `Bearer ${key}` } } }, 'headers logged on purpose');
    t.notOk(logged.includes(key), 'an Authorization header logged on purpose is redacted');
    t.match(logged, /"authorization":"\[redacted\]"/);
  });
});
