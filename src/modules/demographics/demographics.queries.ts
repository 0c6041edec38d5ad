import { sql, type SQL } from 'drizzle-orm';
import { preparedRows, type Db } from '../../db/client.js';

// Published release rows only: the demographic cells were disclosure-controlled when the release was built.

const activityIs = (column: SQL, activity: string | null) => (activity === null ? sql`${column} is null` : sql`${column} = ${activity}`);

export type TotalRow = { period: string; participants: number | null; organisations: number };

/** The whole-area cells of one area and activity, every period. */
export function listTotals(db: Db, key: { releaseId: number; area: string; activity: string | null }) {
  return preparedRows<TotalRow>(
    db,
    sql`select c.period, c.participants, c.organisations from release_cells c
    where c.release_id = ${key.releaseId} and c.area_code = ${key.area} and ${activityIs(sql`c.activity_id`, key.activity)}
      and c.scope = 0`,
  );
}

export type DemographicRow = { dimension: 'age' | 'sex' | 'breakdown'; band: string; participants: number | null };

export function listDemographicCells(db: Db, key: { releaseId: number; area: string; activity: string | null; period: string }) {
  return preparedRows<DemographicRow>(
    db,
    sql`select d.dimension, d.band, d.participants from release_demographics d
    where d.release_id = ${key.releaseId} and d.area_code = ${key.area} and ${activityIs(sql`d.activity_id`, key.activity)}
      and d.period = ${key.period}`,
  );
}
