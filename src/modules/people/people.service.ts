import type { Db } from '../../db/client.js';
import type { Actor, PersonCaller } from '../../domain/actor.js';
import { notFound, pointerTo, ProblemError } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { findOrganisation, requireOrganisation } from '../organisations/organisations.service.js';
import type { SignInLimiter } from './people.limits.js';
import type { SendInvitation } from './people.mail.js';
import { passwordProblem } from './people.passwords.js';
import {
  findPersonByEmail,
  findPerson,
  findSessionExpiry,
  insertInvitation,
  insertMembership,
  insertPerson,
  insertSession,
  deleteMembership,
  listOrganisationPeople,
  listMembershipIds,
  lockInvitationByHash,
  markInvitationUsed,
  revokeInvitationRow,
  revokePersonSessions,
  revokeSessionRow,
  touchLiveSession,
  updatePerson,
  type InvitationRow,
} from './people.queries.js';
import {
  csrfTokenFor,
  hashPassword,
  newInvitationId,
  newInvitationToken,
  newPersonId,
  newSessionToken,
  passwordMatches,
  SESSION_TOKEN,
  sha256,
  spendPasswordCheck,
} from './people.secret.js';
import type { Session } from './people.schemas.js';

export const INVITATION_DAYS = 14;

export type SessionSettings = { idleMinutes: number; maxHours: number };

/** A new session's cookie value (set it, never log it) and what `GET /v1/session` answers for it. */
export type SignedIn = { token: string; session: Session };

export type InvitationRequest = { organisationId: string | null; email?: string | undefined; makesAdmin?: boolean };

export const invitationUrl = (publicUrl: string, token: string) => `${publicUrl}/portal/#invitation=${token}`;

/**
 * Makes a one-time invitation and its audit row; the token is returned here only. With a mailer
 * and an email it is sent, and the link is then not handed back: whoever reads the answer cannot
 * use someone else's invitation. When sending fails the link is handed back to pass on instead.
 */
export async function createInvitation(
  db: Db,
  request: InvitationRequest,
  actor: Actor,
  delivery: { publicUrl: string; send: SendInvitation | undefined },
) {
  const { value, hash } = newInvitationToken();
  const row = await db.transaction(async (tx) => {
    if (request.organisationId) await requireOrganisation(tx, request.organisationId);
    const inserted = await insertInvitation(tx, {
      id: newInvitationId(),
      tokenHash: hash,
      organisationId: request.organisationId,
      email: request.email ?? null,
      makesAdmin: request.makesAdmin ?? false,
      createdByKeyId: actor.apiKeyId,
      createdByPersonId: actor.personId ?? null,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    });
    await recordAudit(tx, {
      apiKeyId: actor.apiKeyId,
      personId: actor.personId ?? null,
      organisationId: request.organisationId,
      action: 'invitation.create',
      detail: { invitationId: inserted.id, forEmail: Boolean(request.email), admin: inserted.makesAdmin },
      requestId: actor.requestId,
    });
    return inserted;
  });
  const url = invitationUrl(delivery.publicUrl, value);
  let sent = false;
  if (delivery.send && row.email) {
    const organisation = row.organisationId ? await findOrganisation(db, row.organisationId) : undefined;
    sent = await delivery.send({ to: row.email, organisationName: organisation?.name ?? null, url, expiresAt: row.expiresAt }).then(
      () => true,
      () => false,
    );
  }
  return { row, url: sent ? null : url, sent };
}

export function revokeInvitation(db: Db, id: string, actor: Actor): Promise<InvitationRow | undefined> {
  return db.transaction(async (tx) => {
    const row = await revokeInvitationRow(tx, id);
    if (row) {
      await recordAudit(tx, {
        apiKeyId: actor.apiKeyId,
        personId: actor.personId ?? null,
        organisationId: row.organisationId,
        action: 'invitation.revoke',
        detail: { invitationId: id },
        requestId: actor.requestId,
      });
    }
    return row;
  });
}

