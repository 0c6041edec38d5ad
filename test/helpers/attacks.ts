import type { z } from 'zod';
import type { App } from '../../src/app.js';
import type { Count, RoundingPolicy } from '../../src/domain/disclosure.js';
import type { CellKeyPolicy } from '../../src/domain/perturbation.js';
import { ActivityDetail } from '../../src/modules/activities/activities.schemas.js';
import { ActivityStatistics, AreaStatistics, Summary } from '../../src/modules/statistics/statistics.rows.schemas.js';
import { json } from './app.js';

// What a reader of the public API can work out about suppressed counts by differencing. Every
// published count gives a range of exact values (the policy's public bounds); every published
// relation between counts (a total and its breakdown, an area and its children, an activity and
// the activities beneath it) is an equation between exact values. Interval propagation over those
// equations, to a fixed point, is the outside attacker; it is sound (never excludes the truth) but
// not complete, so what it recovers is a lower bound on what a determined reader recovers.

/** The exact values still possible: the integers from lo to hi (hi is Infinity when unbounded). */
export type Interval = { lo: number; hi: number };

/** What one published count tells anyone about its exact value, from the policy's published parameters alone. */
export type Bounds = (count: Count) => Interval;

/**
 * Under cell key perturbation a published count is its exact count plus a change of at most
 * `maxChange` either way; 0 stays 0 and no positive count is published as 0, so a published p
 * comes from [max(1, p − maxChange), p + maxChange], and a suppressed one (published 1 to
 * suppressUpTo) from [1, suppressUpTo + maxChange].
 */
export function perturbationBounds(policy: Pick<CellKeyPolicy, 'suppressUpTo' | 'maxChange'>): Bounds {
  return ({ value }) => {
    if (value === null) return { lo: 1, hi: policy.suppressUpTo + policy.maxChange };
    if (value === 0) return { lo: 0, hi: 0 };
    return { lo: Math.max(1, value - policy.maxChange), hi: value + policy.maxChange };
  };
}

export function roundingBounds(policy: Pick<RoundingPolicy, 'suppressUpTo' | 'roundTo'>): Bounds {
  // v is published as roundTo × ⌊(v + half) / roundTo⌋, so a published p comes from [p − half, p + roundTo − 1 − half].
  const half = Math.floor(policy.roundTo / 2);
  return ({ value }) => {
    if (value === null) return { lo: 1, hi: policy.suppressUpTo };
    const hi = value + policy.roundTo - 1 - half;
    // 1 to suppressUpTo is never published as a number: a 0 is a true 0 unless rounding reaches past the suppressed band.
    if (value === 0) return { lo: 0, hi: hi <= policy.suppressUpTo ? 0 : hi };
    return { lo: Math.max(value - half, policy.suppressUpTo + 1), hi };
  };
}

/** Σ sign × exact value = 0: a total minus its parts. */
export type Equation = ReadonlyArray<{ key: string; sign: 1 | -1 }>;

export const sumEquation = (total: string, parts: readonly string[]): Equation => [
  { key: total, sign: -1 },
  ...parts.map((key) => ({ key, sign: 1 as const })),
];

/** Ranges of exact values; every value is a count (0 or more) until something narrows it. */
export class Ranges {
  private readonly known = new Map<string, Interval>();

  get(key: string): Interval {
    return this.known.get(key) ?? { lo: 0, hi: Infinity };
  }

  /** Intersects, and says whether anything changed. Nothing left means a wrong bound or a wrong equation. */
  narrow(key: string, range: Interval): boolean {
    const was = this.get(key);
    const next = { lo: Math.max(was.lo, Math.ceil(range.lo)), hi: Math.min(was.hi, Math.floor(range.hi)) };
    if (next.lo > next.hi) throw new Error(`no exact value fits ${key}: [${was.lo}, ${was.hi}] against [${range.lo}, ${range.hi}]`);
    if (next.lo === was.lo && next.hi === was.hi) return false;
    this.known.set(key, next);
    return true;
  }
}

