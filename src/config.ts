import { z } from 'zod';
import type { DisclosurePolicy } from './domain/disclosure.js';
import { CELL_KEY_POLICY } from './domain/perturbation.js';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z
    .string()
    .url()
    .optional()
    .describe('A read replica for statistics and reference reads; writes, keys and release builds stay on DATABASE_URL'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: LogLevel.default('info'),
  PUBLIC_URL: z.string().url().optional().describe('Absolute base URL used in citations and permalinks; defaults to http://HOST:PORT'),
  TRUST_PROXY: z.string().optional().describe('Unset: the socket address is the client. `true`, a hop count or a list of proxy addresses'),
  RATE_LIMIT_READ_PER_MINUTE: positiveInt(600),
  RATE_LIMIT_WRITE_PER_MINUTE: positiveInt(60),
  BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
  REQUEST_TIMEOUT_MS: positiveInt(30_000),
  CONNECTION_TIMEOUT_MS: positiveInt(75_000),
  KEEP_ALIVE_TIMEOUT_MS: positiveInt(65_000),
  DB_POOL_MAX: positiveInt(10),
  DB_STATEMENT_TIMEOUT_MS: positiveInt(10_000),
  DB_CONNECTION_TIMEOUT_MS: positiveInt(3_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: positiveInt(30_000),
  CACHE_MAX_AGE_SECONDS: positiveInt(60),
  CACHE_VERSION_TTL_MS: positiveInt(5_000),
  RESPONSE_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(8 * 1024 * 1024 * 1024)
    .default(64 * 1024 * 1024)
    .describe('Memory for serialised answers read from releases; 0 turns the cache off'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .describe('Where invitations are sent from, e.g. smtps://user:password@mail.example.org:465; unset: links are shown to the admin'),
  MAIL_FROM: z.string().min(3).optional().describe('The From of invitation emails, e.g. "Participation <noreply@example.org>"'),
  SESSION_IDLE_MINUTES: positiveInt(8 * 60).describe('A session not used for this long ends'),
  SESSION_MAX_HOURS: positiveInt(7 * 24).describe('A session ends this long after sign-in, however much it is used'),
  SIGN_IN_ATTEMPTS_PER_ADDRESS: positiveInt(20).describe('Sign-in attempts allowed from one address per 15 minutes'),
  SIGN_IN_FAILURES_PER_ACCOUNT: positiveInt(5).describe('Failed sign-ins allowed for one email per 15 minutes'),
  MAX_BATCH_FIGURES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  DISCLOSURE_METHOD: z
    .enum(['round', 'cell-key'])
    .default('cell-key')
    .describe('How new releases protect small counts: suppress and round, or cell key perturbation (docs/disclosure.md)'),
  DISCLOSURE_SUPPRESS_UP_TO: z.coerce
    .number()
    .int()
    .min(0)
    .max(100)
    .default(7)
    .describe('Published counts from 1 to this value are suppressed (NHS England rule: 7)'),
  DISCLOSURE_ROUND_TO: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe('Every other published count is rounded to the nearest multiple of this'),
});

export type TrustProxy = boolean | number | string;

export type PoolSettings = Readonly<{
  max: number;
  statementTimeoutMs: number;
  connectionTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}>;

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Read replica for public reads; undefined: everything goes to `databaseUrl`. */
  databaseReadUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof LogLevel>;
  publicUrl: string;
  trustProxy: TrustProxy;
  limits: Readonly<{ readsPerMinute: number; writesPerMinute: number; bodyLimitBytes: number }>;
  timeouts: Readonly<{ requestMs: number; connectionMs: number; keepAliveMs: number }>;
  pool: PoolSettings;
  cache: Readonly<{ maxAgeSeconds: number; versionTtlMs: number; responseCacheMaxBytes: number }>;
  /** Invitation emails: unset `smtpUrl` means links are handed to the admin instead. */
  mail: Readonly<{ smtpUrl: string | undefined; from: string }>;
  sessions: Readonly<{ idleMinutes: number; maxHours: number }>;
  signIn: Readonly<{ attemptsPerAddress: number; failuresPerAccount: number; windowMs: number }>;
  /** Most figures one submission may carry. */
  maxBatchFigures: number;
  /** Largest accepted figures body, in bytes (JSON or CSV); 413 beyond. */
  maxBatchBytes: number;
  /** Disclosure control applied when a release is built; stored with each release. */
  disclosure: DisclosurePolicy;
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** `true`/`false`, a number of proxy hops, or addresses and CIDR ranges as Fastify's `trustProxy` takes them. */
function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Parses the environment once; every other module receives the frozen result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankAsMissing = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = Env.safeParse(blankAsMissing);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  DATABASE_READ_URL: a read replica needs DATABASE_URL (the primary) too');
  }
  if (e.SMTP_URL && !e.MAIL_FROM) {
    throw new ConfigError('Invalid configuration:\n  MAIL_FROM: invitation emails need a From address when SMTP_URL is set');
  }
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    publicUrl: (e.PUBLIC_URL ?? `http://${displayHost}:${e.PORT}`).replace(/\/+$/, ''),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    limits: Object.freeze({
      readsPerMinute: e.RATE_LIMIT_READ_PER_MINUTE,
      writesPerMinute: e.RATE_LIMIT_WRITE_PER_MINUTE,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
    }),
    timeouts: Object.freeze({
      requestMs: e.REQUEST_TIMEOUT_MS,
      connectionMs: e.CONNECTION_TIMEOUT_MS,
      keepAliveMs: e.KEEP_ALIVE_TIMEOUT_MS,
    }),
    pool: Object.freeze({
      max: e.DB_POOL_MAX,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      connectionTimeoutMs: e.DB_CONNECTION_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    }),
    cache: Object.freeze({
      maxAgeSeconds: e.CACHE_MAX_AGE_SECONDS,
      versionTtlMs: e.CACHE_VERSION_TTL_MS,
      responseCacheMaxBytes: e.RESPONSE_CACHE_MAX_BYTES,
    }),
    mail: Object.freeze({ smtpUrl: e.SMTP_URL, from: e.MAIL_FROM ?? '' }),
    sessions: Object.freeze({ idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS }),
    signIn: Object.freeze({
      attemptsPerAddress: e.SIGN_IN_ATTEMPTS_PER_ADDRESS,
      failuresPerAccount: e.SIGN_IN_FAILURES_PER_ACCOUNT,
      windowMs: 15 * 60_000,
    }),
    maxBatchFigures: e.MAX_BATCH_FIGURES,
    maxBatchBytes: e.MAX_BATCH_BYTES,
    disclosure: Object.freeze(
      e.DISCLOSURE_METHOD === 'cell-key'
        ? { ...CELL_KEY_POLICY, suppressUpTo: e.DISCLOSURE_SUPPRESS_UP_TO }
        : { suppressUpTo: e.DISCLOSURE_SUPPRESS_UP_TO, roundTo: e.DISCLOSURE_ROUND_TO },
    ),
  });
}
