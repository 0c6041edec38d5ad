// Publishes a release from the current figures: `npm run release -- --notes "What changed"`.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/startup/prepare-database.js';
import { loggerOptions } from '../src/logger.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';

const { values } = parseArgs({ options: { notes: { type: 'string' } } });
const config = loadConfig();
const log = pino(loggerOptions(config));
const database = await openDatabase(config);
try {
  await prepareDatabase(database, log);
  const started = Date.now();
  const release = await publishRelease(database.db, { policy: config.disclosure, notes: values.notes ?? null });
  log.info({ release: release.id, counts: release.counts, demo: release.isDemo, ms: Date.now() - started }, 'release published');
} catch (error) {
  log.error({ err: error }, 'release not published');
  process.exitCode = 1;
} finally {
  await database.close();
}
