import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/client.js';
import { figures, organisations } from '../src/db/schema/index.js';
import { loadDemoData } from '../src/demo/demo.service.js';
import { DEMO_CITY, DEMO_DISTRICTS, listDistricts, listWards } from '../src/demo/demo.queries.js';
import { ActivityDetail } from '../src/modules/activities/activities.schemas.js';
import { AreaDetail } from '../src/modules/areas/areas.schemas.js';
import { Contribution } from '../src/modules/contributions/contributions.schemas.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { DEFAULT_POLICY, type Count, type DisclosurePolicy } from '../src/domain/disclosure.js';
import { CELL_KEY_POLICY } from '../src/domain/perturbation.js';
import { PublishedTable } from '../src/modules/releases/releases.schemas.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { ActivityStatistics, AreaStatistics, Series, Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { generateDemoData, seededRandom } from '../src/demo/demo.generator.js';
import { json, forEachDatabase, waitFor } from './helpers/app.js';

// Properties over seeded generated data (the demo generator with another seed, and record keys
// drawn from a seed too): bounded, and the same on every run, so a failure always reproduces. They
// run once per disclosure policy; `maxError` is how far a published count may be from its exact
// count (rounding to 5: 2; perturbation: the table's largest change, 3).

// `suppressedUpTo`: the largest exact count that can be published as [c].
const POLICIES: readonly { name: string; policy: DisclosurePolicy; maxError: number; suppressedUpTo: number }[] = [
  { name: 'rounding', policy: DEFAULT_POLICY, maxError: 2, suppressedUpTo: 7 },
  {
    name: 'cell key perturbation',
    policy: CELL_KEY_POLICY,
    maxError: CELL_KEY_POLICY.maxChange,
    suppressedUpTo: 7 + CELL_KEY_POLICY.maxChange,
  },
];
const MEASURES = ['attendances', 'sessions', 'volunteers'] as const;
type Measure = 'participants' | (typeof MEASURES)[number];

/** A row of the published table, read from its CSV (the JSON download is compared with it separately). */
type Row = {
  period: string;
  areaCode: string;
  activityId: string | null;
  row: string;
  organisationId: string | null;
  participants: Count;
  attendances: Count | null;
  sessions: Count | null;
  volunteers: Count | null;
  organisations: number;
  share: number | null;
  rank: number | null;
};

const X = { value: null, flag: 'x', reason: 'not reported by every organisation' } as const;
const fromCsv = (cell: string): Count | null =>
  cell === '' ? null : cell === '[c]' ? { value: null, flag: 'c' } : cell === '[x]' ? { ...X } : { value: Number(cell) };
const orNull = (cell: string) => (cell === '' ? null : Number(cell));

function csvTable(body: string): Row[] {
  const records: Record<string, string>[] = parse(body.replace(/^\uFEFF/, ''), { columns: true });
  return records.map((r) => ({
    period: r.period!,
    areaCode: r.area_code!,
    activityId: r.activity_id === 'all' ? null : r.activity_id!,
    row: r.row!,
    organisationId: r.organisation_id || null,
    participants: fromCsv(r.participants!)!,
    attendances: fromCsv(r.attendances!),
    sessions: fromCsv(r.sessions!),
    volunteers: fromCsv(r.volunteers!),
    organisations: Number(r.organisations),
    share: orNull(r.share!),
    rank: orNull(r.rank!),
  }));
}

const cellOf = (r: { period: string; areaCode: string; activityId: string | null }) => `${r.period}|${r.areaCode}|${r.activityId}`;

/** Every `{ value }` Count anywhere in a JSON answer. */
function counts(node: unknown, found: (number | null)[] = []): (number | null)[] {
  if (Array.isArray(node)) node.forEach((n: unknown) => counts(n, found));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('value' in o && Object.keys(o).every((k) => k === 'value' || k === 'flag' || k === 'reason')) found.push(o.value as number | null);
    else Object.values(o).forEach((v) => counts(v, found));
  }
  return found;
}

