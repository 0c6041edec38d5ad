import { sql } from 'drizzle-orm';
import { preparedRows, type Db } from '../../db/client.js';
import type { AreaType } from '../../db/schema/index.js';

// Reads stored release rows only: an organisation's published rows and the totals they belong to.

export type ContributionRow = {
  area_code: string;
  area_name: string;
  area_type: AreaType;
  activity_id: string | null;
  activity_label: string | null;
  period: string;
  organisation_name: string;
  merged: boolean;
  participants: number | null;
  share: number | null;
  rank: number | null;
  total: number | null;
};

/**
 * Every cell where the organisation has figures, with the cell's published total. The total is
 * looked up in two indexable halves (one activity, or all activities) (an index serves `=` and `is null`, never `is not distinct from`: see statistics.queries.ts).
 */
export function listContributions(db: Db, key: { releaseId: number; organisationId: string; period?: string }) {
  return preparedRows<ContributionRow>(
    db,
    sql`select b.area_code, a.name as area_name, a.type as area_type, b.activity_id,
      t.label as activity_label, b.period, b.organisation_name, b.merged, b.participants, b.share, b.rank, c.participants as total
    from release_breakdown b
    cross join lateral (
      select c.participants from release_cells c where c.release_id = b.release_id and c.area_code = b.area_code
        and c.activity_id = b.activity_id and c.period = b.period and c.scope = 0
      union all
      select c.participants from release_cells c where b.activity_id is null and c.release_id = b.release_id
        and c.area_code = b.area_code and c.activity_id is null and c.period = b.period and c.scope = 0) c
    join areas a on a.code = b.area_code
    left join activities t on t.id = b.activity_id
    where b.release_id = ${key.releaseId} and b.organisation_id = ${key.organisationId}
      ${key.period ? sql`and b.period = ${key.period}` : sql``}
    order by b.period desc, case a.type when 'ward' then 0 when 'lad' then 1 when 'region' then 2 else 3 end, a.name,
      b.activity_id nulls last`,
  );
}
