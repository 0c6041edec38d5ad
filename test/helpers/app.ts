import { pino } from 'pino';
import t, { type Test } from 'tap';
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

export const json = (response: { body: string }) => JSON.parse(response.body) as any;

/** A logger that keeps its JSON lines in memory, for tests that read the log. */
export function captureLogs() {
  const lines: Record<string, any>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
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