function usableInvitation(invitation: InvitationRow | undefined): InvitationRow {
  if (!invitation) throw notFound('This invitation link is not known. Check that the whole link was copied, or ask for a new one.');
  if (invitation.revokedAt) throw new ProblemError('gone', 'This invitation was withdrawn. Ask for a new one.');
  if (invitation.usedAt) throw new ProblemError('gone', 'This invitation has already been used. Sign in, or ask for a new one.');
  if (invitation.expiresAt.getTime() <= Date.now()) throw new ProblemError('gone', 'This invitation has expired. Ask for a new one.');
  return invitation;
}

const invalid = (field: string, detail: string) =>
  new ProblemError('validation', `${field[0]!.toUpperCase()}${field.slice(1)} ${detail}.`, {
    errors: [{ pointer: pointerTo('body', field), detail }],
  });

export type AcceptInput = { token: string; displayName: string; email: string; password: string; requestId: string | null };

/**
 * Accepting an invitation, all or nothing: a new person, or a new password for the person the
 * invitation was sent to, or (with their current password) one more organisation for an existing
 * person; the membership; the invitation marked used; the audit row; and a new session.
 */
export async function acceptInvitation(db: Db, input: AcceptInput, settings: SessionSettings, limiter: SignInLimiter): Promise<SignedIn> {
  const newHash = passwordProblem(input.password) ? null : await hashPassword(input.password);
  const session = newSessionToken();
  const personId = await db.transaction(async (tx) => {
    const invitation = usableInvitation(await lockInvitationByHash(tx, sha256(input.token)));
    if (invitation.email && invitation.email.toLowerCase() !== input.email.toLowerCase()) {
      throw invalid('email', 'is not the one this invitation was sent to');
    }
    const existing = await findPersonByEmail(tx, input.email);
    let id: string;
    if (existing && invitation.email) {
      if (!newHash) throw invalid('password', passwordProblem(input.password)!);
      await updatePerson(tx, existing.id, { displayName: input.displayName, passwordHash: newHash });
      await revokePersonSessions(tx, existing.id);
      id = existing.id;
    } else if (existing) {
      if (!(await passwordMatches(existing.passwordHash, input.password))) {
        limiter.failed(input.email);
        throw new ProblemError(
          'conflict',
          'There is already an account with this email. Enter its password to add this organisation to it, or ask for an invitation sent to this email to choose a new password.',
        );
      }
      id = existing.id;
    } else {
      if (!newHash) throw invalid('password', passwordProblem(input.password)!);
      id = newPersonId();
      await insertPerson(tx, { id, displayName: input.displayName, email: input.email, passwordHash: newHash });
    }
    if (invitation.makesAdmin) await updatePerson(tx, id, { isAdmin: true });
    if (invitation.organisationId) await insertMembership(tx, id, invitation.organisationId);
    if (!(await markInvitationUsed(tx, invitation.id, id))) throw new ProblemError('gone', 'This invitation has already been used.');
    await insertSession(tx, session.id, id, settings.maxHours);
    await recordAudit(tx, {
      apiKeyId: null,
      personId: id,
      organisationId: invitation.organisationId,
      action: 'invitation.accept',
      detail: { invitationId: invitation.id, newPerson: !existing, passwordSet: !existing || Boolean(invitation.email) },
      requestId: input.requestId,
    });
    return id;
  });
  return { token: session.value, session: await describeSessionOf(db, personId, session.value) };
}

export type SignInInput = { email: string; password: string; address: string; requestId: string | null };

const WRONG = () => new ProblemError('unauthorized', 'The email or password is not right. Check both and try again.');