/** Narrows one term to minus the sum of the others; the others' sum ranges over [lo, hi]. */
function narrowTerm(ranges: Ranges, equation: Equation, term: Equation[number]): boolean {
  let lo = 0;
  let hi = 0;
  for (const other of equation) {
    if (other === term) continue;
    const range = ranges.get(other.key);
    if (other.sign === 1) [lo, hi] = [lo + range.lo, hi + range.hi];
    else [lo, hi] = [lo - range.hi, hi - range.lo];
  }
  return ranges.narrow(term.key, term.sign === 1 ? { lo: -hi, hi: -lo } : { lo, hi });
}

export function propagate(ranges: Ranges, equations: readonly Equation[]): void {
  // Each pass only narrows integer ranges, so it settles; the cap turns a slow creep into a failure.
  for (let pass = 0, changed = true; changed; pass++) {
    if (pass > 1_000) throw new Error('interval propagation did not settle');
    changed = false;
    for (const equation of equations) for (const term of equation) changed = narrowTerm(ranges, equation, term) || changed;
  }
}

export type Cell = { period: string; area: string; activity: string | null };
export type Row =
  { kind: 'total' } | { kind: 'not-attributed' } | { kind: 'organisation'; id: string } | { kind: 'other'; listed: readonly string[] };
/** One published participants count, where it was read, and the name of its exact value in the equations. */
export type Observation = { release: number; cell: Cell; row: Row; key: string; count: Count };
type Source = 'breakdown' | 'areas' | 'activities' | 'atoms' | 'releases';
/** Everything read from releases: published counts and the relations between them. */
export type Reading = {
  observations: Observation[];
  equations: { source: Source; equation: Equation }[];
  /** An activity with several parents is counted under each, so activity rows no longer add up. */
  multiParent: boolean;
};

const cellName = (cell: Cell) => `${cell.period} ${cell.area} ${cell.activity ?? 'all'}`;
const rowName = (row: Row | 'direct') => (row === 'direct' ? 'direct' : row.kind === 'organisation' ? `organisation ${row.id}` : row.kind);
const keyOf = (cell: Cell, row: Row | 'direct') => `${cellName(cell)} | ${rowName(row)}`;
const splitKey = (key: string) => key.split(' | ') as [string, string];

export type ActivityDetail = z.output<typeof ActivityDetail>;

/** Reads the public API as anyone can: no key, and a failure for any answer but 200. */
export function publicReader(app: App) {
  const activities = new Map<string, Promise<ActivityDetail>>();
  async function get<S extends z.ZodType>(url: string, schema: S): Promise<z.output<S>> {
    const res = await app.inject({ method: 'GET', url });
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
    return json(res, schema);
  }
  const activity = (id: string) => {
    if (!activities.has(id)) activities.set(id, get(`/v1/activities/${id}`, ActivityDetail));
    return activities.get(id)!;
  };
  return { get, activity };
}
export type PublicReader = ReturnType<typeof publicReader>;

export const query = (params: Record<string, string | number | null | undefined>) =>
  new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (v == null ? [] : [[k, String(v)] as [string, string]]))).toString();

/**
 * Every cell of one period of a release reachable from a district (all activities) by following
 * its wards and the activities beneath: what anyone can read without a key. The atoms assume these
 * two levels, a figure being reported either for a ward or for the district itself.
 */
export async function readRelease(reader: PublicReader, release: number, period: string, area: string): Promise<Reading> {
  const reading: Reading = { observations: [], equations: [], multiParent: false };
  const queue: Cell[] = [{ period, area, activity: null }];
  const seen = new Set<string>();
  for (let cell = queue.shift(); cell; cell = queue.shift()) {
    if (seen.has(cellName(cell))) continue;
    seen.add(cellName(cell));
    queue.push(...(await readCell(reader, release, cell, reading)));
  }
  await addAtomEquations(reader, area, reading);
  return reading;
}

/**
 * Every total of the district or a ward is a sum of atoms: what was reported for exactly one ward
 * (or the district itself) and one activity, unpublished. An atom can only be non-zero where its
 * own cell has figures. Summing atoms through the activity closure holds even for an activity with
 * several parents, and links cells that no single published relation links.
 */
