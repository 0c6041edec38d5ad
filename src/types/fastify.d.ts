import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { Caller } from '../plugins/auth.js';

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
  }
  interface FastifyRequest {
    /** The authenticated key; null on public routes. */
    caller: Caller | null;
  }
}
