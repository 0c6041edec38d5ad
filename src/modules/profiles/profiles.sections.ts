// The parts of an area profile, built from published release rows (no SQL here).
import { toCount } from '../../domain/disclosure.js';
import { compareIntervals, wilsonPer1000 } from '../../domain/interval.js';
import { comparePeriods, parsePeriod } from '../../domain/period.js';
import type { ActivityCellRow, ProfileCellRow } from './profiles.queries.js';

export type AreaRef = { code: string; name: string; type: 'country' | 'region' | 'lad' | 'ward' };

/** The rate of a published cell with its 95% interval, or the reason there is none. */
export function rateOf(cell: ProfileCellRow | undefined) {
  const interval = cell ? wilsonPer1000(cell.participants, cell.population) : null;
  const reason = !cell
    ? 'No figures for this area, activity and period.'
    : cell.population === null
      ? 'ONS publishes no population estimate for this type of area (wards).'
      : cell.participants === null
        ? 'The participants count is suppressed.'
        : null;
  return {
    per1000: cell?.per_1000 ?? null,
    lower95: interval?.lower ?? null,
    upper95: interval?.upper ?? null,
    population: cell?.population ?? null,
    populationYear: cell?.population_year ?? null,
    reason,
  };
}
export type ProfileRate = ReturnType<typeof rateOf>;

const intervalOf = (rate: ProfileRate) =>
  rate.lower95 === null || rate.upper95 === null ? null : { lower: rate.lower95, upper: rate.upper95 };

/**
 * The same period one year earlier (2025-26 → 2024-25, 2025-Q3 → 2024-Q3, 2025-09 → 2024-09): the
 * previous comparable period, so a season is set against the same season.
 */
export function previousComparablePeriod(period: string): string | undefined {
  const p = parsePeriod(period);
  if (!p) return undefined;
  const year = Number(period.slice(0, 4)) - 1;
  if (p.kind === 'year') return String(year);
  if (p.kind === 'financial-year') return `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
  return `${year}${period.slice(4)}`;
}

/** Periods of the same kind as `period` up to and including it, oldest first. */
export function comparablePeriods(periods: Iterable<string>, period: string): string[] {
  const kind = parsePeriod(period)?.kind;
  return [...new Set(periods)].filter((p) => parsePeriod(p)?.kind === kind && comparePeriods(p, period) <= 0).sort(comparePeriods);
}

const byParticipants = (a: ProfileCellRow, b: ProfileCellRow) => (b.participants ?? -1) - (a.participants ?? -1);

/**
 * The activities a profile shows: all activities together, every top-level activity with figures,
 * and under each its child activity with the most published participants.
 */
export function pickActivities(cells: ActivityCellRow[]) {
  const all = cells.find((c) => c.activity_id === null);
  const top = cells.filter((c) => c.activity_id !== null && !c.parents).sort(byParticipants);
  const picked: Array<{ cell: ActivityCellRow; parent: string | null }> = all ? [{ cell: all, parent: null }] : [];
  for (const t of top) {
    picked.push({ cell: t, parent: null });
    const [largest] = cells.filter((c) => c.parents?.includes(t.activity_id!)).sort(byParticipants);
    if (largest) picked.push({ cell: largest, parent: t.activity_id });
  }
  return picked;
}

type Comparator = { area: AreaRef; cells: Map<string | null, ProfileCellRow> };

export function activityRow(picked: { cell: ActivityCellRow; parent: string | null }, comparators: Comparator[]) {
  const { cell } = picked;
  const rate = rateOf(cell);
  return {
    activity: cell.activity_id === null ? null : { id: cell.activity_id, label: cell.label ?? cell.activity_id },
    parentActivity: picked.parent,
    participants: toCount(cell.participants),
    organisations: cell.organisations,
    rate,
    comparisons: comparators.map(({ area, cells }) => {
      const other = rateOf(cells.get(cell.activity_id));
      return { area, rate: other, significance: compareIntervals(intervalOf(rate), intervalOf(other)) };
    }),
  };
}

export function trendRows(cells: ActivityCellRow[], activities: Array<string | null>, period: string) {
  const wanted = new Set(activities);
  const periods = comparablePeriods(
    cells.map((c) => c.period),
    period,
  );
  const inPeriods = new Set(periods);
  return cells
    .filter((c) => wanted.has(c.activity_id) && inPeriods.has(c.period))
    .sort((a, b) => comparePeriods(a.period, b.period) || (a.activity_id ?? '').localeCompare(b.activity_id ?? ''))
    .map((c) => ({
      period: c.period,
      activity: c.activity_id,
      participants: toCount(c.participants),
      organisations: c.organisations,
      rate: rateOf(c),
    }));
}

const change = (now: number | null, before: number | null) => (now === null || before === null ? null : now - before);

/** Organisations and volunteers now and in the previous comparable period, all activities together. */
export function communityOf(now: ProfileCellRow | undefined, before: ProfileCellRow | undefined, previousPeriod: string | undefined) {
  const volunteers = (c: ProfileCellRow | undefined) => (c ? toCount(c.volunteers, c.volunteers_reported) : null);
  const nowVolunteers = volunteers(now);
  const beforeVolunteers = volunteers(before);
  return {
    organisations: now?.organisations ?? 0,
    volunteers: nowVolunteers,
    previousPeriod: previousPeriod ?? null,
    previousOrganisations: before?.organisations ?? null,
    organisationsChange: before ? (now?.organisations ?? 0) - before.organisations : null,
    previousVolunteers: beforeVolunteers,
    volunteersChange: change(nowVolunteers?.value ?? null, beforeVolunteers?.value ?? null),
  };
}
