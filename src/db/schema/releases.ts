import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, numeric, pgTable, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';

/**
 * An immutable, numbered snapshot of everything published. Release tables hold published
 * (suppressed and rounded) values only, never a raw count; triggers refuse UPDATE, DELETE and
 * TRUNCATE (migrations 0005 and 0008).
 */
export const releases = pgTable('releases', {
  /** 1, 2, 3... in publication order. */
  id: integer('id').primaryKey(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  /** The disclosure policy the release was built with. */
  policy: jsonb('policy').notNull(),
  /** Figures, organisations, periods, cells and breakdown rows in the release. */
  counts: jsonb('counts').notNull(),
  notes: text('notes'),
  /** True when any figure came from a demonstration organisation. */
  isDemo: boolean('is_demo').notNull(),
});

// Cells and breakdown rows carry no foreign key to releases: they are only ever written in the
// transaction that writes their release, and a per-row check would double the build time.
// Both tables are partitioned by release_id (migration 0008; drizzle has no word for it): each
// release's rows are a table of their own (release_cells_N), written and indexed by its build and
// then attached. Queries use the parent tables below.

/**
 * One published total per release, period, area and activity (null = all activities). Scope 0
 * is everything in the area and the areas inside it; scope 1 is what was reported for the area
 * itself and not for a child area (the "not attributed" row of a breakdown by child area).
 */
export const releaseCells = pgTable(
  'release_cells',
  {
    releaseId: integer('release_id').notNull(),
    areaCode: text('area_code').notNull(),
    activityId: text('activity_id'),
    period: text('period').notNull(),
    scope: smallint('scope').notNull(),
    /**
     * Published counts: null means suppressed (1 to the policy's threshold), or, for a measure whose
     * `*_reported` is false, not reported by every organisation.
     */
    participants: integer('participants'),
    attendances: integer('attendances'),
    sessions: integer('sessions'),
    volunteers: integer('volunteers'),
    /**
     * True when every figure in the cell reported the measure; false when one did not, and the
     * measure is then null. Null in releases built before the rule (migration 0009), which counted a
     * measure not reported as 0: their policy has no `unreported`, and their values are kept as built.
     */
    attendancesReported: boolean('attendances_reported'),
    sessionsReported: boolean('sessions_reported'),
    volunteersReported: boolean('volunteers_reported'),
    /** Number of organisations that reported (not a count of people, so published as is). */
    organisations: integer('organisations').notNull(),
    population: integer('population'),
    populationYear: integer('population_year'),
    /** Published participants per 1,000 population, 4 decimals; null when either is missing. */
    per1000: numeric('per_1000', { precision: 14, scale: 4 }),
  },
  (t) => [
    unique('release_cells_key').on(t.releaseId, t.areaCode, t.activityId, t.period, t.scope).nullsNotDistinct(),
    check('release_cells_scope_check', sql`${t.scope} in (0, 1)`),
  ],
);

/**
 * Per-organisation rows of each scope-0 cell. A named organisation whose count is suppressed
 * keeps a row with `merged` true (for its own contribution page); its count is inside the
 * "other organisations" row (organisation_id null), which also holds every unnamed organisation.
 */
export const releaseBreakdown = pgTable(
  'release_breakdown',
  {
    releaseId: integer('release_id').notNull(),
    areaCode: text('area_code').notNull(),
    activityId: text('activity_id'),
    period: text('period').notNull(),
    organisationId: text('organisation_id'),
    /** The name at publication time, so a release never changes after a rename. */
    organisationName: text('organisation_name'),
    merged: boolean('merged').notNull(),
    participants: integer('participants'),
    organisations: integer('organisations').notNull(),
    /** Published participants over the published total, 4 decimals; null when either is suppressed. */
    share: numeric('share', { precision: 5, scale: 4 }),
    /** 1 for the largest named organisation, by published count; ties share a rank. */
    rank: integer('rank'),
  },
  (t) => [
    unique('release_breakdown_key').on(t.releaseId, t.areaCode, t.activityId, t.period, t.organisationId).nullsNotDistinct(),
    index('release_breakdown_organisation_idx').on(t.releaseId, t.organisationId),
  ],
);

/**
 * Published participants by age band and by sex, per release and whole-area cell (scope 0). `dimension`
 * is `age`, `sex`, or `breakdown` (band `all`: participants of figures that came with a breakdown).
 * Every value is published like any count and then capped at the cell's published total; a band
 * of a cell whose total is suppressed is suppressed too.
 */
export const releaseDemographics = pgTable(
  'release_demographics',
  {
    releaseId: integer('release_id').notNull(),
    areaCode: text('area_code').notNull(),
    activityId: text('activity_id'),
    period: text('period').notNull(),
    dimension: text('dimension', { enum: ['age', 'sex', 'breakdown'] }).notNull(),
    band: text('band').notNull(),
    participants: integer('participants'),
  },
  (t) => [unique('release_demographics_key').on(t.releaseId, t.areaCode, t.activityId, t.period, t.dimension, t.band).nullsNotDistinct()],
);
