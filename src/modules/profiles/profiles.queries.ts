import { sql } from 'drizzle-orm';
import { preparedRows, type Db } from '../../db/client.js';
import type { AreaType } from '../../db/schema/index.js';

// Published release rows only, never figures: every count here has been through disclosure control.

export type ProfileCellRow = {
  area_code: string;
  activity_id: string | null;
  period: string;
  participants: number | null;
  volunteers: number | null;
  volunteers_reported: boolean | null;
  organisations: number;
  population: number | null;
  population_year: number | null;
  per_1000: number | null;
};

const cellColumns = sql`c.area_code, c.activity_id, c.period, c.participants, c.volunteers, c.volunteers_reported, c.organisations,
  c.population, c.population_year, c.per_1000`;

export type ActivityCellRow = ProfileCellRow & { label: string | null; parents: string[] | null };

/** Every whole-area cell of one area in one release (every activity and period), with each activity's parents. */
export function listAreaCells(db: Db, key: { releaseId: number; area: string }) {
  return preparedRows<ActivityCellRow>(
    db,
    sql`select ${cellColumns}, t.label,
      (select array_agg(p.parent_id order by p.parent_id) from activity_parents p where p.activity_id = c.activity_id) as parents
    from release_cells c left join activities t on t.id = c.activity_id
    where c.release_id = ${key.releaseId} and c.area_code = ${key.area} and c.scope = 0`,
  );
}

/** Whole-area cells of one area and period (every activity): the comparators' side of a profile. */
export function listPeriodCells(db: Db, key: { releaseId: number; area: string; period: string }) {
  return preparedRows<ProfileCellRow>(
    db,
    sql`select ${cellColumns} from release_cells c
    where c.release_id = ${key.releaseId} and c.area_code = ${key.area} and c.period = ${key.period} and c.scope = 0`,
  );
}

export type ChildCellRow = ProfileCellRow & { name: string; type: AreaType };

/** All-activity cells of the areas directly inside `parent`, and of the districts inside it when `districts` is set. */
export function listChildCells(db: Db, key: { releaseId: number; parent: string; period: string; districts: boolean }) {
  const inside = key.districts
    ? sql`a.type = 'lad' and (a.parent_code = ${key.parent} or a.parent_code in (select code from areas where parent_code = ${key.parent}))`
    : sql`a.parent_code = ${key.parent}`;
  return preparedRows<ChildCellRow>(
    db,
    sql`select ${cellColumns}, a.name, a.type from areas a
    join release_cells c on c.area_code = a.code and c.release_id = ${key.releaseId} and c.activity_id is null
      and c.period = ${key.period} and c.scope = 0
    where ${inside} order by a.code`,
  );
}

/** The all-activity cell of what was reported for the area itself and not for a child area. */
export async function findUnattributedCell(db: Db, key: { releaseId: number; area: string; period: string }) {
  const [row] = await preparedRows<ProfileCellRow>(
    db,
    sql`select ${cellColumns} from release_cells c
    where c.release_id = ${key.releaseId} and c.area_code = ${key.area} and c.activity_id is null and c.period = ${key.period}
      and c.scope = 1`,
  );
  return row;
}

export type DistrictRow = { code: string; name: string };

/** The districts inside an area (itself when it is one): the areas a map of it draws. */
export function listDistricts(db: Db, code: string) {
  return preparedRows<DistrictRow>(
    db,
    sql`select a.code, a.name from areas a
    where a.type = 'lad' and (a.code = ${code} or a.parent_code = ${code}
      or a.parent_code in (select code from areas where parent_code = ${code}))
    order by a.code`,
  );
}
