import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations } from './organisations.js';

/**
 * Someone who signs in. The email is unique whatever its case; the password is kept only as an
 * argon2id hash (PHC string, salt and parameters inside it).
 */
export const people = pgTable(
  'people',
  {
    id: text('id').primaryKey(),
    displayName: text('display_name').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** An admin (the steward) may do everything an admin key may. */
    isAdmin: boolean('is_admin').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('people_email_unique').on(sql`lower(${t.email})`)],
);

/** Which organisations a person acts for: a person may help several groups, a group has several people. */
export const memberships = pgTable(
  'memberships',
  {
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.organisationId] }), index('memberships_organisation_id_idx').on(t.organisationId)],
);

/**
 * A one-time link that brings a person in (or, for an existing person's email, sets a new
 * password). Only the SHA-256 hash of its token is stored; the token is shown once.
 * An invitation is for one organisation, or (from `npm run admin:person`) makes an admin.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    organisationId: text('organisation_id').references(() => organisations.id),
    /** When set, only this email (any case) may accept it; for an existing person it resets the password. */
    email: text('email'),
    makesAdmin: boolean('makes_admin').notNull().default(false),
    createdByKeyId: text('created_by_key_id'),
    createdByPersonId: text('created_by_person_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedByPersonId: text('used_by_person_id').references(() => people.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    check('invitations_target_check', sql`${t.organisationId} is not null or ${t.makesAdmin}`),
    index('invitations_organisation_id_idx').on(t.organisationId),
  ],
);

/**
 * A signed-in browser. The id is the SHA-256 hash of the cookie value; the value itself is never
 * stored. A session ends at `expires_at` (absolute), after the idle time without use, or when revoked.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_person_id_idx').on(t.personId)],
);
