import type { Db } from '../../db/client.js';
import { listAncestors } from '../areas/areas.service.js';
import { comparePeriods } from '../../domain/period.js';
import {
  describeCell,
  latestPeriod,
  noFigures,
  requireActivity,
  requireArea,
  requireRelease,
  statisticsMeta,
} from './statistics.context.js';
import {
  findCell,
  listBreakdown,
  listCellPeriods,
  listChildActivityCells,
  listChildAreaCells,
  type BreakdownRow,
} from './statistics.queries.js';
import { toRate, toTotal } from './statistics.schemas.js';
import { toCount } from '../../domain/disclosure.js';

// What other modules that answer from a release share with statistics answers.
export { latestPeriod, noFigures, requireActivity, requireArea, requireRelease, statisticsMeta };

const ENGLAND = 'E92000001';
const OTHER_LABEL = 'Other organisations';

type Query = { area: string; activity?: string; period?: string; release?: number };

/** Release, area, activity and period of a cell; the period defaults to the latest with figures. */
async function resolveCell(db: Db, q: Query) {
  const release = await requireRelease(db, q.release);
  const [area, activity] = await Promise.all([requireArea(db, q.area), requireActivity(db, q.activity)]);
  const key = { releaseId: release.id, area: area.code, activity: activity?.id ?? null };
  const period = q.period ?? latestPeriod((await listCellPeriods(db, key)).map((c) => c.period));
  const cell = period === undefined ? undefined : await findCell(db, { ...key, period });
  if (!cell || period === undefined) throw noFigures(`${describeCell(release, area, activity, q.period)}.`);
  return { release, area, activity, period, cell, key: { ...key, period } };
}

const toBreakdown = (row: BreakdownRow) => ({
  organisation: row.organisation_id ? { id: row.organisation_id, name: row.organisation_name! } : null,
  label: row.organisation_id ? row.organisation_name! : OTHER_LABEL,
  participants: toCount(row.participants),
  organisations: row.organisations,
  share: row.share,
  rank: row.rank,
});

const subject = (activity: { label: string } | null, area: { name: string }, period?: string) =>
  `participants in ${activity ? activity.label.toLowerCase() : 'all activities'}, ${area.name}${period ? `, ${period}` : ''}`;

export async function getSummary(db: Db, publicUrl: string, q: Query) {
  const { release, area, activity, period, cell, key } = await resolveCell(db, q);
  const ancestors = await listAncestors(db, area.code);
  const others = [ancestors[0], ancestors.find((a) => a.code === ENGLAND)].filter((a, i, all) => a && all.indexOf(a) === i);
  const [breakdown, comparisons] = await Promise.all([
    listBreakdown(db, key),
    Promise.all(
      others.map(async (other) => {
        const c = await findCell(db, { ...key, area: other!.code });
        return { area: other!, participants: toCount(c?.participants ?? null), per1000: c?.per_1000 ?? null };
      }),
    ),
  ]);
  return {
    ...statisticsMeta(release, publicUrl, {
      what: subject(activity, area, period),
      path: '/v1/statistics/summary',
      query: { area: area.code, activity: activity?.id, period },
    }),
    area,
    activity,
    period,
    total: toTotal(cell),
    rate: toRate(cell),
    comparisons,
    breakdown: breakdown.map(toBreakdown),
  };
}

const CHILD_TYPE = { country: 'region', region: 'local authority', lad: 'ward', ward: 'smaller area' } as const;

export async function getAreaStatistics(db: Db, publicUrl: string, q: Omit<Query, 'area'> & { parent: string }) {
  const { release, area, activity, period, cell, key } = await resolveCell(db, { ...q, area: q.parent });
  const [children, direct] = await Promise.all([listChildAreaCells(db, { ...key, parent: area.code }), findCell(db, key, 1)]);
  const rows: Array<{ area: typeof area | null; label: string; total: ReturnType<typeof toTotal>; rate: ReturnType<typeof toRate> }> =
    children.map((c) => ({ area: { code: c.area_code, name: c.name, type: c.type }, label: c.name, total: toTotal(c), rate: toRate(c) }));
  if (children.length === 0)
    throw noFigures(`${area.name} (${area.code}) has figures in release ${release.id} for ${period}, but no child area has any.`);
  if (direct)
    rows.push({ area: null, label: `Not attributed to a ${CHILD_TYPE[area.type]}`, total: toTotal(direct), rate: toRate(direct, 1) });
  return {
    ...statisticsMeta(release, publicUrl, {
      what: `${subject(activity, area, period)}, by ${CHILD_TYPE[area.type]}`,
      path: '/v1/statistics/areas',
      query: { parent: area.code, activity: activity?.id, period },
    }),
    parent: area,
    activity,
    period,
    total: toTotal(cell),
    data: rows,
  };
}

export async function getActivityStatistics(db: Db, publicUrl: string, q: Omit<Query, 'activity'> & { parent?: string }) {
  const { release, area, activity: parent, period, key } = await resolveCell(db, { ...q, activity: q.parent });
  const rows = await listChildActivityCells(db, { ...key, parent: parent?.id ?? null });
  return {
    ...statisticsMeta(release, publicUrl, {
      what: `${subject(parent, area, period)}, by activity`,
      path: '/v1/statistics/activities',
      query: { area: area.code, parent: parent?.id, period },
    }),
    area,
    parent,
    period,
    data: rows.map((c) => ({ activity: { id: c.activity_id!, label: c.label }, total: toTotal(c), rate: toRate(c) })),
  };
}

export async function getSeries(db: Db, publicUrl: string, q: Omit<Query, 'period'>) {
  const release = await requireRelease(db, q.release);
  const [area, activity] = await Promise.all([requireArea(db, q.area), requireActivity(db, q.activity)]);
  const cells = await listCellPeriods(db, { releaseId: release.id, area: area.code, activity: activity?.id ?? null });
  if (cells.length === 0) throw noFigures(`${describeCell(release, area, activity)}.`);
  cells.sort((a, b) => comparePeriods(a.period, b.period));
  return {
    ...statisticsMeta(release, publicUrl, {
      what: `${subject(activity, area)}, by period`,
      path: '/v1/statistics/series',
      query: { area: area.code, activity: activity?.id },
    }),
    area,
    activity,
    data: cells.map((c) => ({ period: c.period, total: toTotal(c), rate: toRate(c) })),
  };
}
