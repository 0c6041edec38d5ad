import { pino } from 'pino';
import t, { type Test } from 'tap';
import { z } from 'zod';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { databaseKinds, openTestDatabase, type DatabaseKind } from './databases.js';

export type TestContext = { app: App; database: Database & { url?: string }; config: Config; kind: DatabaseKind };

export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'https://participation.test', ...overrides });
}

/**
 * Runs `body` once per configured database (PGlite always, PostgreSQL when the suite has a
 * server), each on its own fresh copy of the migrated, reference-loaded database.
 */
export function forEachDatabase(body: (t: Test, ctx: TestContext) => Promise<void>, overrides: NodeJS.ProcessEnv = {}) {
  for (const kind of databaseKinds()) {
    t.test(`on ${kind}`, async (t) => {
      const database = await openTestDatabase(kind);
      const config = testConfig(overrides);
      const app = await buildApp({ config, database });
      t.teardown(async () => {
        await app.close();
        await database.close();
      });
      await body(t, { app, database, config, kind });
    });
  }
}

type Body = { body: string };

/**
 * The JSON body, checked against the schema the API documents for it (a response schema from src,
 * or a small one a test declares for a route of its own) and typed by it: every read is also a
 * contract check, and a body the schema refuses fails the test that read it. The body comes back
 * as it was sent, not as zod would strip it, so that whole-body assertions still see any field the
 * schema does not declare; for response schemas, which transform nothing, that value has the
 * schema's type.
 */
export function json<S extends z.ZodType>(response: Body, schema: S): z.output<S> {
  const body: unknown = JSON.parse(response.body);
  const checked = schema.safeParse(body);
  if (!checked.success)
    throw new Error(`the body does not match its schema:\n${z.prettifyError(checked.error)}\n${response.body.slice(0, 500)}`);
  return body as z.output<S>;
}

/** A line of the JSON log: pino's fields, then whatever the line carries. */
export type LogLine = { level: number; time: number; msg?: string; requestId?: string; [field: string]: unknown };

/** A logger that keeps its JSON lines in memory, for tests that read the log. */
export function captureLogs() {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

/** Polls `check` until it holds, for conditions another connection brings about. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
