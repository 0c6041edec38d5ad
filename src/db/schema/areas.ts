import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const AREA_TYPES = ['country', 'region', 'lad', 'ward'] as const;
export type AreaType = (typeof AREA_TYPES)[number];

export const areas = pgTable(
  'areas',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameWelsh: text('name_welsh'),
    type: text('type', { enum: AREA_TYPES }).notNull(),
    parentCode: text('parent_code'),
    /** Boundary vintage of the code, e.g. '2023' for LAD23/WD23 codes. */
    vintage: text('vintage').notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.parentCode], foreignColumns: [t.code] }),
    index('areas_parent_code_idx').on(t.parentCode),
    index('areas_type_idx').on(t.type, t.code),
    check('areas_type_check', sql`${t.type} in ('country', 'region', 'lad', 'ward')`),
    check('areas_code_check', sql`${t.code} ~ '^[A-Z][0-9]{8}$'`),
  ],
);

/** Mid-year population estimates; age bands are persons of all sexes. */
export const areaPopulations = pgTable(
  'area_populations',
  {
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    year: integer('year').notNull(),
    total: integer('total').notNull(),
    age0to15: integer('age_0_15').notNull(),
    age16to64: integer('age_16_64').notNull(),
    age65plus: integer('age_65_plus').notNull(),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.year] })],
);
