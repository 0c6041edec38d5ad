import type { Db } from '../../db/client.js';
import { AGE_BANDS, NOT_RECORDED, ONS_BANDS, ONS_SEX, SEXES } from '../../domain/demographics.js';
import { toCount, type Count } from '../../domain/disclosure.js';
import { INTERVAL_METHOD, wilsonPer1000 } from '../../domain/interval.js';
import { latestPeriod } from '../../domain/period.js';
import { populationBySexAndAge, POPULATION_BY_AGE_YEAR } from '../../reference/reference.geography.js';
import { noFigures, requireActivity, requireArea, requireRelease, statisticsMeta } from '../statistics/statistics.service.js';
import { listDemographicCells, listTotals, type DemographicRow } from './demographics.queries.js';

type Query = { area: string; activity?: string; period?: string; release?: number };

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const fraction = (part: number | null, whole: number | null) =>
  part === null || whole === null || whole === 0 ? null : Math.min(1, round4(part / whole));

const BREAKDOWN_NOTE =
  'Age bands and sex come only from figures an organisation broke down; `coverage` says how much of the total that is. Each band is published with the same disclosure control as every count, and never above the published total.';

/** The ONS population of a band: persons for an age band, all ages for a sex; undefined without one. */
function populationOf(populations: ReadonlyMap<string, number> | undefined, dimension: 'age' | 'sex', band: string) {
  if (!populations || band === NOT_RECORDED) return undefined;
  const sum = (sex: string, bands: readonly string[]) => bands.reduce((s, b) => s + (populations.get(`${sex}|${b}`) ?? 0), 0);
  if (dimension === 'age') return sum('persons', ONS_BANDS[band as (typeof AGE_BANDS)[number]]);
  return sum(ONS_SEX[band as (typeof SEXES)[number]], Object.values(ONS_BANDS).flat());
}

function bandRows(
  dimension: 'age' | 'sex',
  bands: readonly string[],
  rows: DemographicRow[],
  withBreakdown: Count,
  populations: ReadonlyMap<string, number> | undefined,
) {
  const allPersons = populations ? AGE_BANDS.reduce((s, b) => s + populationOf(populations, 'age', b)!, 0) : undefined;
  return [...bands, NOT_RECORDED].map((band) => {
    const row = rows.find((r) => r.dimension === dimension && r.band === band);
    // A band no figure reported is a true 0, published as such, unless the breakdown itself is suppressed.
    const participants = row ? toCount(row.participants) : withBreakdown.value === null ? toCount(null) : toCount(0);
    const population = populationOf(populations, dimension, band) ?? null;
    const interval = wilsonPer1000(participants.value, population);
    const reason =
      band === NOT_RECORDED
        ? `No population matches participants whose ${dimension === 'age' ? 'age band' : 'sex'} was not recorded.`
        : !populations
          ? 'ONS publishes no population estimate by age and sex for this type of area (wards).'
          : participants.value === null
            ? 'The count is suppressed.'
            : null;
    return {
      band,
      participants,
      share: fraction(participants.value, withBreakdown.value),
      population,
      populationShare: population === null || !allPersons ? null : round4(population / allPersons),
      rate: {
        per1000: participants.value === null || population === null ? null : round4((participants.value * 1000) / population),
        lower95: interval?.lower ?? null,
        upper95: interval?.upper ?? null,
        reason,
      },
    };
  });
}

export async function getDemographics(db: Db, publicUrl: string, q: Query) {
  const release = await requireRelease(db, q.release);
  const [area, activity] = await Promise.all([requireArea(db, q.area), requireActivity(db, q.activity)]);
  const key = { releaseId: release.id, area: area.code, activity: activity?.id ?? null };
  const totals = await listTotals(db, key);
  const period = q.period ?? latestPeriod(totals.map((t) => t.period));
  const cell = totals.find((t) => t.period === period);
  if (!cell || period === undefined)
    throw noFigures(
      `Release ${release.id} has no figures for ${activity ? activity.label : 'any activity'} in ${area.name} (${area.code})${q.period ? ` in ${q.period}` : ''}.`,
    );
  const rows = await listDemographicCells(db, { ...key, period });
  const breakdownRow = rows.find((r) => r.dimension === 'breakdown');
  const total = toCount(cell.participants);
  const withBreakdown = breakdownRow ? toCount(breakdownRow.participants) : total.value === null ? toCount(null) : toCount(0);
  const populations = populationBySexAndAge(area.code);
  const meta = statisticsMeta(release, publicUrl, {
    what: `participants in ${activity ? activity.label.toLowerCase() : 'all activities'} by age band and sex, ${area.name}, ${period}`,
    path: '/v1/statistics/demographics',
    query: { area: area.code, activity: activity?.id, period },
  });
  return {
    ...meta,
    notes: [
      ...meta.notes,
      BREAKDOWN_NOTE,
      `Rates per 1,000 of the matching ONS mid-${POPULATION_BY_AGE_YEAR} population: ${INTERVAL_METHOD}`,
    ],
    area,
    activity,
    period,
    total: { participants: total, organisations: cell.organisations },
    withBreakdown,
    coverage: fraction(withBreakdown.value, total.value),
    population: populations
      ? { year: POPULATION_BY_AGE_YEAR, reason: null }
      : { year: null, reason: 'ONS publishes no population estimate by age and sex for this type of area (wards), so there are no rates.' },
    ageBands: bandRows('age', AGE_BANDS, rows, withBreakdown, populations),
    sexes: bandRows('sex', SEXES, rows, withBreakdown, populations),
  };
}
