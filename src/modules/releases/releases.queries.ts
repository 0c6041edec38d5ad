import { desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { releases } from '../../db/schema/index.js';

const releaseColumns = {
  id: releases.id,
  publishedAt: releases.publishedAt,
  policy: releases.policy,
  counts: releases.counts,
  notes: releases.notes,
  isDemo: releases.isDemo,
};

export type ReleaseRow = { id: number; publishedAt: Date; policy: unknown; counts: unknown; notes: string | null; isDemo: boolean };

export async function listReleases(db: Db, page: { limit: number; offset: number }) {
  const [rows, [total]] = await Promise.all([
    db.select(releaseColumns).from(releases).orderBy(desc(releases.id)).limit(page.limit).offset(page.offset),
    queryRows<{ n: number }>(db, sql`select count(*) as n from releases`),
  ]);
  return { rows: rows as ReleaseRow[], total: total?.n ?? 0 };
}

/** The number of the latest release, for ETags that follow it; undefined before the first. */
export async function findLatestReleaseId(db: Db): Promise<string | undefined> {
  const [row] = await db.select({ id: releases.id }).from(releases).orderBy(desc(releases.id)).limit(1);
  return row ? String(row.id) : undefined;
}

/** One release by id, or the latest when id is undefined. */
export async function findRelease(db: Db, id?: number): Promise<ReleaseRow | undefined> {
  const query = db.select(releaseColumns).from(releases);
  const [row] = id === undefined ? await query.orderBy(desc(releases.id)).limit(1) : await query.where(eq(releases.id, id));
  return row;
}

export type PublishedRow = {
  period: string;
  area_code: string;
  area_name: string;
  activity_id: string | null;
  row_type: 'total' | 'not-attributed' | 'organisation' | 'other';
  organisation_id: string | null;
  organisation_name: string | null;
  participants: number | null;
  attendances: number | null;
  sessions: number | null;
  volunteers: number | null;
  /** False when a figure left the measure out; null on breakdown rows and in releases built before that was recorded. */
  attendances_reported: boolean | null;
  sessions_reported: boolean | null;
  volunteers_reported: boolean | null;
  organisations: number;
  population: number | null;
  per_1000: number | null;
  share: number | null;
  rank: number | null;
};

/** The whole published table of a release: totals, not-attributed rows and breakdown rows. */
export function listPublishedRows(db: Db, releaseId: number) {
  return queryRows<PublishedRow>(
    db,
    sql`
    select * from (
      select c.period, c.area_code, a.name as area_name, c.activity_id,
             case c.scope when 0 then 'total' else 'not-attributed' end as row_type,
             null as organisation_id, null as organisation_name, c.participants, c.attendances, c.sessions, c.volunteers,
             c.attendances_reported, c.sessions_reported, c.volunteers_reported,
             c.organisations, c.population, c.per_1000, null::numeric as share, null::int as rank, c.scope as sort
      from release_cells c join areas a on a.code = c.area_code where c.release_id = ${releaseId}
      union all
      select b.period, b.area_code, a.name, b.activity_id, case when b.organisation_id is null then 'other' else 'organisation' end,
             b.organisation_id, b.organisation_name, b.participants, null, null, null, null, null, null,
             b.organisations, null, null, b.share, b.rank,
             case when b.organisation_id is null then 3 else 2 end
      from release_breakdown b join areas a on a.code = b.area_code where b.release_id = ${releaseId} and not b.merged
    ) t
    order by period, area_code, activity_id nulls first, sort, rank nulls last, organisation_name`,
  );
}
