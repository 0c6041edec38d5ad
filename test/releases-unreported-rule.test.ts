import { sql } from 'drizzle-orm';
import { organisations } from '../src/db/schema/index.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { PublishedTable, Release } from '../src/modules/releases/releases.schemas.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';

// One figure, 40 runners in Armley in 2025-26 with no attendances, sessions or volunteers, published
// twice: release 1 as builds before the "not reported" rule stored it (the measures summed to 0, the
// policy without `unreported`, and the rows with no `*_reported` value: the columns of migration
// 0008), and release 2 built now. A release never changes, so release 1 must keep reading 0.
const ARMLEY = 'E05011385';
const CELL = `area=${ARMLEY}&activity=running&period=2025-26`;
const X = { value: null, flag: 'x', reason: 'not reported by every organisation' };
const OLD_POLICY = {
  suppressFrom: 1,
  suppressUpTo: 7,
  roundTo: 5,
  rules: ['A published count from 1 to 7 is suppressed: {"value": null, "flag": "c"} in JSON, [c] in CSV.'],
};

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const get = (url: string) => app.inject({ method: 'GET', url });
  await db.insert(organisations).values({ id: 'old-club', name: 'Old Club', named: true });
  await recordSubmission(db, {
    organisationId: 'old-club',
    apiKeyId: null,
    format: 'demo',
    figures: [{ activity: 'running', area: ARMLEY, period: '2025-26', participants: 40 }],
  });
  const counts = { figures: 1, organisations: 1, periods: 1, areas: 4, activities: 1, cells: 4 };
  await db.execute(sql`insert into releases (id, policy, counts, notes, is_demo)
    values (1, ${JSON.stringify(OLD_POLICY)}::jsonb, ${JSON.stringify(counts)}::jsonb, null, false)`);
  await db.execute(sql`create table release_cells_1 partition of release_cells for values in (1)`);
  await db.execute(sql`create table release_breakdown_1 partition of release_breakdown for values in (1)`);
  for (const area of [ARMLEY, 'E08000035', 'E12000003', 'E92000001'])
    await db.execute(sql`insert into release_cells
      (release_id, area_code, activity_id, period, scope, participants, attendances, sessions, volunteers, organisations)
      values (1, ${area}, 'running', '2025-26', 0, 40, 0, 0, 0, 1)`);
  await db.execute(sql`insert into release_breakdown
    (release_id, area_code, activity_id, period, organisation_id, organisation_name, merged, participants, organisations, share, rank)
    values (1, ${ARMLEY}, 'running', '2025-26', 'old-club', 'Old Club', false, 40, 1, 1, 1)`);
  await publishRelease(db, { policy: DEFAULT_POLICY });

  t.test('each release says which rule it was built with', async (t) => {
    t.equal(json(await get('/v1/releases/1'), Release).policy.unreported, 'zero');
    t.equal(json(await get('/v1/releases/2'), Release).policy.unreported, 'null');
  });

  t.test('an earlier release keeps its zeros, and its notes say what they mean', async (t) => {
    const old = json(await get(`/v1/statistics/summary?${CELL}&release=1`), Summary);
    t.same(old.total, {
      participants: { value: 40 },
      attendances: { value: 0 },
      sessions: { value: 0 },
      volunteers: { value: 0 },
      organisations: 1,
    });
    t.match(old.notes, [/counts twice/, /suppressed/, /did not report attendances, sessions or volunteers counts as 0/]);
    const csv = (await get('/v1/releases/1/download?format=csv')).body;
    t.match(csv, /\r\n1,false,2025-26,E05011385,Armley,running,total,,,40,0,0,0,1,/);
  });

  t.test('a new release built from the same figure publishes the missing measures as x', async (t) => {
    const now = json(await get(`/v1/statistics/summary?${CELL}&release=2`), Summary);
    t.same(now.total, { participants: { value: 40 }, attendances: X, sessions: X, volunteers: X, organisations: 1 });
    t.match(now.notes[2], /published only where every organisation reported them/);
    const table = json(await get('/v1/releases/2/download'), PublishedTable).data;
    const total = table.find((r) => r.areaCode === ARMLEY && r.activityId === 'running' && r.row === 'total')!;
    t.same([total.attendances, total.sessions, total.volunteers], [X, X, X]);
    const csv = (await get('/v1/releases/2/download?format=csv')).body;
    t.match(csv, /\r\n2,false,2025-26,E05011385,Armley,running,total,,,40,\[x\],\[x\],\[x\],1,/);
  });
});
