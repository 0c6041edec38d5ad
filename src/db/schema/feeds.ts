import { bigint, boolean, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * The change feeds (RPDE: OpenActive's Realtime Paged Data Exchange): one row per item of a feed,
 * with the time of its last change. Written only by triggers (migration 0012): a release when it is
 * published; a named organisation when it is created or changed, and as deleted when it withdraws
 * its consent. An organisation that was never named has no row, so not even its id is published.
 */
export const changeFeed = pgTable(
  'change_feed',
  {
    /** `releases` or `organisations`. */
    feed: text('feed').notNull(),
    itemId: text('item_id').notNull(),
    /**
     * Milliseconds since 1970 of the last change, strictly increasing within a feed: the trigger
     * takes a lock on this table and goes past the largest value, so a change committed later
     * never sorts before one a reader has already seen.
     */
    modified: bigint('modified', { mode: 'number' }).notNull(),
    /** True for a tombstone: the item is gone from the feed (consent withdrawn). */
    deleted: boolean('deleted').notNull(),
  },
  (t) => [primaryKey({ columns: [t.feed, t.itemId] }), index('change_feed_order_idx').on(t.feed, t.modified, t.itemId)],
);
