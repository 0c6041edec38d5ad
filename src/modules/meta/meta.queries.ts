import { desc, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { referenceLoads } from '../../db/schema/index.js';

export async function findReferenceLoad(db: Db) {
  const [row] = await db.select().from(referenceLoads).orderBy(desc(referenceLoads.loadedAt)).limit(1);
  return row;
}

/**
 * A digest that changes whenever public reference data change: the checksums of the loaded
 * reference files, and the count and latest change of organisations and activities. One round
 * trip over small tables; the caching plugin calls it at most once per CACHE_VERSION_TTL_MS.
 */
export async function findReferenceVersion(db: Db): Promise<string> {
  const [row] = await queryRows<{ version: string }>(
    db,
    sql`
    select md5(concat_ws('|',
      (select string_agg(dataset || ':' || checksum, ',' order by dataset) from reference_loads),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from organisations),
      (select count(*) || ':' || coalesce(max(created_at)::text, '') from activities),
      (select count(*) from activity_parents)
    )) as version`,
  );
  return row!.version;
}
