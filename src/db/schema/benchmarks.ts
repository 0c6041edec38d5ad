import { doublePrecision, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { areas } from './areas.js';

/** Published official indicators (percentages of adults), shown beside the grassroots figures. */
export const benchmarks = pgTable(
  'benchmarks',
  {
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    /** Id of the source in REFERENCE_SOURCES (served at /v1/meta). */
    source: text('source').notNull(),
    indicatorId: text('indicator_id').notNull(),
    indicator: text('indicator').notNull(),
    /** As published, normalised to the financial-year form `2024/25`. */
    period: text('period').notNull(),
    value: doublePrecision('value').notNull(),
    unit: text('unit').notNull(),
    lowerCi: doublePrecision('lower_ci'),
    upperCi: doublePrecision('upper_ci'),
    comparedToEngland: text('compared_to_england'),
  },
  (t) => [
    primaryKey({ columns: [t.areaCode, t.source, t.indicatorId, t.period] }),
    index('benchmarks_indicator_idx').on(t.indicatorId, t.period),
  ],
);
