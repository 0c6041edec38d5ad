// Applies migrations and loads the reference data, then exits: `npm run db:migrate`.
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/startup/prepare-database.js';
import { loggerOptions } from '../src/logger.js';

const config = loadConfig();
const log = pino(loggerOptions(config));
const database = await openDatabase(config);
try {
  await prepareDatabase(database, log);
} finally {
  await database.close();
}