const q = (params: Record<string, string | null | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v != null) as [string, string][]).toString();

/** Fixes every demo figure's record key from a seed: the identity rows go in first, and loadDemoData keeps them. */
async function seedDemoRecordKeys(db: Db, seed: number) {
  const districts = await listDistricts(db, DEMO_DISTRICTS);
  const wards = (
    await Promise.all(districts.map(async (d) => (await listWards(db, d.code)).slice(0, d.code === DEMO_CITY ? undefined : 6)))
  ).flat();
  const random = seededRandom(seed * 31 + 1);
  const rows = generateDemoData({ seed, wards, districts }).flatMap((o) =>
    o.figures.map((f) => ({
      organisationId: o.id,
      activityId: f.activity,
      areaCode: f.area,
      period: f.period,
      recordKey: Math.floor(random() * 2 ** 32),
    })),
  );
  await db.insert(figures).values(rows).onConflictDoNothing();
}

type Exact = Record<Measure, number> & Record<`${(typeof MEASURES)[number]}Reported`, boolean>;

/**
 * Exact sums of the current figures per cell, worked out here from the figures and the area and
 * activity trees (not by the build): `total` by cell, `own` (reported for the area itself, the
 * not-attributed row) by cell, and participants by cell and organisation.
 */
async function exactCells(db: Db) {
  const rows = await queryRows<
    Exact & { period: string; area_code: string; activity_id: string | null; organisation_id: string; own: boolean }
  >(
    db,
    sql`with recursive area_up(code, ancestor) as (
        select code, code from areas
        union all select area_up.code, a.parent_code from area_up join areas a on a.code = area_up.ancestor where a.parent_code is not null),
      activity_up(id, ancestor) as (
        select id, id from activities
        union select activity_up.id, p.parent_id from activity_up join activity_parents p on p.activity_id = activity_up.ancestor),
      activity_all as (select id, ancestor from activity_up union all select id, null from activities)
      select f.period, au.ancestor as area_code, ac.ancestor as activity_id, f.organisation_id, au.code = au.ancestor as own,
        sum(f.participants)::int as participants, coalesce(sum(f.attendances), 0)::int as attendances,
        coalesce(sum(f.sessions), 0)::int as sessions, coalesce(sum(f.volunteers), 0)::int as volunteers,
        bool_and(f.attendances is not null) as "attendancesReported", bool_and(f.sessions is not null) as "sessionsReported",
        bool_and(f.volunteers is not null) as "volunteersReported"
      from current_figures f join area_up au on au.code = f.area_code join activity_all ac on ac.id = f.activity_id
      group by 1, 2, 3, 4, 5`,
  );
  const add = (into: Map<string, Exact>, key: string, r: Exact) => {
    const e = into.get(key);
    if (!e) into.set(key, { ...r });
    else {
      for (const m of ['participants', ...MEASURES] as const) e[m] += r[m];
      for (const m of MEASURES) e[`${m}Reported`] &&= r[`${m}Reported`];
    }
  };
  const total = new Map<string, Exact>();
  const own = new Map<string, Exact>();
  const byOrganisation = new Map<string, number>();
  for (const r of rows) {
    const cell = cellOf({ period: r.period, areaCode: r.area_code, activityId: r.activity_id });
    add(total, cell, r);
    if (r.own) add(own, cell, r);
    byOrganisation.set(`${cell}|${r.organisation_id}`, (byOrganisation.get(`${cell}|${r.organisation_id}`) ?? 0) + r.participants);
  }
  return { total, own, byOrganisation };
}