async function addAtomEquations(reader: PublicReader, district: string, reading: Reading): Promise<void> {
  const atoms = new Map<string, { area: string | null; lineage: string[] }>();
  for (const o of reading.observations) {
    if (o.cell.activity === null || (o.row.kind === 'total' ? o.cell.area === district : o.row.kind !== 'not-attributed')) continue;
    const area = o.row.kind === 'total' ? o.cell.area : null;
    atoms.set(`${cellName(o.cell)} | atom ${area ? 'ward' : 'district'} ${o.release}`, {
      area,
      lineage: await lineage(reader, o.cell.activity),
    });
  }
  const sums = new Map<string, Equation>();
  for (const o of reading.observations) {
    if (o.row.kind !== 'total' && o.row.kind !== 'not-attributed') continue;
    const within = o.row.kind === 'not-attributed' ? null : o.cell.area;
    const parts = [...atoms].filter(
      ([, atom]) => (within === district || atom.area === within) && (o.cell.activity === null || atom.lineage.includes(o.cell.activity)),
    );
    sums.set(
      o.key,
      sumEquation(
        o.key,
        parts.map(([key]) => key),
      ),
    );
  }
  for (const equation of sums.values()) reading.equations.push({ source: 'atoms', equation });
}

function observe(reading: Reading, release: number, cell: Cell, row: Row, count: Count): string {
  const key = keyOf(cell, row);
  reading.observations.push({ release, cell, row, key, count });
  return key;
}

async function readCell(reader: PublicReader, release: number, cell: Cell, reading: Reading): Promise<Cell[]> {
  const params = { area: cell.area, activity: cell.activity, period: cell.period, release };
  const summary = await reader.get(`/v1/statistics/summary?${query(params)}`, Summary);
  const total = observe(reading, release, cell, { kind: 'total' }, summary.total.participants);
  const listed = summary.breakdown.flatMap((entry) => (entry.organisation ? [entry.organisation.id] : []));
  const parts = summary.breakdown.map((entry) =>
    observe(
      reading,
      release,
      cell,
      entry.organisation ? { kind: 'organisation', id: entry.organisation.id } : { kind: 'other', listed },
      entry.participants,
    ),
  );
  reading.equations.push({ source: 'breakdown', equation: sumEquation(total, parts) });
  const childAreas = summary.area.type === 'ward' ? [] : await readChildAreas(reader, release, cell, reading);
  return [...childAreas, ...(await readChildActivities(reader, release, cell, reading))];
}

/** An area is its child areas plus what was reported for it directly; no not-attributed row means nothing was. */
async function readChildAreas(reader: PublicReader, release: number, cell: Cell, reading: Reading): Promise<Cell[]> {
  const params = { parent: cell.area, activity: cell.activity, period: cell.period, release };
  const areas = await reader.get(`/v1/statistics/areas?${query(params)}`, AreaStatistics);
  const children = areas.data.flatMap((row) => (row.area ? [{ ...cell, area: row.area.code }] : []));
  const parts = areas.data.map((row) =>
    row.area
      ? observe(reading, release, { ...cell, area: row.area.code }, { kind: 'total' }, row.total.participants)
      : observe(reading, release, cell, { kind: 'not-attributed' }, row.total.participants),
  );
  reading.equations.push({ source: 'areas', equation: sumEquation(keyOf(cell, { kind: 'total' }), parts) });
  return children;
}

/**
 * An activity is the activities beneath it plus what was reported for it directly (published
 * nowhere, so an unbounded part); all activities is exactly the top-level ones.
 */
async function readChildActivities(reader: PublicReader, release: number, cell: Cell, reading: Reading): Promise<Cell[]> {
  if (cell.activity !== null && (await reader.activity(cell.activity)).children.length === 0) return [];
  const params = { area: cell.area, parent: cell.activity, period: cell.period, release };
  const rows = (await reader.get(`/v1/statistics/activities?${query(params)}`, ActivityStatistics)).data;
  const children = rows.map((row) => ({ ...cell, activity: row.activity.id }));
  for (const child of children) if ((await reader.activity(child.activity)).parents.length > 1) reading.multiParent = true;
  const parts = rows.map((row, i) => observe(reading, release, children[i]!, { kind: 'total' }, row.total.participants));
  if (cell.activity !== null) parts.push(keyOf(cell, 'direct'));
  if (rows.length > 0) reading.equations.push({ source: 'activities', equation: sumEquation(keyOf(cell, { kind: 'total' }), parts) });
  return children;
}

