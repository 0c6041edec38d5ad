import type { Db } from '../../db/client.js';
import { COMPARISON_METHOD, INTERVAL_METHOD } from '../../domain/interval.js';
import { latestPeriod } from '../../domain/period.js';
import { toCount } from '../../domain/disclosure.js';
import { listAncestors } from '../areas/areas.service.js';
import { noFigures, requireArea, requireRelease, statisticsMeta } from '../statistics/statistics.service.js';
import { benchmarksBesideEngland, deprivationOf, ENGLAND } from './profiles.context.js';
import {
  findUnattributedCell,
  listAreaCells,
  listChildCells,
  listDistricts,
  listPeriodCells,
  type ProfileCellRow,
} from './profiles.queries.js';
import {
  activityRow,
  communityOf,
  pickActivities,
  previousComparablePeriod,
  rateOf,
  trendRows,
  type AreaRef,
} from './profiles.sections.js';

type ProfileChild = {
  area: AreaRef | null;
  label: string;
  rank: number | null;
  participants: ReturnType<typeof toCount>;
  organisations: number;
  rate: ReturnType<typeof rateOf>;
};

const CHILD_TYPE = { country: 'region', region: 'local authority', lad: 'ward', ward: 'smaller area' } as const;
const METHOD_NOTE = `Rates per 1,000 residents with 95% confidence intervals: ${INTERVAL_METHOD} ${COMPARISON_METHOD}`;

type ProfileQuery = { code: string; period?: string; release?: number };

async function comparatorsOf(db: Db, releaseId: number, area: AreaRef, period: string) {
  const ancestors = await listAncestors(db, area.code);
  const others = [ancestors[0], ancestors.find((a) => a.code === ENGLAND)].filter(
    (a, i, all): a is AreaRef => a !== undefined && all.indexOf(a) === i,
  );
  return Promise.all(
    others.map(async (other) => {
      const cells = await listPeriodCells(db, { releaseId, area: other.code, period });
      return { area: { code: other.code, name: other.name, type: other.type }, cells: new Map(cells.map((c) => [c.activity_id, c])) };
    }),
  );
}

/** Child areas ranked by rate (by participants where no child has a population), then the unattributed row. */
async function childrenOf(db: Db, releaseId: number, area: AreaRef, period: string) {
  const [cells, direct] = await Promise.all([
    listChildCells(db, { releaseId, parent: area.code, period, districts: false }),
    findUnattributedCell(db, { releaseId, area: area.code, period }),
  ]);
  const rankedBy: 'rate' | 'participants' = cells.some((c) => c.per_1000 !== null) ? 'rate' : 'participants';
  const key = (c: ProfileCellRow) => (rankedBy === 'rate' ? (c.per_1000 ?? -1) : (c.participants ?? -1));
  const sorted = [...cells].sort((a, b) => key(b) - key(a) || a.area_code.localeCompare(b.area_code));
  const data = sorted.map((c): ProfileChild => ({
    area: { code: c.area_code, name: c.name, type: c.type },
    label: c.name,
    rank: key(c) < 0 ? null : 1 + sorted.filter((o) => key(o) > key(c)).length,
    participants: toCount(c.participants),
    organisations: c.organisations,
    rate: rateOf(c),
  }));
  if (direct)
    data.push({
      area: null,
      label: `Not attributed to a ${CHILD_TYPE[area.type]}`,
      rank: null,
      participants: toCount(direct.participants),
      organisations: direct.organisations,
      rate: { ...rateOf(direct), reason: 'Figures not attributed to a child area have no population of their own.' },
    });
  return { childType: CHILD_TYPE[area.type], rankedBy, data };
}

export async function getAreaProfile(db: Db, publicUrl: string, q: ProfileQuery) {
  const release = await requireRelease(db, q.release);
  const area = await requireArea(db, q.code);
  const cells = await listAreaCells(db, { releaseId: release.id, area: area.code });
  const period = q.period ?? latestPeriod(cells.filter((c) => c.activity_id === null).map((c) => c.period));
  const inPeriod = cells.filter((c) => c.period === period);
  if (period === undefined || inPeriod.length === 0)
    throw noFigures(`Release ${release.id} has no figures for ${area.name} (${area.code})${q.period ? ` in ${q.period}` : ''}.`);
  const previousPeriod = previousComparablePeriod(period);
  const picked = pickActivities(inPeriod);
  const [comparators, children, benchmarks] = await Promise.all([
    comparatorsOf(db, release.id, area, period),
    childrenOf(db, release.id, area, period),
    benchmarksBesideEngland(db, area.code),
  ]);
  const all = (p: string | undefined) => cells.find((c) => c.activity_id === null && c.period === p);
  const meta = statisticsMeta(release, publicUrl, {
    what: `area profile of ${area.name}, ${period}`,
    path: `/v1/areas/${area.code}/profile`,
    query: { period },
  });
  return {
    ...meta,
    notes: [...meta.notes, METHOD_NOTE],
    area,
    period,
    previousPeriod: previousPeriod ?? null,
    method: { interval: INTERVAL_METHOD, comparison: COMPARISON_METHOD },
    activities: picked.map((p) => activityRow(p, comparators)),
    trend: trendRows(
      cells,
      picked.map((p) => p.cell.activity_id),
      period,
    ),
    community: communityOf(all(period), all(previousPeriod), previousPeriod),
    benchmarks,
    children,
    map: area.type === 'country' || area.type === 'region' ? await districtMap(db, release.id, area.code, period) : null,
    deprivation: deprivationOf(area),
  };
}

/** The map's link, and its numbers as rows (districts with figures, highest rate first). */
async function districtMap(db: Db, releaseId: number, code: string, period: string) {
  const cells = await listChildCells(db, { releaseId, parent: code, period, districts: true });
  const districts = cells
    .map((c) => ({ area: { code: c.area_code, name: c.name, type: c.type }, participants: toCount(c.participants), rate: rateOf(c) }))
    .sort((a, b) => (b.rate.per1000 ?? -1) - (a.rate.per1000 ?? -1) || a.area.code.localeCompare(b.area.code));
  return { url: `/v1/areas/${code}/profile/map.svg?${new URLSearchParams({ period, release: String(releaseId) }).toString()}`, districts };
}

/** The districts of a region or England with their all-activity rates in one period: what the map shades. */
export async function getDistrictRates(db: Db, q: ProfileQuery) {
  const release = await requireRelease(db, q.release);
  const area = await requireArea(db, q.code);
  if (area.type !== 'country' && area.type !== 'region')
    throw noFigures(`A map is drawn for England or a region; ${area.name} is a ${area.type}.`);
  const own = await listAreaCells(db, { releaseId: release.id, area: area.code });
  const period = q.period ?? latestPeriod(own.filter((c) => c.activity_id === null).map((c) => c.period));
  if (period === undefined) throw noFigures(`Release ${release.id} has no figures for ${area.name} (${area.code}).`);
  const [districts, cells] = await Promise.all([
    listDistricts(db, area.code),
    listChildCells(db, { releaseId: release.id, parent: area.code, period, districts: true }),
  ]);
  const rates = new Map(cells.map((c) => [c.area_code, c.per_1000]));
  return { release, area, period, districts: districts.map((d) => ({ ...d, per1000: rates.get(d.code) ?? null })) };
}
