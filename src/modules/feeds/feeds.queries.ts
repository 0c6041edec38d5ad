import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';

export type FeedName = 'releases' | 'organisations';
export type FeedPosition = { modified: number; id: string };
export type FeedRow = { item_id: string; modified: number; deleted: boolean };

/** The next items after a position, in (modified, id) order: the order the index keeps. */
export function listFeedItems(db: Db, feed: FeedName, after: FeedPosition | undefined, limit: number) {
  const from = after ? sql`and ("modified", "item_id") > (${after.modified}::bigint, ${after.id}::text collate "C")` : sql``;
  return queryRows<FeedRow>(
    db,
    sql`select item_id, modified, deleted from change_feed where feed = ${feed} ${from} order by modified, item_id limit ${limit}`,
  );
}

export type FeedOrganisationRow = { id: string; name: string; identifiers: string[]; home_area_code: string | null };

/** The current rows of named organisations among `ids`: one that is no longer named is left out. */
export function listNamedOrganisations(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return queryRows<FeedOrganisationRow>(
    db,
    sql`select id, name, identifiers, home_area_code from organisations where named and id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
}
