// Runs once before the suite: builds the migrated, reference-loaded database that every test file
// copies (a PGlite snapshot file, and a PostgreSQL template database when a server is configured).
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { connectPostgres, openPglite } from '../../src/db/client.js';
import { prepareDatabase } from '../../src/startup/prepare-database.js';
import {
  pgliteSnapshotPath,
  postgresServerUrl,
  postgresTemplateName,
  snapshotKey,
  SNAPSHOT_DIR,
  withDatabaseName,
} from '../helpers/snapshot.js';

const quiet = { info: () => {} };
const key = snapshotKey();

async function buildPgliteSnapshot() {
  const path = pgliteSnapshotPath(key);
  if (existsSync(path)) return;
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  for (const old of readdirSync(SNAPSHOT_DIR)) rmSync(join(SNAPSHOT_DIR, old));
  const database = await openPglite({});
  await prepareDatabase(database, quiet);
  const dump = await database.pglite!.dumpDataDir('gzip');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  await database.close();
}

async function buildPostgresTemplate(serverUrl: string) {
  const template = postgresTemplateName(key);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1 and datistemplate', [template]);
    if (rowCount) return;
    // Templates are keyed by content and never dropped here: other runs (CI, a second work tree)
    // may be using theirs on the same server at this moment. A half-built one is rebuilt.
    await admin.query(`drop database if exists "${template}" with (force)`);
    await admin.query(`create database "${template}"`);
    const database = connectPostgres({ url: withDatabaseName(serverUrl, template), max: 2 });
    await prepareDatabase(database, quiet);
    await database.close();
    await admin.query(`alter database "${template}" is_template true`);
  } finally {
    await admin.end();
  }
}

const serverUrl = postgresServerUrl();
if (!serverUrl && process.env.CI) {
  process.stderr.write('CI is set but neither TEST_DATABASE_URL nor DATABASE_URL is: the suite must also run on PostgreSQL.\n');
  process.exit(1);
}
await buildPgliteSnapshot();
if (serverUrl) await buildPostgresTemplate(serverUrl);