export function joinReadings(readings: readonly Reading[]): Reading {
  return {
    observations: readings.flatMap((r) => r.observations),
    equations: readings.flatMap((r) => r.equations),
    multiParent: readings.some((r) => r.multiParent),
  };
}

/**
 * Two releases as one system, on the premise the second one's notes give: it adds one new
 * organisation's figures and changes nothing else. A cell the newcomer is listed in had a total
 * before that is its total now minus the newcomer's row; what was reported directly for the cell
 * may have changed too, so it gets a value of its own. Everything else is the same value in both.
 */
export function combineReleases(before: Reading, after: Reading): Reading {
  const organisationsBefore = new Set(before.observations.flatMap((o) => (o.row.kind === 'organisation' ? [o.row.id] : [])));
  const newcomerRows = after.observations.filter((o) => o.row.kind === 'organisation' && !organisationsBefore.has(o.row.id));
  const cellsBefore = new Set(before.observations.map((o) => cellName(o.cell)));
  const changed = new Set(newcomerRows.map((o) => cellName(o.cell)).filter((cell) => cellsBefore.has(cell)));
  const rename = (key: string) => {
    const [cell, row] = splitKey(key);
    return changed.has(cell) && ['total', 'not-attributed', 'direct'].includes(row)
      ? `${key} (release ${after.observations[0]!.release})`
      : key;
  };
  const links = [...changed].map((cell) => ({
    source: 'releases' as const,
    equation: sumEquation(rename(`${cell} | total`), [
      `${cell} | total`,
      ...newcomerRows.filter((o) => cellName(o.cell) === cell).map((o) => o.key),
    ]),
  }));
  return joinReadings([
    before,
    {
      observations: after.observations.map((o) => ({ ...o, key: rename(o.key) })),
      equations: [...after.equations.map((e) => ({ ...e, equation: e.equation.map((t) => ({ ...t, key: rename(t.key) })) })), ...links],
      multiParent: after.multiParent,
    },
  ]);
}

/** The outside attacker: every published bound, then every equation it may trust, to a fixed point. */
export function inferRanges(reading: Reading, bounds: Bounds): Ranges {
  const ranges = new Ranges();
  for (const o of reading.observations) ranges.narrow(o.key, bounds(o.count));
  const trusted = reading.equations.filter((e) => e.source !== 'activities' || !reading.multiParent);
  propagate(
    ranges,
    trusted.map((e) => e.equation),
  );
  return ranges;
}

/** Suppressed values attacked; how many are left with one or two possible values, or any fewer than the policy's bounds allow. */
export type Leak = { suppressed: number; toOne: number; toTwo: number; narrowed: number };

/** Each published value counts once, however often it was read. */
export function measureLeak(ranges: Ranges, observations: readonly Observation[], bounds: Bounds): Leak {
  const suppressed = new Map(observations.filter((o) => o.count.value === null).map((o) => [o.key, bounds(o.count)]));
  const widths = [...suppressed].map(([key, band]) => ({ width: ranges.get(key).hi - ranges.get(key).lo, band: band.hi - band.lo }));
  return {
    suppressed: widths.length,
    toOne: widths.filter((w) => w.width === 0).length,
    toTwo: widths.filter((w) => w.width === 1).length,
    narrowed: widths.filter((w) => w.width < w.band).length,
  };
}

/** The insider's view of one victim: what it knew before, narrowed by every total it padded by a known offset. */
export function trackerRange(prior: Interval, readings: readonly { count: Count; offset: number }[], bounds: Bounds): Interval {
  const ranges = new Ranges();
  ranges.narrow('victim', prior);
  for (const { count, offset } of readings) {
    const range = bounds(count);
    ranges.narrow('victim', { lo: range.lo - offset, hi: range.hi - offset });
  }
  return ranges.get('victim');
}

/** An activity and everything above it, from the public hierarchy, nearest first. */
export async function lineage(reader: PublicReader, activity: string): Promise<string[]> {
  const found = [activity];
  for (let i = 0; i < found.length; i++)
    for (const parent of (await reader.activity(found[i]!)).parents) if (!found.includes(parent)) found.push(parent);
  return found;
}
