import type { Logger } from 'pino';
import { loadReferenceData } from '../reference/reference.service.js';
import type { Database } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';

/** Brings any database, new or old, up to date: migrations, then the shipped reference data. */
export async function prepareDatabase(database: Database, log: Pick<Logger, 'info'>): Promise<void> {
  const started = Date.now();
  await runMigrations(database);
  const reference = await loadReferenceData(database.db);
  log.info(
    { database: database.kind, reference: reference.skipped ? 'unchanged' : reference.changed, ms: Date.now() - started },
    'database ready',
  );
}
