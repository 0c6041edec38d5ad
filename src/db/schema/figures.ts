import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, pgView, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations.js';

export const API_KEY_KINDS = ['admin', 'organisation'] as const;

/** Keys are stored only as a SHA-256 hash; the key itself is shown once, when issued. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: API_KEY_KINDS }).notNull(),
    organisationId: text('organisation_id').references(() => organisations.id),
    keyHash: text('key_hash').notNull().unique(),
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    check(
      'api_keys_kind_check',
      sql`(${t.kind} = 'admin' and ${t.organisationId} is null) or (${t.kind} = 'organisation' and ${t.organisationId} is not null)`,
    ),
    index('api_keys_organisation_id_idx').on(t.organisationId),
  ],
);

/** One accepted batch. An Idempotency-Key maps to exactly one submission per organisation. */
export const submissions = pgTable(
  'submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    apiKeyId: text('api_key_id').references(() => apiKeys.id),
    /** The person whose session sent it; null for a key, a script or the demo loader. */
    personId: text('person_id'),
    idempotencyKey: text('idempotency_key'),
    /** SHA-256 of the request body and content type, to tell a retry from a different request. */
    requestHash: text('request_hash'),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    figureCount: integer('figure_count').notNull(),
    format: text('format').notNull(),
    requestId: text('request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('submissions_idempotency_key_unique').on(t.organisationId, t.idempotencyKey),
    index('submissions_organisation_id_idx').on(t.organisationId, t.createdAt),
  ],
);

/**
 * The identity of a figure: one organisation, activity, area and period. Never updated.
 *
 * Figures and their revisions carry no foreign keys. Each one costs a lookup and a row lock on
 * the referenced row for every figure stored, nearly half the database time of a batch. What
 * they would guarantee holds anyway: the write path checks every area, activity and organisation
 * before it stores a batch; revisions take their figure and submission from the same
 * transaction; and no referenced row can disappear, because the database refuses to delete
 * areas, activities, organisations, figures and submissions or to change their keys (migrations
 * 0002 and 0007).
 */
export const figures = pgTable(
  'figures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: text('organisation_id').notNull(),
    activityId: text('activity_id').notNull(),
    areaCode: text('area_code').notNull(),
    period: text('period').notNull(),
    /**
     * Secret and drawn once: four independent 8-bit record keys in one number, one for each
     * measure (participants in the lowest byte, then attendances, sessions, volunteers), each
     * uniform over the perturbation table's 256 keys. A published cell's noise comes from the sum
     * of its figures' keys (docs/disclosure.md, "Cell key perturbation"): a key that could be read
     * or chosen would undo that noise, and one key shared by every measure would let anyone who
     * knows one measure exactly learn the noise on the others. Never returned.
     */
    recordKey: bigint('record_key', { mode: 'number' })
      .notNull()
      .default(sql`floor(random() * 4294967296)::bigint`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('figures_key_unique').on(t.organisationId, t.activityId, t.areaCode, t.period),
    index('figures_period_idx').on(t.period),
    check('figures_period_check', sql`${t.period} ~ '^[0-9]{4}(-[0-9]{2}|-Q[1-4])?$'`),
    check('figures_record_key_check', sql`${t.recordKey} between 0 and 4294967295`),
  ],
);

/**
 * Append-only history of every figure: a re-submission adds a revision, a withdrawal adds one
 * with `withdrawn` set. The current value is the revision with the highest id.
 */
export const figureRevisions = pgTable(
  'figure_revisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    figureId: uuid('figure_id').notNull(),
    submissionId: uuid('submission_id').notNull(),
    participants: integer('participants'),
    attendances: integer('attendances'),
    sessions: integer('sessions'),
    volunteers: integer('volunteers'),
    withdrawn: boolean('withdrawn').notNull().default(false),
    /**
     * Who took part, when the organisation broke the figure down: `[{ ageBand, sex, participants }]`,
     * whose participants sum to `participants`. Null for a plain total (src/domain/demographics.ts).
     */
    bands: jsonb('bands'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('figure_revisions_bands_check', sql`${t.bands} is null or jsonb_typeof(${t.bands}) = 'array'`),
    index('figure_revisions_figure_id_idx').on(t.figureId, t.id),
    index('figure_revisions_submission_id_idx').on(t.submissionId),
    check('figure_revisions_values_check', sql`${t.withdrawn} or ${t.participants} is not null`),
    check(
      'figure_revisions_range_check',
      sql`coalesce(${t.participants}, 0) between 0 and 10000000 and coalesce(${t.attendances}, 0) between 0 and 10000000
        and coalesce(${t.sessions}, 0) between 0 and 10000000 and coalesce(${t.volunteers}, 0) between 0 and 10000000`,
    ),
  ],
);

/** Written in the same transaction as every write, so the log and the data cannot disagree. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    apiKeyId: text('api_key_id').references(() => apiKeys.id),
    /** The person whose session made the change; null for a key, a script or a start-up step. */
    personId: text('person_id'),
    organisationId: text('organisation_id'),
    action: text('action').notNull(),
    detail: jsonb('detail')
      .notNull()
      .default(sql`'{}'::jsonb`),
    requestId: text('request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_organisation_id_idx').on(t.organisationId, t.id)],
);

/** Created by migration 0002: the latest revision of each figure that has not been withdrawn. */
export const currentFigures = pgView('current_figures', {
  figureId: uuid('figure_id').notNull(),
  organisationId: text('organisation_id').notNull(),
  activityId: text('activity_id').notNull(),
  areaCode: text('area_code').notNull(),
  period: text('period').notNull(),
  revisionId: bigint('revision_id', { mode: 'number' }).notNull(),
  submissionId: uuid('submission_id').notNull(),
  participants: integer('participants').notNull(),
  attendances: integer('attendances'),
  sessions: integer('sessions'),
  volunteers: integer('volunteers'),
  revisedAt: timestamp('revised_at', { withTimezone: true }).notNull(),
}).existing();