/** Email and password to a new session; the same answer, in about the same time, whether or not the email has an account. */
export async function signIn(db: Db, input: SignInInput, settings: SessionSettings, limiter: SignInLimiter): Promise<SignedIn> {
  limiter.admit(input.address, input.email);
  const person = await findPersonByEmail(db, input.email);
  const matches = person ? await passwordMatches(person.passwordHash, input.password) : (await spendPasswordCheck(input.password), false);
  if (!person || !matches) {
    limiter.failed(input.email);
    throw WRONG();
  }
  limiter.succeeded(input.email);
  const session = newSessionToken();
  await db.transaction(async (tx) => {
    await insertSession(tx, session.id, person.id, settings.maxHours);
    await recordAudit(tx, {
      apiKeyId: null,
      personId: person.id,
      organisationId: null,
      action: 'session.sign-in',
      detail: {},
      requestId: input.requestId,
    });
  });
  return { token: session.value, session: await describeSessionOf(db, person.id, session.value) };
}

/** The person a session cookie proves, for the auth plugin; undefined when it is malformed, unknown, revoked or expired. */
export async function findSessionCaller(db: Db, token: string, idleMinutes: number): Promise<PersonCaller | undefined> {
  if (!SESSION_TOKEN.test(token)) return undefined;
  const sessionId = sha256(token);
  const live = await touchLiveSession(db, sessionId, idleMinutes);
  if (!live) return undefined;
  return {
    via: 'session',
    sessionId,
    personId: live.personId,
    admin: live.isAdmin,
    organisationIds: await listMembershipIds(db, live.personId),
    csrfToken: csrfTokenFor(token),
  };
}

async function describeSessionOf(db: Db, personId: string, token: string): Promise<Session> {
  const person = (await findPerson(db, personId))!;
  const ids = await listMembershipIds(db, personId);
  const organisations = await Promise.all(ids.map((id) => findOrganisation(db, id)));
  const expiresAt = (await findSessionExpiry(db, sha256(token)))!;
  return {
    person: { id: person.id, displayName: person.displayName, email: person.email, admin: person.isAdmin },
    organisations: organisations
      .filter((o) => o !== undefined)
      .map((o) => ({ id: o.id, name: o.name, homeArea: o.homeArea, named: o.named }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    csrfToken: csrfTokenFor(token),
    expiresAt: expiresAt.toISOString(),
  };
}

/** What `GET /v1/session` answers: who is signed in, for which organisations, and the CSRF token. */
export const describeSession = (db: Db, caller: PersonCaller, token: string) => describeSessionOf(db, caller.personId, token);

export function signOut(db: Db, caller: PersonCaller, everywhere: boolean, actor: Actor): Promise<void> {
  return db.transaction(async (tx) => {
    const ended = everywhere ? await revokePersonSessions(tx, caller.personId) : (await revokeSessionRow(tx, caller.sessionId), 1);
    await recordAudit(tx, {
      apiKeyId: null,
      personId: caller.personId,
      organisationId: null,
      action: everywhere ? 'session.sign-out-everywhere' : 'session.sign-out',
      detail: { sessions: ended },
      requestId: actor.requestId,
    });
  });
}

/** The people who act for an organisation (admin); 404 for an unknown organisation. */
export async function listPeople(db: Db, organisationId: string) {
  await requireOrganisation(db, organisationId);
  const rows = await listOrganisationPeople(db, organisationId);
  return rows.map((r) => ({ ...r, since: r.since.toISOString() }));
}

/**
 * Ends a person's access to an organisation: the membership goes, with its audit row, in one
 * transaction. Their sessions stay (they may act for other organisations), but every request
 * reads the memberships afresh, so the next one for this organisation is refused.
 */
export function revokeMembership(db: Db, organisationId: string, personId: string, actor: Actor): Promise<void> {
  return db.transaction(async (tx) => {
    await requireOrganisation(tx, organisationId);
    const removed = await deleteMembership(tx, personId, organisationId);
    if (!removed) throw notFound(`Person ${personId} does not act for organisation ${organisationId}.`);
    await recordAudit(tx, {
      apiKeyId: actor.apiKeyId,
      personId: actor.personId ?? null,
      organisationId,
      action: 'membership.revoke',
      detail: { personId },
      requestId: actor.requestId,
    });
  });
}
