import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { Caller } from '../domain/actor.js';

type AuthHook = (request: FastifyRequest) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    /** The primary: writes, keys, keyed reads, release builds. */
    db: Db;
    /** Public reads: the read replica when DATABASE_READ_URL is set, else the primary. */
    readDb: Db;
    /** onRequest hook: an admin key, else 401 or 403. */
    requireAdmin: AuthHook;
    /** onRequest hook: an admin key, or the key of the organisation named by route parameter `param` (default `id`). */
    requireOrganisationOrAdmin: (param?: string) => AuthHook;
    /** onRequest hook: a person acting for the organisation named by `param`, or an admin (key or person); never an organisation key. */
    requirePeopleOrAdmin: (param?: string) => AuthHook;
    /** onRequest hook: a signed-in person (a session cookie), else 401. */
    requireSession: AuthHook;
  }
  interface FastifyRequest {
    /** The verified key or session, when the request carried one (public routes too); null otherwise. */
    caller: Caller | null;
    /** Why the key the request carried was refused (or the error that stopped checking it); null when none was sent. */
    authFailure: Error | null;
  }
}