for (const { name, policy, maxError, suppressedUpTo } of POLICIES)
  forEachDatabase(
    async (t, { app, database }) => {
      const db = database.db;
      const get = async (url: string) => {
        const res = await app.inject({ method: 'GET', url });
        if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
        return res;
      };
      await seedDemoRecordKeys(db, 7);
      await loadDemoData(db, 7);
      await publishRelease(db, { policy });
      const csv1 = (await get('/v1/releases/1/download?format=csv')).body;
      const table = csvTable(csv1);
      const exact = await exactCells(db);
      const random = seededRandom(42);
      const totals = table.filter((r) => r.row === 'total');
      const sample = Array.from({ length: 25 }, () => totals[Math.floor(random() * totals.length)]!);
      const named = (s: string) => `${name}: ${s}`;

      t.test(named('no public count is from 1 to 7, in the table or in any answer'), async (t) => {
        const values = counts(table).filter((v): v is number => v !== null);
        t.ok(values.length > 1000, `${values.length} counts checked`);
        t.same(
          values.filter((v) => v >= 1 && v <= 7),
          [],
        );
        t.ok(counts(table).includes(null), 'some counts are suppressed');
        for (const cell of sample.slice(0, 5)) {
          const summary = await get(`/v1/statistics/summary?${q({ area: cell.areaCode, activity: cell.activityId, period: cell.period })}`);
          t.same(
            counts(JSON.parse(summary.body)).filter((v) => v !== null && v >= 1 && v <= 7),
            [],
          );
        }
      });

      if (policy === DEFAULT_POLICY)
        t.test(named('every count is a multiple of 5'), async (t) => {
          t.same(
            counts(table).filter((v) => v !== null && v % 5 !== 0),
            [],
          );
        });

      t.test(
        named(`every published count is within ${maxError} of its exact count, and suppressed only from 1 to ${suppressedUpTo}`),
        async (t) => {
          const shown = new Map<string, number>();
          for (const r of table)
            if (r.row === 'organisation')
              shown.set(cellOf(r), (shown.get(cellOf(r)) ?? 0) + exact.byOrganisation.get(`${cellOf(r)}|${r.organisationId}`)!);
          const wrong: string[] = [];
          let checked = 0;
          const check = (label: string, published: Count | null, exactCount: number | undefined) => {
            if (published === null || published.flag === 'x' || exactCount === undefined) return;
            checked++;
            const { value } = published;
            const ok =
              value === null
                ? exactCount >= 1 && exactCount <= suppressedUpTo
                : Math.abs(value - exactCount) <= maxError && (value === 0) === (exactCount === 0);
            if (!ok) wrong.push(`${label}: exact ${exactCount}, published ${JSON.stringify(published)}`);
          };
          for (const r of table) {
            const label = `${cellOf(r)} ${r.row} ${r.organisationId ?? ''}`;
            const cell = r.row === 'total' ? exact.total.get(cellOf(r)) : r.row === 'not-attributed' ? exact.own.get(cellOf(r)) : undefined;
            if (cell) for (const m of ['participants', ...MEASURES] as const) check(`${label} ${m}`, r[m], cell[m]);
            else if (r.row === 'organisation') check(label, r.participants, exact.byOrganisation.get(`${cellOf(r)}|${r.organisationId}`));
            else if (r.row === 'other')
              check(label, r.participants, exact.total.get(cellOf(r))!.participants - (shown.get(cellOf(r)) ?? 0));
            else wrong.push(`${label}: no exact cell`);
          }
          t.same(wrong, []);
          t.ok(checked > 1000, `${checked} published counts checked against their exact counts`);
        },
      );

      t.test(named('a measure not reported by every organisation in a total is x, and participants never are'), async (t) => {
        const wrong: string[] = [];
        for (const r of table.filter((r) => r.row === 'total' || r.row === 'not-attributed')) {
          const cell = (r.row === 'total' ? exact.total : exact.own).get(cellOf(r))!;
          if (r.participants.flag === 'x') wrong.push(`${cellOf(r)} participants`);
          for (const m of MEASURES) if ((r[m]?.flag === 'x') !== !cell[`${m}Reported`]) wrong.push(`${cellOf(r)} ${r.row} ${m}`);
        }
        t.same(wrong, []);
        t.ok(totals.some((r) => r.attendances?.flag === 'x') && totals.some((r) => r.attendances?.flag !== 'x'), 'both kinds occur');
      });

      t.test(named('breakdown rows account for every organisation and, within the error, the whole total'), async (t) => {
        const parts = new Map<string, Row[]>();
        for (const r of table)
          if (r.row === 'organisation' || r.row === 'other') parts.set(cellOf(r), [...(parts.get(cellOf(r)) ?? []), r]);
        const wrong: string[] = [];
        let checked = 0;
        for (const total of totals) {
          const rows = parts.get(cellOf(total)) ?? [];
          if (rows.reduce((n, r) => n + r.organisations, 0) !== total.organisations) wrong.push(`${cellOf(total)}: organisations`);
          if (total.participants.value === null || rows.some((r) => r.participants.value === null)) continue;
          const sum = rows.reduce((n, r) => n + r.participants.value!, 0);
          if (Math.abs(sum - total.participants.value) > maxError * (rows.length + 1)) wrong.push(`${cellOf(total)}: participants`);
          checked++;
        }
        t.same(wrong, []);
        t.ok(checked > 100);
      });

      t.test(named('a share is null when its count or its total is suppressed, and otherwise at most 1'), async (t) => {
        const totalOf = new Map(totals.map((r) => [cellOf(r), r.participants.value]));
        const wrong = table
          .filter((r) => r.row === 'organisation' || r.row === 'other')
          .filter((r) => (r.participants.value === null || !totalOf.get(cellOf(r)) ? r.share !== null : r.share === null || r.share > 1))
          .map(
            (r) =>
              `${cellOf(r)} ${r.row} ${r.organisationId ?? ''}: ${JSON.stringify(r.participants)} of ${totalOf.get(cellOf(r))}, share ${r.share}`,
          );
        t.same(wrong, []);
      });

      t.test(named('the JSON download holds the same rows as the CSV'), async (t) => {
        const res = await app.inject({ method: 'GET', url: '/v1/releases/1/download' });
        t.equal(res.statusCode, 200);
        if (res.statusCode !== 200) return;
        const data = json(res, PublishedTable).data.map((r) => ({
          period: r.period,
          areaCode: r.areaCode,
          activityId: r.activityId,
          row: r.row,
          organisationId: r.organisationId,
          participants: r.participants,
          attendances: r.attendances,
          sessions: r.sessions,
          volunteers: r.volunteers,
          organisations: r.organisations,
          share: r.share,
          rank: r.rank,
        }));
        t.same(data, table);
      });

      t.test(named('the same cell has the same value in summary, series, areas, activities and the CSV download'), async (t) => {
        for (const cell of sample) {
          const want = {
            participants: cell.participants,
            attendances: cell.attendances,
            sessions: cell.sessions,
            volunteers: cell.volunteers,
          };
          const summary = json(
            await get(`/v1/statistics/summary?${q({ area: cell.areaCode, activity: cell.activityId, period: cell.period })}`),
            Summary,
          );
          const { organisations: _, ...total } = summary.total;
          t.same(total, want, 'summary');
          const series = json(await get(`/v1/statistics/series?${q({ area: cell.areaCode, activity: cell.activityId })}`), Series);
          t.same(series.data.find((r) => r.period === cell.period)?.total.participants, want.participants, 'series');
          const area = json(await get(`/v1/areas/${cell.areaCode}`), AreaDetail);
          if (area.parentCode) {
            const areas = json(
              await get(`/v1/statistics/areas?${q({ parent: area.parentCode, activity: cell.activityId, period: cell.period })}`),
              AreaStatistics,
            );
            t.same(areas.data.find((r) => r.area?.code === cell.areaCode)?.total.participants, want.participants, 'areas');
          }
          if (cell.activityId) {
            const activity = json(await get(`/v1/activities/${cell.activityId}`), ActivityDetail);
            const activities = json(
              await get(`/v1/statistics/activities?${q({ area: cell.areaCode, parent: activity.parents[0], period: cell.period })}`),
              ActivityStatistics,
            );
            t.same(activities.data.find((r) => r.activity.id === cell.activityId)?.total.participants, want.participants, 'activities');
          }
        }
      });

      t.test(named('a contribution shows the same count and total as the breakdown'), async (t) => {
        const rows = table.filter((r) => r.row === 'organisation');
        for (let i = 0; i < 10; i++) {
          const row = rows[Math.floor(random() * rows.length)]!;
          const total = totals.find((r) => cellOf(r) === cellOf(row))!;
          const body = json(await get(`/v1/organisations/${row.organisationId}/contribution?period=${row.period}`), Contribution);
          const entry = body.data.find((r) => r.area.code === row.areaCode && (r.activity?.id ?? null) === row.activityId);
          t.same(
            [entry?.participants, entry?.total, entry?.share, entry?.rank],
            [row.participants, total.participants, row.share, row.rank],
          );
        }
      });

      t.test(named('a later release changes the latest answers and none of an earlier one, nor any cell it leaves alone'), async (t) => {
        const urls = [
          '/v1/releases/1/download?format=csv',
          ...sample
            .slice(0, 10)
            .flatMap((c) => [
              `/v1/statistics/summary?${q({ area: c.areaCode, activity: c.activityId, period: c.period, release: '1' })}`,
              `/v1/statistics/series?${q({ area: c.areaCode, activity: c.activityId, release: '1' })}`,
            ]),
          '/v1/statistics/areas?parent=E08000035&release=1',
          '/v1/organisations/demo-armley-ballet-club/contribution?release=1',
        ];
        const before = await Promise.all(urls.map(async (u) => (await get(u)).body));
        await db.insert(organisations).values({ id: 'new-group', name: 'New Group', named: true });
        await recordSubmission(db, {
          organisationId: 'new-group',
          apiKeyId: null,
          format: 'demo',
          figures: [{ activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 100 }],
        });
        t.equal((await publishRelease(db, { policy })).id, 2);
        const after = await Promise.all(urls.map(async (u) => (await get(u)).body));
        after.forEach((body, i) => t.equal(body, before[i], urls[i]!));

        // The new figure reaches Armley and its ancestors, in ballet and its ancestors and all activities, in 2025-26 only.
        const areasUp: string[] = [];
        for (let code: string | null = 'E05011385'; code; code = json(await get(`/v1/areas/${code}`), AreaDetail).parentCode)
          areasUp.push(code);
        const activitiesUp = new Set<string | null>([null]);
        for (let queue = ['ballet']; queue.length > 0;) {
          const id = queue.pop()!;
          activitiesUp.add(id);
          queue = [...queue, ...json(await get(`/v1/activities/${id}`), ActivityDetail).parents];
        }
        const touched = (r: Row) => r.period === '2025-26' && areasUp.includes(r.areaCode) && activitiesUp.has(r.activityId);
        const second = csvTable((await get('/v1/releases/2/download?format=csv')).body);
        const untouched = (rows: Row[]) => rows.filter((r) => !touched(r));
        t.ok(untouched(table).length > 1000, `${untouched(table).length} rows of cells without the new figure`);
        t.same(untouched(second), untouched(table), 'every cell without the new figure reads the same in release 2');

        // Published by another process (as `npm run release` does): this instance follows the latest
        // release within CACHE_VERSION_TTL_MS, set short for this file.
        const latestUrl = '/v1/statistics/summary?area=E05011385&activity=ballet&period=2025-26';
        await waitFor(async () => json(await get(latestUrl), Summary).release.id === 2, 5_000);
        const latest = json(await get(latestUrl), Summary);
        const first = json(await get('/v1/statistics/summary?area=E05011385&activity=ballet&period=2025-26&release=1'), Summary);
        t.equal(latest.release.id, 2);
        // Each of the two values is within maxError of its exact count, which differ by 100.
        t.ok(Math.abs(latest.total.participants.value! - first.total.participants.value! - 100) <= 2 * maxError);
        if (policy === DEFAULT_POLICY) t.equal(latest.total.participants.value! - first.total.participants.value!, 100);
      });
    },
    { CACHE_VERSION_TTL_MS: '200' },
  );
