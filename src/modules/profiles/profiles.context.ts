// Context of an area profile that does not come from a release: deprivation and official benchmarks.
import type { Db } from '../../db/client.js';
import { deprivationByDistrict } from '../../reference/reference.geography.js';
import { listBenchmarks } from '../benchmarks/benchmarks.service.js';
import type { AreaRef } from './profiles.sections.js';

export const ENGLAND = 'E92000001';

export function deprivationOf(area: AreaRef) {
  if (area.type !== 'lad') return null;
  const base = { source: 'mhclg-imd2019', year: 2019 };
  if (!area.code.startsWith('E'))
    return { ...base, averageScore: null, mostDeprived10: null, reason: 'The English Indices of Deprivation cover England only.' };
  const row = deprivationByDistrict().get(area.code);
  if (!row)
    return {
      ...base,
      averageScore: null,
      mostDeprived10: null,
      reason:
        'No figure: this district was created after April 2019, and the Indices of Deprivation 2019 describe the districts of 2019, not parts of them.',
    };
  return { ...base, averageScore: row.score, mostDeprived10: row.mostDeprived10, reason: null };
}

/** The area's latest value of each official indicator, beside England's value for the same indicator and year. */
export async function benchmarksBesideEngland(db: Db, code: string) {
  const [own, england] = await Promise.all([listBenchmarks(db, code, { latest: true }), listBenchmarks(db, ENGLAND, { latest: false })]);
  const englandValue = new Map(england.map((b) => [`${b.source}|${b.indicatorId}|${b.period}`, b.value]));
  return own.map((b) => ({
    area: b.area,
    source: b.source,
    indicatorId: b.indicatorId,
    indicator: b.indicator,
    period: b.period,
    value: b.value,
    unit: b.unit,
    lowerCi: b.lowerCi,
    upperCi: b.upperCi,
    comparedToEngland: b.comparedToEngland,
    england: englandValue.get(`${b.source}|${b.indicatorId}|${b.period}`) ?? null,
  }));
}
