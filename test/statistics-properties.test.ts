import { organisations } from '../src/db/schema/index.js';
import { loadDemoData } from '../src/demo/demo.service.js';
import { ActivityDetail } from '../src/modules/activities/activities.schemas.js';
import { AreaDetail } from '../src/modules/areas/areas.schemas.js';
import { Contribution } from '../src/modules/contributions/contributions.schemas.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { PublishedTable } from '../src/modules/releases/releases.schemas.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { ActivityStatistics, AreaStatistics, Series, Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { seededRandom } from '../src/demo/demo.generator.js';
import { json, forEachDatabase, waitFor } from './helpers/app.js';

// Properties over seeded generated data (the demo generator with another seed): bounded, and the
// same on every run, so a failure always reproduces.

type Row = {
  period: string;
  areaCode: string;
  activityId: string | null;
  row: string;
  organisationId: string | null;
  participants: { value: number | null };
  organisations: number;
};

/** Every `{ value }` Count anywhere in a JSON answer. */
function counts(node: unknown, found: (number | null)[] = []): (number | null)[] {
  if (Array.isArray(node)) node.forEach((n: unknown) => counts(n, found));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('value' in o && Object.keys(o).every((k) => k === 'value' || k === 'flag')) found.push(o.value as number | null);
    else Object.values(o).forEach((v) => counts(v, found));
  }
  return found;
}

const q = (params: Record<string, string | null | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v != null) as [string, string][]).toString();

forEachDatabase(
  async (t, { app, database }) => {
    const db = database.db;
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
      return res;
    };
    await loadDemoData(db, 7);
    await publishRelease(db, { policy: DEFAULT_POLICY });
    const table: Row[] = json(await get('/v1/releases/1/download'), PublishedTable).data;
    const random = seededRandom(42);
    const totals = table.filter((r) => r.row === 'total');
    const sample = Array.from({ length: 25 }, () => totals[Math.floor(random() * totals.length)]!);

    t.test('no public count is from 1 to 7 and every count is a multiple of 5', async (t) => {
      const values = counts(table).filter((v): v is number => v !== null);
      t.ok(values.length > 1000, `${values.length} counts checked`);
      t.same(
        values.filter((v) => v % 5 !== 0 || (v >= 1 && v <= 7)),
        [],
      );
      t.ok(counts(table).includes(null), 'some counts are suppressed');
    });

    t.test('breakdown rows account for every organisation and, within rounding, the whole total', async (t) => {
      const parts = new Map<string, Row[]>();
      for (const r of table)
        if (r.row === 'organisation' || r.row === 'other') {
          const key = `${r.period}|${r.areaCode}|${r.activityId}`;
          parts.set(key, [...(parts.get(key) ?? []), r]);
        }
      const wrong: string[] = [];
      let checked = 0;
      for (const total of totals) {
        const name = `${total.areaCode} ${total.activityId} ${total.period}`;
        const rows = parts.get(`${total.period}|${total.areaCode}|${total.activityId}`) ?? [];
        if (rows.reduce((n, r) => n + r.organisations, 0) !== total.organisations) wrong.push(`${name}: organisations`);
        if (total.participants.value === null || rows.some((r) => r.participants.value === null)) continue;
        const sum = rows.reduce((n, r) => n + r.participants.value!, 0);
        // Each published value is within 2.5 of its exact value: the gap is at most 2.5 per row plus the total's.
        if (Math.abs(sum - total.participants.value) > 2.5 * (rows.length + 1)) wrong.push(`${name}: participants`);
        checked++;
      }
      t.same(wrong, []);
      t.ok(checked > 100);
    });

    t.test('the same cell has the same value in summary, series, areas, activities and download', async (t) => {
      for (const cell of sample) {
        const want = cell.participants;
        const summary = json(
          await get(`/v1/statistics/summary?${q({ area: cell.areaCode, activity: cell.activityId, period: cell.period })}`),
          Summary,
        );
        t.same(summary.total.participants, want, 'summary');
        const series = json(await get(`/v1/statistics/series?${q({ area: cell.areaCode, activity: cell.activityId })}`), Series);
        t.same(series.data.find((r) => r.period === cell.period)?.total.participants, want, 'series');
        const area = json(await get(`/v1/areas/${cell.areaCode}`), AreaDetail);
        if (area.parentCode) {
          const areas = json(
            await get(`/v1/statistics/areas?${q({ parent: area.parentCode, activity: cell.activityId, period: cell.period })}`),
            AreaStatistics,
          );
          t.same(areas.data.find((r) => r.area?.code === cell.areaCode)?.total.participants, want, 'areas');
        }
        if (cell.activityId) {
          const activity = json(await get(`/v1/activities/${cell.activityId}`), ActivityDetail);
          const activities = json(
            await get(`/v1/statistics/activities?${q({ area: cell.areaCode, parent: activity.parents[0], period: cell.period })}`),
            ActivityStatistics,
          );
          t.same(activities.data.find((r) => r.activity.id === cell.activityId)?.total.participants, want, 'activities');
        }
      }
    });

    t.test('a contribution shows the same count and total as the breakdown', async (t) => {
      const named = table.filter((r) => r.row === 'organisation');
      for (let i = 0; i < 10; i++) {
        const row = named[Math.floor(random() * named.length)]!;
        const total = totals.find((r) => r.period === row.period && r.areaCode === row.areaCode && r.activityId === row.activityId)!;
        const body = json(await get(`/v1/organisations/${row.organisationId}/contribution?period=${row.period}`), Contribution);
        const entry = body.data.find((r) => r.area.code === row.areaCode && (r.activity?.id ?? null) === row.activityId);
        t.same([entry?.participants, entry?.total], [row.participants, total.participants]);
      }
    });

    t.test('a later release changes the latest answers and none of an earlier one', async (t) => {
      const urls = [
        '/v1/releases/1',
        '/v1/releases/1/download',
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
      t.equal((await publishRelease(db, { policy: DEFAULT_POLICY })).id, 2);
      const after = await Promise.all(urls.map(async (u) => (await get(u)).body));
      after.forEach((body, i) => t.equal(body, before[i], urls[i]!));
      // Published by another process (as `npm run release` does): this instance follows the latest
      // release within CACHE_VERSION_TTL_MS, set short for this file.
      const latestUrl = '/v1/statistics/summary?area=E05011385&activity=ballet&period=2025-26';
      await waitFor(async () => json(await get(latestUrl), Summary).release.id === 2, 5_000);
      const latest = json(await get(latestUrl), Summary);
      const first = json(await get('/v1/statistics/summary?area=E05011385&activity=ballet&period=2025-26&release=1'), Summary);
      t.equal(latest.release.id, 2);
      t.equal(latest.total.participants.value! - first.total.participants.value!, 100);
    });
  },
  { CACHE_VERSION_TTL_MS: '200' },
);
