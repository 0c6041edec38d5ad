import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { buildApp } from '../src/app.js';
import { openPglite, type Database } from '../src/db/client.js';
import { forEachDatabase, testConfig } from './helpers/app.js';
import { bearer } from './helpers/auth.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../scripts/admin-key.ts', import.meta.url));
const KEY_LINE = /^pa_[A-Za-z0-9_-]{43}$/;

/** Runs `npm run admin:key`'s script with its own environment; never the suite's DATABASE_URL by accident. */
function adminKeyScript(env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    timeout: 120_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

const lastLine = (stdout: string) => stdout.trimEnd().split('\n').at(-1)!;

async function keyWorks(t: Test, database: Database, key: string) {
  const app = await buildApp({ config: testConfig(), database });
  try {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: bearer(key),
      payload: { id: `made-${Date.now()}`, name: 'Made by the script key', named: false },
    });
    t.equal(res.statusCode, 201, 'the printed key is an admin key');
  } finally {
    await app.close();
  }
}

t.test('prints a working admin key alone on the last line, on an empty embedded database', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'admin-key-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await adminKeyScript({ DATA_DIR: dataDir });
  t.equal(first.code, 0, first.stderr);
  t.match(lastLine(first.stdout), KEY_LINE);
  const second = await adminKeyScript({ DATA_DIR: dataDir });
  t.equal(second.code, 0, 'runs again on a database that is already migrated');
  t.not(lastLine(second.stdout), lastLine(first.stdout), 'every run makes a new key');

  const database = await openPglite({ dataDir });
  try {
    await keyWorks(t, database, lastLine(first.stdout));
    const locked = await adminKeyScript({ DATA_DIR: dataDir });
    t.equal(locked.code, 1, 'refuses while another process (the API) holds the embedded database');
    t.match(locked.stderr, /in use by another process[\s\S]*stop the API/);
    t.equal(locked.stdout, '');
  } finally {
    await database.close();
  }
});

forEachDatabase(async (t, { database, kind }) => {
  if (kind !== 'postgres') return;
  t.test('prints a working admin key on PostgreSQL', async (t) => {
    const result = await adminKeyScript({ DATABASE_URL: (database as Database & { url: string }).url });
    t.equal(result.code, 0, result.stderr);
    await keyWorks(t, database, lastLine(result.stdout));
  });
});
