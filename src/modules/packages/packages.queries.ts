import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';

export type PackageAreaRow = { code: string; name: string; type: string; parent_code: string | null };
export type PackageActivityRow = { id: string; label: string; uri: string | null };

/** Every area a release publishes a total for, so the published table's area codes all resolve. */
export function listReleaseAreas(db: Db, releaseId: number) {
  return queryRows<PackageAreaRow>(
    db,
    sql`select a.code, a.name, a.type, a.parent_code from areas a
        where a.code in (select distinct area_code from release_cells where release_id = ${releaseId})
        order by a.code`,
  );
}

/** Every activity a release publishes a total for. */
export function listReleaseActivities(db: Db, releaseId: number) {
  return queryRows<PackageActivityRow>(
    db,
    sql`select a.id, a.label, a.uri from activities a
        where a.id in (select distinct activity_id from release_cells where release_id = ${releaseId} and activity_id is not null)
        order by a.id`,
  );
}
