import { sql, type SQL } from 'drizzle-orm';
import { preparedRows, type Db } from '../../db/client.js';
import type { AreaType } from '../../db/schema/index.js';

// Every query here reads stored release rows only: published values, never figures. Each is a
// prepared statement on PostgreSQL (see preparedRows): these run on every uncached request.

export type CellRow = {
  area_code: string;
  activity_id: string | null;
  period: string;
  participants: number | null;
  attendances: number | null;
  sessions: number | null;
  volunteers: number | null;
  /** False when a figure in the cell left the measure out; null in releases built before that was recorded. */
  attendances_reported: boolean | null;
  sessions_reported: boolean | null;
  volunteers_reported: boolean | null;
  organisations: number;
  population: number | null;
  population_year: number | null;
  per_1000: number | null;
};

export type CellKey = { releaseId: number; area: string; activity: string | null; period: string };

/**
 * `activity_id` equals `activity`, null meaning "all activities". Written as `=` or `is null`,
 * never `is not distinct from`, which no index can serve: on a national release that scanned
 * every cell of England for one lookup (34 ms against 0.1 ms at 100,000 figures).
 */
const activityIs = (column: SQL, activity: string | null) => (activity === null ? sql`${column} is null` : sql`${column} = ${activity}`);

const cellColumns = sql`c.area_code, c.activity_id, c.period, c.participants, c.attendances, c.sessions, c.volunteers,
  c.attendances_reported, c.sessions_reported, c.volunteers_reported, c.organisations, c.population, c.population_year, c.per_1000`;

/** Scope 0 is the whole area; scope 1 what was reported for the area itself, not for a child. */
export async function findCell(db: Db, key: CellKey, scope: 0 | 1 = 0): Promise<CellRow | undefined> {
  const [row] = await preparedRows<CellRow>(
    db,
    sql`select ${cellColumns} from release_cells c
    where c.release_id = ${key.releaseId} and c.area_code = ${key.area} and ${activityIs(sql`c.activity_id`, key.activity)}
      and c.period = ${key.period} and c.scope = ${scope}`,
  );
  return row;
}

/** Every period of one area and activity, in no particular order (periods sort in code). */
export function listCellPeriods(db: Db, key: Omit<CellKey, 'period'>) {
  return preparedRows<CellRow>(
    db,
    sql`select ${cellColumns} from release_cells c
    where c.release_id = ${key.releaseId} and c.area_code = ${key.area} and ${activityIs(sql`c.activity_id`, key.activity)}
      and c.scope = 0`,
  );
}

export type AreaCellRow = CellRow & { name: string; type: AreaType };

export function listChildAreaCells(db: Db, key: Omit<CellKey, 'area'> & { parent: string }) {
  return preparedRows<AreaCellRow>(
    db,
    sql`select ${cellColumns}, a.name, a.type from areas a
    join release_cells c on c.area_code = a.code and c.release_id = ${key.releaseId}
      and ${activityIs(sql`c.activity_id`, key.activity)} and c.period = ${key.period} and c.scope = 0
    where a.parent_code = ${key.parent} order by a.name, a.code`,
  );
}

export type ActivityCellRow = CellRow & { label: string };

/** Cells of the activities directly beneath `parent`, or of the top-level activities when it is null. */
export function listChildActivityCells(db: Db, key: Omit<CellKey, 'activity'> & { parent: string | null }) {
  const beneath =
    key.parent === null
      ? sql`not exists (select 1 from activity_parents p where p.activity_id = t.id)`
      : sql`exists (select 1 from activity_parents p where p.activity_id = t.id and p.parent_id = ${key.parent})`;
  return preparedRows<ActivityCellRow>(
    db,
    sql`select ${cellColumns}, t.label from activities t
    join release_cells c on c.activity_id = t.id and c.release_id = ${key.releaseId}
      and c.area_code = ${key.area} and c.period = ${key.period} and c.scope = 0
    where ${beneath} order by t.label, t.id`,
  );
}

export type BreakdownRow = {
  organisation_id: string | null;
  organisation_name: string | null;
  participants: number | null;
  organisations: number;
  share: number | null;
  rank: number | null;
};

/** The public breakdown of one cell: named organisations by rank, then "other organisations". */
export function listBreakdown(db: Db, key: CellKey) {
  return preparedRows<BreakdownRow>(
    db,
    sql`select organisation_id, organisation_name, participants, organisations, share, rank
    from release_breakdown b
    where b.release_id = ${key.releaseId} and b.area_code = ${key.area} and ${activityIs(sql`b.activity_id`, key.activity)}
      and b.period = ${key.period} and not b.merged
    order by b.organisation_id is null, b.rank, b.organisation_name`,
  );
}
