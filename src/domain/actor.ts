/**
 * Who made a change, for the audit log: the key that was used (null for command-line tools and
 * start-up steps) and the request it came in (null outside HTTP). Every write service takes one.
 */
export type Actor = Readonly<{ apiKeyId: string | null; requestId: string | null }>;

/** An actor for work started outside HTTP: `npm run` scripts, the demo loader, start-up steps. */
export const SYSTEM_ACTOR: Actor = { apiKeyId: null, requestId: null };

/** A verified API key: an admin's, or one organisation's. */
export type Caller = Readonly<{ keyId: string; kind: 'admin' | 'organisation'; organisationId: string | null }>;
