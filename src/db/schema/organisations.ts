import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { areas } from './areas.js';

export const organisations = pgTable(
  'organisations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** org-id.guide identifiers such as GB-CHC-1234567; empty for unregistered groups. */
    identifiers: text('identifiers')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    homeAreaCode: text('home_area_code').references(() => areas.code),
    /** Consent to be shown by name; without it the organisation only counts in "other organisations". */
    named: boolean('named').notNull().default(false),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('organisations_id_check', sql`${t.id} ~ '^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$'`),
    index('organisations_home_area_code_idx').on(t.homeAreaCode),
  ],
);
