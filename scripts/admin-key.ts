// Issues an admin key: `npm run admin:key [-- "label"]`. Migrates first, so it works on an empty
// database. The key is printed alone on the last line of stdout; logs go to stderr.
import { SYSTEM_ACTOR } from '../src/domain/actor.js';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { DataDirLockedError } from '../src/db/data-dir-lock.js';
import { prepareDatabase } from '../src/startup/prepare-database.js';
import { issueKey } from '../src/modules/keys/keys.service.js';

async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel }, pino.destination(2));
  const database = await openDatabase(config);
  try {
    await prepareDatabase(database, log);
    const label = process.argv[2] ?? 'issued with npm run admin:key';
    const { row, key } = await issueKey(database.db, { kind: 'admin', label }, SYSTEM_ACTOR);
    process.stdout.write(`Admin key ${row.id} (shown once; only its hash is stored; revoke with DELETE /v1/keys/${row.id}):\n${key}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    process.stderr.write(
      `${error.message}\nThe embedded database allows one process at a time: stop the API, run this again, then start the API.\n`,
    );
  } else if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Could not issue a key: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
