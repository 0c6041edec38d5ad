import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { queryRows } from '../src/db/client.js';
import { AuditList } from '../src/modules/audit/audit.schemas.js';
import { IssuedKey } from '../src/modules/keys/keys.schemas.js';
import { ReturnList } from '../src/modules/returns/returns.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { assertProblem } from './helpers/problems.js';

const ARMLEY = 'E05011385';

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const admin = await adminKey(db);
  const keys: Record<string, string> = {};
  for (const id of ['alpha-club', 'beta-club', 'gamma-club', 'delta-club', 'epsilon-club'])
    keys[id] = await organisationWithKey(app, admin, id);
  const submit = async (id: string, period: string, participants: number, withdraw = false) => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/organisations/${id}/figures`,
      headers: bearer(keys[id]!),
      payload: { figures: [{ activity: 'running', area: ARMLEY, period, ...(withdraw ? { withdraw: true } : { participants }) }] },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
  };
  // alpha: August and September (September sent twice); beta: August only; gamma: a financial year
  // only (another kind of period); delta: September, then withdrawn; epsilon: October only (later).
  await submit('alpha-club', '2025-08', 10);
  await submit('alpha-club', '2025-09', 11);
  await submit('beta-club', '2025-08', 20);
  await submit('gamma-club', '2025-26', 30);
  await submit('delta-club', '2025-09', 40);
  await submit('delta-club', '2025-09', 0, true);
  await submit('epsilon-club', '2025-10', 50);
  await submit('alpha-club', '2025-09', 12);

  t.test('lists who sent figures for a month, when, and whose return is missing', async (t) => {
    const res = await app.inject({ url: '/v1/returns?period=2025-09', headers: bearer(admin) });
    t.equal(res.statusCode, 200);
    const body = json(res, ReturnList);
    const times = await queryRows<{ first: Date | string; last: Date | string }>(
      db,
      sql`select min(r.created_at) as first, max(r.created_at) as last from figure_revisions r join figures f on f.id = r.figure_id
          where f.organisation_id = 'alpha-club' and f.period = '2025-09'`,
    );
    t.same(body, {
      data: [
        {
          organisation: { id: 'alpha-club', name: 'Group alpha-club', named: true, demo: false },
          status: 'sent',
          figures: 1,
          firstSentAt: new Date(times[0]!.first).toISOString(),
          lastSentAt: new Date(times[0]!.last).toISOString(),
          lastPeriod: null,
        },
        {
          organisation: { id: 'beta-club', name: 'Group beta-club', named: true, demo: false },
          status: 'missing',
          figures: 0,
          firstSentAt: null,
          lastSentAt: null,
          lastPeriod: '2025-08',
        },
      ],
      page: { limit: 100, offset: 0, total: 2 },
    });
    t.ok(body.data[0]!.firstSentAt! < body.data[0]!.lastSentAt!, 'sent twice: first and latest differ');
  });

  t.test('filters by status, pages, and answers CSV', async (t) => {
    const missing = json(await app.inject({ url: '/v1/returns?period=2025-09&status=missing', headers: bearer(admin) }), ReturnList);
    t.same(
      missing.data.map((r) => r.organisation.id),
      ['beta-club'],
    );
    const paged = json(await app.inject({ url: '/v1/returns?period=2025-09&limit=1&offset=1', headers: bearer(admin) }), ReturnList);
    t.same([paged.data.map((r) => r.organisation.id), paged.page.total], [['beta-club'], 2]);
    const csv = await app.inject({ url: '/v1/returns?period=2025-09&format=csv', headers: bearer(admin) });
    t.match(csv.headers['content-type'], /^text\/csv/);
    const rows = parse<Record<string, string>>(csv.body, { columns: true, bom: true });
    t.same(
      rows.map((r) => [r.period, r.organisation_id, r.status, r.last_period]),
      [
        ['2025-09', 'alpha-club', 'sent', ''],
        ['2025-09', 'beta-club', 'missing', '2025-08'],
      ],
    );
    const october = json(await app.inject({ url: '/v1/returns?period=2025-10', headers: bearer(admin) }), ReturnList);
    t.same(
      october.data.map((r) => [r.organisation.id, r.status, r.lastPeriod]),
      [
        ['epsilon-club', 'sent', null],
        ['alpha-club', 'missing', '2025-09'],
        ['beta-club', 'missing', '2025-08'],
      ],
      'delta withdrew its only figure, so it has no earlier return',
    );
  });

  t.test('refuses a bad period with a 400 and an organisation key with a 403', async (t) => {
    const bad = await app.inject({ url: '/v1/returns?period=2025-13', headers: bearer(admin) });
    t.equal(bad.statusCode, 400);
    t.equal((await app.inject({ url: '/v1/returns', headers: bearer(admin) })).statusCode, 400, 'the period is required');
    assertProblem(
      t,
      await app.inject({ url: '/v1/returns?period=2025-09', headers: bearer(keys['alpha-club']!) }),
      'forbidden',
      '/v1/returns',
      'Only an admin key may do this.',
    );
  });

  t.test('the audit log: newest first, searchable by organisation, key and action, paged and as CSV', async (t) => {
    const issued = await app.inject({ method: 'POST', url: '/v1/organisations/beta-club/keys', headers: bearer(admin), payload: {} });
    const second = json(issued, IssuedKey);
    await app.inject({
      method: 'POST',
      url: '/v1/organisations/beta-club/figures',
      headers: bearer(second.key),
      payload: { figures: [{ activity: 'running', area: ARMLEY, period: '2025-09', participants: 21 }] },
    });
    await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin), payload: { notes: 'September' } });
    const get = async (query: string) => json(await app.inject({ url: `/v1/audit${query}`, headers: bearer(admin) }), AuditList);
    const all = await get('?limit=1000');
    const ids = all.data.map((e) => e.id);
    t.same(
      ids,
      [...ids].sort((a, b) => b - a),
      'newest first',
    );
    t.equal(all.data[0]!.action, 'release.publish');
    t.match(all.data[0]!.detail, { releaseId: 1 });
    const stored = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`);
    t.equal(all.page.total, stored[0]!.n, 'every entry');

    const beta = await get('?organisation=beta-club');
    t.ok(beta.data.length >= 3 && beta.data.every((e) => e.organisationId === 'beta-club'), 'only beta-club');
    t.same(
      beta.data.map((e) => e.action),
      ['figures.submit', 'key.issue', 'figures.submit', 'key.issue', 'organisation.create'],
    );
    const byKey = await get(`?key=${second.id}`);
    t.same(
      byKey.data.map((e) => [e.action, e.organisationId, e.apiKeyId]),
      [['figures.submit', 'beta-club', second.id]],
      'only what that key did',
    );
    const figures = await get('?action=figures');
    t.equal(figures.data.length, 9, 'nine batches, one of them withdrawing a figure');
    t.ok(
      figures.data.every((e) => e.action.startsWith('figures.')),
      'a prefix finds every figures.* action',
    );
    t.equal((await get('?action=figures.submit')).page.total, 9, 'an exact action');
    t.same((await get('?action=figure')).data, [], 'a prefix is a whole word, not part of one');
    t.same((await get('?action=figures.submit&organisation=alpha-club')).page.total, 3, 'filters combine');
    const page = await get('?limit=2&offset=1');
    t.same(
      page.data.map((e) => e.id),
      ids.slice(1, 3),
    );
    const csv = await app.inject({ url: '/v1/audit?organisation=beta-club&format=csv', headers: bearer(admin) });
    const rows = parse<Record<string, string>>(csv.body, { columns: true, bom: true });
    t.same(
      rows.map((r) => r.action),
      beta.data.map((e) => e.action),
    );
    t.same(JSON.parse(rows[0]!.detail!), beta.data[0]!.detail);
  });

  t.test('the audit log is refused to an organisation key and reading it changes nothing', async (t) => {
    const before = await fingerprint(db);
    t.equal((await app.inject({ url: '/v1/audit', headers: bearer(keys['beta-club']!) })).statusCode, 403);
    t.equal((await app.inject({ url: '/v1/audit' })).statusCode, 401);
    t.equal((await app.inject({ url: '/v1/audit?limit=0', headers: bearer(admin) })).statusCode, 400);
    t.same(await fingerprint(db), before);
  });
});
