// Loads the demonstration organisations and figures, then publishes a release: `npm run seed:demo`.
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/startup/prepare-database.js';
import { loadDemoData } from '../src/demo/demo.service.js';
import { loggerOptions } from '../src/logger.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';

const config = loadConfig();
const log = pino(loggerOptions(config));
const database = await openDatabase(config);
try {
  await prepareDatabase(database, log);
  const loaded = await loadDemoData(database.db);
  if (loaded.organisations === 0) log.info('demo organisations already present: nothing loaded');
  else log.info(loaded, 'demo data loaded');
  const release = await publishRelease(database.db, {
    policy: config.disclosure,
    notes: 'Demonstration data: generated groups and figures. Not real.',
  });
  log.info({ release: release.id, counts: release.counts }, 'release published');
} finally {
  await database.close();
}
