import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { connectPostgres, openPglite, type Database } from '../../src/db/client.js';
import { pgliteSnapshotPath, postgresServerUrl, postgresTemplateName, withDatabaseName } from './snapshot.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** A fresh in-memory PGlite restored from the suite's snapshot (about 2 s, against 6 s for a new one). */
async function openPgliteCopy(): Promise<Database> {
  const snapshot = new Blob([readFileSync(pgliteSnapshotPath())]);
  return openPglite({ loadDataDir: snapshot });
}

/** A new PostgreSQL database cloned from the suite's template, dropped again on close. */
async function openPostgresCopy(serverUrl: string): Promise<Database & { url: string }> {
  const name = `participation_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${postgresTemplateName()}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(serverUrl, name);
  const database = connectPostgres({ url, max: 5 });
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

export function databaseKinds(): DatabaseKind[] {
  return postgresServerUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

export function openTestDatabase(kind: DatabaseKind): Promise<Database & { url?: string }> {
  if (kind === 'pglite') return openPgliteCopy();
  const serverUrl = postgresServerUrl();
  if (!serverUrl) throw new Error('No PostgreSQL server configured for the test suite');
  return openPostgresCopy(serverUrl);
}
