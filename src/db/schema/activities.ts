import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ACTIVITY_SOURCES = ['openactive', 'local'] as const;

export const activities = pgTable(
  'activities',
  {
    /** The OpenActive `notation` (e.g. `ballet`), or a local slug in the same form. */
    id: text('id').primaryKey(),
    label: text('label').notNull(),
    definition: text('definition'),
    uri: text('uri'),
    openactiveId: uuid('openactive_id'),
    altLabels: text('alt_labels')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    source: text('source', { enum: ACTIVITY_SOURCES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('activities_id_check', sql`${t.id} ~ '^[a-z0-9][a-z0-9_]{0,79}$'`),
    check('activities_source_check', sql`${t.source} in ('openactive', 'local')`),
  ],
);

/** Activities form a graph, not a tree: `ballet` may sit under `dance` and another parent. */
export const activityParents = pgTable(
  'activity_parents',
  {
    activityId: text('activity_id')
      .notNull()
      .references(() => activities.id),
    parentId: text('parent_id')
      .notNull()
      .references(() => activities.id),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.parentId] }),
    index('activity_parents_parent_id_idx').on(t.parentId),
    check('activity_parents_not_self', sql`${t.activityId} <> ${t.parentId}`),
  ],
);
