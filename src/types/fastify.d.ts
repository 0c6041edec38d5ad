import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { Caller } from '../plugins/auth.js';

type AuthHook = (request: FastifyRequest) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    db: Db;
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
