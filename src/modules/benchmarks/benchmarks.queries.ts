import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { AreaType } from '../../db/schema/index.js';

type BenchmarkRow = {
  area_code: string;
  area_name: string;
  area_type: AreaType;
  source: string;
  indicator_id: string;
  indicator: string;
  period: string;
  value: number;
  unit: string;
  lower_ci: number | null;
  upper_ci: number | null;
  compared_to_england: string | null;
};

/**
 * Each source's indicators for the area, or, where the source publishes none for it (wards,
 * regions), for its nearest containing area that has some.
 */
export async function listBenchmarks(db: Db, code: string, filter: { indicator?: string; latest: boolean }) {
  const rows = await queryRows<BenchmarkRow>(
    db,
    sql`with recursive up(code, parent_code, depth) as (
          select code, parent_code, 0 from areas where code = ${code}
          union all
          select a.code, a.parent_code, up.depth + 1 from areas a join up on a.code = up.parent_code
        ), nearest as (
          select b.source, min(up.depth) as depth from benchmarks b join up on up.code = b.area_code group by b.source
        )
        select b.area_code, a.name as area_name, a.type as area_type, b.source, b.indicator_id, b.indicator, b.period,
               b.value, b.unit, b.lower_ci, b.upper_ci, b.compared_to_england
        from nearest n
        join up on up.depth = n.depth
        join benchmarks b on b.source = n.source and b.area_code = up.code
        join areas a on a.code = b.area_code
        where (${filter.indicator ?? null}::text is null or b.indicator_id = ${filter.indicator ?? null})
          and (not ${filter.latest} or b.period = (select max(period) from benchmarks l where l.source = b.source and l.indicator_id = b.indicator_id and l.area_code = b.area_code))
        order by b.source, b.indicator_id, b.period`,
  );
  return rows.map((r) => ({
    area: { code: r.area_code, name: r.area_name, type: r.area_type },
    source: r.source,
    indicatorId: r.indicator_id,
    indicator: r.indicator,
    period: r.period,
    value: r.value,
    unit: r.unit,
    lowerCi: r.lower_ci,
    upperCi: r.upper_ci,
    comparedToEngland: r.compared_to_england,
  }));
}
