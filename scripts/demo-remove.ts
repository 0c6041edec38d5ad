// Withdraws every demonstration figure, audited, so the next release holds only real ones: `npm run demo:remove`.
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { SYSTEM_ACTOR } from '../src/domain/actor.js';
import { loggerOptions } from '../src/logger.js';
import { removeDemoData } from '../src/modules/demo/demo.service.js';
import { prepareDatabase } from '../src/startup/prepare-database.js';

const config = loadConfig();
const log = pino(loggerOptions(config));
const database = await openDatabase(config);
try {
  await prepareDatabase(database, log);
  const removed = await removeDemoData(database.db, SYSTEM_ACTOR);
  if (removed.figures === 0) log.info('no demonstration figures left: nothing removed');
  else
    log.info(removed, 'demonstration figures withdrawn: publish a release (npm run release) to take them out of the published statistics');
} catch (error) {
  log.error({ err: error }, 'demonstration figures not removed');
  process.exitCode = 1;
} finally {
  await database.close();
}
