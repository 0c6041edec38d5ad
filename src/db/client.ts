import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** One drizzle handle type for both drivers; inside a transaction the `tx` has the same shape. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  kind: 'postgres' | 'pglite';
  /** The primary: writes, keys, keyed reads and release builds. */
  db: Db;
  /** Public reads (statistics, releases, reference data): the read replica when there is one, else `db`. */
  readDb: Db;
  /** Runs `select 1` on the primary and the replica; rejects when either is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Present for PostgreSQL only: the pool behind the handle. */
  pool?: pg.Pool;
  /** Present only with a read replica: the pool behind `readDb`. */
  readPool?: pg.Pool;
  /** Present for PGlite only: the embedded instance behind the handle. */
  pglite?: PGlite;
};

// int8 (count(*), sum(int)) arrives as a string from pg and as a number from PGlite, and numeric
// as a string from both. Every count here is far below 2^53, so both drivers parse them to numbers.
const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (value: string) => Number(value);

// drizzle's node-postgres session passes its own `types` on each query and falls back to pg's
// global registry, so the parsers are registered there rather than on the pool.
pg.types.setTypeParser(INT8, toNumber);
pg.types.setTypeParser(NUMERIC, toNumber);

export type PostgresOptions = {
  url: string;
  max?: number;
  applicationName?: string;
  /** A statement running longer is cancelled (57014), so a slow database answers 503 instead of hanging. */
  statementTimeoutMs?: number;
  /** How long to wait for a new connection, or for a free one when the pool is full. */
  connectionTimeoutMs?: number;
  /** A session left idle inside a transaction is ended, releasing its locks. */
  idleInTransactionTimeoutMs?: number;
};

export const POOL_DEFAULTS = {
  max: 10,
  statementTimeoutMs: 10_000,
  connectionTimeoutMs: 3_000,
  idleInTransactionTimeoutMs: 30_000,
} as const;

export function connectPostgres(options: PostgresOptions): Database {
  const settings = { ...POOL_DEFAULTS, ...definedOnly(options) };
  const pool = new pg.Pool({
    connectionString: options.url,
    max: settings.max,
    application_name: options.applicationName ?? 'participation-api',
    statement_timeout: settings.statementTimeoutMs,
    idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs,
    connectionTimeoutMillis: settings.connectionTimeoutMs,
  });
  // An idle client losing its connection (database restart) must not crash the process; the pool
  // drops that client and opens a new connection on the next query.
  pool.on('error', () => {});
  // Nor may a checked-out one (inside a transaction): pg guards only idle clients, and an 'error'
  // event with no listener ends the process. The query in flight still rejects, so the request
  // gets its 503, and the pool discards the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    readDb: db,
    pool,
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      if (!pool.ended && !pool.ending) await pool.end();
    },
  };
}

const definedOnly = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

export type PgliteOptions = { dataDir?: string; loadDataDir?: Blob | File };

/** Embedded PostgreSQL; `dataDir` undefined means in memory (tests). */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  try {
    const pglite = new PGlite({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [pgliteTypes.INT8]: toNumber, [pgliteTypes.NUMERIC]: toNumber },
    });
    await pglite.waitReady;
    const db = drizzlePglite({ client: pglite, schema }) as unknown as Db;
    return {
      kind: 'pglite',
      db,
      readDb: db,
      pglite,
      ping: async () => {
        await pglite.query('select 1');
      },
      close: async () => {
        try {
          if (!pglite.closed) await pglite.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export type DatabaseSettings = {
  databaseUrl: string | undefined;
  databaseReadUrl?: string | undefined;
  dataDir: string;
  pool?: Omit<PostgresOptions, 'url'>;
};

export function openDatabase(config: DatabaseSettings): Promise<Database> {
  if (!config.databaseUrl) return openPglite({ dataDir: config.dataDir });
  const primary = connectPostgres({ ...config.pool, url: config.databaseUrl });
  return Promise.resolve(
    config.databaseReadUrl ? withReadReplica(primary, connectPostgres({ ...config.pool, url: config.databaseReadUrl })) : primary,
  );
}

/** The primary for writes, the replica for public reads; both must answer for the service to be ready. */
export function withReadReplica(primary: Database, replica: Database): Database {
  return {
    ...primary,
    readDb: replica.db,
    readPool: replica.pool,
    ping: async () => {
      await Promise.all([primary.ping(), replica.ping()]);
    },
    close: async () => {
      await Promise.all([primary.close(), replica.close()]);
    },
  };
}

/** Raw SQL through either driver, with rows as plain objects (the one place results are read raw). */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  // The two drivers type their results differently; both carry the rows.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the assertion is the point: one shape for both drivers
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

// Statement names by SQL text. A name is a hash of its text, so one name never means two
// statements; the bound keeps a query that (wrongly) inlined values from preparing without end.
const PREPARED_NAMES_KEPT = 500;
const preparedNames = new Map<string, string>();
const dialect = new PgDialect();

function statementName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < PREPARED_NAMES_KEPT) {
    name = `q_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}

/**
 * `queryRows` for the hot read path: on PostgreSQL a named prepared statement, parsed and planned
 * once per connection rather than on every request (PGlite runs it as before). Only for SQL whose
 * text is fixed apart from its parameters.
 */
export async function preparedRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const built = dialect.sqlToQuery(query);
  const statement = db._.session.prepareQuery(built, undefined, statementName(built.sql), false);
  const result = (await statement.execute()) as { rows: T[] };
  return result.rows;
}
