import { z } from 'zod';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: LogLevel.default('info'),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe('Absolute base URL used in citations and permalinks; defaults to http://HOST:PORT'),
  DISCLOSURE_SUPPRESS_UP_TO: z.coerce.number().int().min(0).max(100).default(7)
    .describe('Published counts from 1 to this value are suppressed (NHS England rule: 7)'),
  DISCLOSURE_ROUND_TO: z.coerce.number().int().min(1).max(100).default(5)
    .describe('Every other published count is rounded to the nearest multiple of this'),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof LogLevel>;
  publicUrl: string;
  /** Disclosure control applied when a release is built; stored with each release. */
  disclosure: Readonly<{ suppressUpTo: number; roundTo: number }>;
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; every other module receives the frozen result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankAsMissing = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = Env.safeParse(blankAsMissing);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    publicUrl: (e.PUBLIC_URL ?? `http://${displayHost}:${e.PORT}`).replace(/\/+$/, ''),
    disclosure: Object.freeze({ suppressUpTo: e.DISCLOSURE_SUPPRESS_UP_TO, roundTo: e.DISCLOSURE_ROUND_TO }),
  });
}
