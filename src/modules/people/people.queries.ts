import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { invitations, memberships, people, sessions } from '../../db/schema/index.js';

export type PersonRow = typeof people.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;

export async function findPersonByEmail(db: Db, email: string): Promise<PersonRow | undefined> {
  const [row] = await db
    .select()
    .from(people)
    .where(sql`lower(${people.email}) = lower(${email})`);
  return row;
}

export async function findPerson(db: Db, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

export async function insertPerson(db: Db, row: typeof people.$inferInsert) {
  await db.insert(people).values(row);
}

export async function updatePerson(db: Db, id: string, fields: Partial<Pick<PersonRow, 'displayName' | 'passwordHash' | 'isAdmin'>>) {
  await db
    .update(people)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(eq(people.id, id));
}

export async function insertMembership(db: Db, personId: string, organisationId: string) {
  await db.insert(memberships).values({ personId, organisationId }).onConflictDoNothing();
}

export async function listMembershipIds(db: Db, personId: string): Promise<string[]> {
  const rows = await db
    .select({ id: memberships.organisationId })
    .from(memberships)
    .where(eq(memberships.personId, personId))
    .orderBy(asc(memberships.organisationId));
  return rows.map((r) => r.id);
}

export async function insertInvitation(db: Db, row: typeof invitations.$inferInsert): Promise<InvitationRow> {
  const [inserted] = await db.insert(invitations).values(row).returning();
  return inserted!;
}

/** The invitation with this token hash, locked until the transaction ends so that two acceptances queue. */
export async function lockInvitationByHash(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).for('update');
  return row;
}

export async function markInvitationUsed(db: Db, id: string, personId: string) {
  const [row] = await db
    .update(invitations)
    .set({ usedAt: sql`now()`, usedByPersonId: personId })
    .where(and(eq(invitations.id, id), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  return row;
}

export async function revokeInvitationRow(db: Db, id: string): Promise<InvitationRow | undefined> {
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.id, id), isNull(invitations.revokedAt)))
    .returning();
  return row ?? (await db.select().from(invitations).where(eq(invitations.id, id)))[0];
}

export async function insertSession(db: Db, id: string, personId: string, maxHours: number) {
  const [row] = await db
    .insert(sessions)
    .values({ id, personId, expiresAt: sql`now() + ${maxHours} * interval '1 hour'` })
    .returning({ expiresAt: sessions.expiresAt });
  return row!;
}

/**
 * The live session with this id and its person: not revoked, not past its absolute end, and used
 * within the idle time. Its last use is moved on at most once a minute, so reads do not each write.
 */
export async function touchLiveSession(db: Db, id: string, idleMinutes: number) {
  const live = and(
    eq(sessions.id, id),
    isNull(sessions.revokedAt),
    gt(sessions.expiresAt, sql`now()`),
    gt(sessions.lastSeenAt, sql`now() - ${idleMinutes} * interval '1 minute'`),
  );
  const [row] = await db
    .select({ personId: sessions.personId, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt, isAdmin: people.isAdmin })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(live);
  if (!row) return undefined;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(live);
  }
  return row;
}

export async function findSessionExpiry(db: Db, id: string) {
  const [row] = await db.select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.id, id));
  return row?.expiresAt;
}

export async function revokeSessionRow(db: Db, id: string) {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

export async function revokePersonSessions(db: Db, personId: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.personId, personId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

/** The people who act for an organisation, by name, with when they joined it. */
export function listOrganisationPeople(db: Db, organisationId: string) {
  return db
    .select({
      id: people.id,
      displayName: people.displayName,
      email: people.email,
      admin: people.isAdmin,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(people.displayName), asc(people.id));
}

export async function deleteMembership(db: Db, personId: string, organisationId: string) {
  const [row] = await db
    .delete(memberships)
    .where(and(eq(memberships.personId, personId), eq(memberships.organisationId, organisationId)))
    .returning({ personId: memberships.personId });
  return row;
}
