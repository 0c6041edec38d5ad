import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { loadDemoData } from '../src/demo/demo.service.js';
import { Release } from '../src/modules/releases/releases.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';
import { z } from 'zod';

const ARMLEY = 'E05011385';
const LEEDS = 'E08000035';
const Removal = z.object({ organisations: z.number().int(), figures: z.number().int() });

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const admin = await adminKey(db);
  const loaded = await loadDemoData(db);
  t.ok(loaded.figures > 100, `${loaded.figures} demonstration figures`);
  const demoNames = (await queryRows<{ name: string }>(db, sql`select name from organisations where is_demo`)).map((r) => r.name);
  const publish = async () => json(await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin) }), Release);
  t.equal((await publish()).demo, true, 'release 1 holds only demo figures');
  const key = await organisationWithKey(app, admin, 'real-runners');
  const real = [
    { activity: 'running', area: ARMLEY, period: '2025-26', participants: 42 },
    { activity: 'running', area: ARMLEY, period: '2025-09', participants: 30 },
  ];
  const stored = await app.inject({
    method: 'POST',
    url: '/v1/organisations/real-runners/figures',
    headers: bearer(key),
    payload: { figures: real },
  });
  t.equal(stored.statusCode, 201);
  t.equal((await publish()).demo, true, 'release 2 holds demo and real figures: a demo release');
  const earlier = await Promise.all(
    [1, 2]
      .flatMap((id) => [`/v1/releases/${id}`, `/v1/releases/${id}/download`, `/v1/releases/${id}/download?format=csv`])
      .map(async (url) => (await app.inject(url)).body),
  );

  t.test('is refused to an organisation key and removes nothing then', async (t) => {
    t.equal((await app.inject({ method: 'DELETE', url: '/v1/demo', headers: bearer(key) })).statusCode, 403);
    const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from current_figures`);
    t.equal(left!.n, loaded.figures + real.length);
  });

  t.test('withdraws every demonstration figure in one audited step; the next release holds only the real ones', async (t) => {
    const res = await app.inject({ method: 'DELETE', url: '/v1/demo', headers: bearer(admin) });
    t.equal(res.statusCode, 200);
    t.same(json(res, Removal), { organisations: loaded.organisations, figures: loaded.figures });
    const audit = await queryRows<{ action: string; detail: { figures: number } }>(
      db,
      sql`select action, detail from audit_log where action = 'demo.remove'`,
    );
    t.same(
      audit.map((a) => [a.action, a.detail.figures]),
      [['demo.remove', loaded.figures]],
    );
    const third = await publish();
    t.equal(third.demo, false, 'not a demo release');
    t.match(third.counts, { figures: 2, organisations: 1 });
    const answers = await Promise.all(
      [
        '/v1/releases/3',
        '/v1/releases/3/download',
        '/v1/releases/3/download?format=csv',
        '/v1/releases/latest',
        '/v1/releases',
        `/v1/statistics/summary?area=${LEEDS}`,
        `/v1/statistics/summary?area=${ARMLEY}&activity=running&period=2025-09`,
        `/v1/statistics/areas?parent=${LEEDS}`,
        `/v1/statistics/activities?area=${LEEDS}`,
        `/v1/statistics/series?area=${LEEDS}`,
        '/v1/organisations',
        '/v1/organisations/real-runners/contribution',
      ].map(async (url) => [url, await app.inject(url)] as const),
    );
    for (const [url, answer] of answers) {
      t.equal(answer.statusCode, 200, `${url} answers`);
      const named = demoNames.filter((name) => answer.body.includes(name));
      t.same(named, [], `${url}: no demonstration name`);
      t.notOk(/\(demo\)|demonstration data/i.test(answer.body), `${url}: no word of the demo`);
    }
  });

  t.test('earlier releases are unchanged, and a second removal removes nothing', async (t) => {
    const now = await Promise.all(
      [1, 2]
        .flatMap((id) => [`/v1/releases/${id}`, `/v1/releases/${id}/download`, `/v1/releases/${id}/download?format=csv`])
        .map(async (url) => (await app.inject(url)).body),
    );
    t.same(now, earlier);
    t.same(json(await app.inject({ method: 'DELETE', url: '/v1/demo', headers: bearer(admin) }), Removal), {
      organisations: 0,
      figures: 0,
    });
  });
});
