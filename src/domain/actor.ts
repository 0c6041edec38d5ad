/**
 * Who made a change, for the audit log: the key that was used, or the person whose session it was
 * (both null for command-line tools and start-up steps), and the request it came in (null outside
 * HTTP). Every write service takes one.
 */
export type Actor = Readonly<{ apiKeyId: string | null; personId?: string | null; requestId: string | null }>;

/** An actor for work started outside HTTP: `npm run` scripts, the demo loader, start-up steps. */
export const SYSTEM_ACTOR: Actor = { apiKeyId: null, personId: null, requestId: null };

/** A verified API key: an admin's, or one organisation's. */
export type KeyCaller = Readonly<{ via: 'key'; keyId: string; kind: 'admin' | 'organisation'; organisationId: string | null }>;

/** A signed-in person: an admin, or a member of the organisations listed (a person may act for several). */
export type PersonCaller = Readonly<{
  via: 'session';
  sessionId: string;
  personId: string;
  admin: boolean;
  organisationIds: readonly string[];
  /** The CSRF token bound to this session, which every state-changing request must carry. */
  csrfToken: string;
}>;

/** Whoever a request proves it is: a key or a person. */
export type Caller = KeyCaller | PersonCaller;

export const isAdmin = (caller: Caller) => (caller.via === 'key' ? caller.kind === 'admin' : caller.admin);

/** True when the caller may act for the organisation: an admin, its own key, or one of its people. */
export function actsFor(caller: Caller, organisationId: string | undefined): boolean {
  if (isAdmin(caller)) return true;
  if (organisationId === undefined) return false;
  return caller.via === 'key' ? caller.organisationId === organisationId : caller.organisationIds.includes(organisationId);
}
