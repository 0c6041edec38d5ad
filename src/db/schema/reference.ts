import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per reference dataset: lets start-up skip a load whose files have not changed. */
export const referenceLoads = pgTable('reference_loads', {
  dataset: text('dataset').primaryKey(),
  checksum: text('checksum').notNull(),
  rows: integer('rows').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});
