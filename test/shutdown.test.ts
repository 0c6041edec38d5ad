import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import t from 'tap';
import { databaseKinds, openTestDatabase } from './helpers/databases.js';
import { waitFor } from './helpers/app.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOCK_WAITERS = "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'";

/** The real server as a child process; resolves with its base URL once it listens. */
async function startServer(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      log.push(chunk.toString());
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log.join(''));
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${log.join('')}`)));
  });
  return { child, baseUrl, log };
}

t.test(
  'finishes a slow request after SIGTERM, refuses new ones, closes the pool and exits 0',
  { skip: !databaseKinds().includes('postgres') && 'needs PostgreSQL' },
  async (t) => {
    const database = await openTestDatabase('postgres');
    t.teardown(() => database.close());
    const { child, baseUrl, log } = await startServer({ DATABASE_URL: database.url! });
    t.teardown(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    t.teardown(() => locker.end());

    await locker.query('begin');
    await locker.query('lock table areas in access exclusive mode');
    const slow = fetch(`${baseUrl}/v1/areas/E08000035`);
    await waitFor(async () => (await locker.query<{ n: number }>(LOCK_WAITERS)).rows[0]!.n >= 1);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await waitFor(async () => log.join('').includes('shutting down'));
    await t.rejects(fetch(`${baseUrl}/health`), 'no new connections once shutting down');
    await locker.query('rollback');

    const res = await slow;
    t.equal(res.status, 200);
    t.match(await res.json(), { code: 'E08000035', name: 'Leeds' });
    await exited;
    t.equal(child.exitCode, 0);
    t.match(log.join(''), /"msg":"stopped"/);
    const { rows } = await locker.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'participation-api'",
    );
    t.equal(rows[0]?.n, 0, 'the pool closed its connections');
  },
);

t.test('holds an embedded data folder alone, takes it back at once after a crash, and frees it on SIGTERM', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shutdown-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const embedded = { DATABASE_URL: undefined, DATA_DIR: dataDir };
  const first = await startServer(embedded);
  t.teardown(() => {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
  });
  await t.rejects(startServer(embedded), {
    message: new RegExp(`exited with 1: [\\s\\S]*in use by another process \\(pid ${first.child.pid}\\)`),
  });

  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  const restarted = await startServer(embedded);
  t.teardown(() => {
    if (restarted.child.exitCode === null) restarted.child.kill('SIGKILL');
  });
  t.equal((await fetch(`${restarted.baseUrl}/health`)).status, 200);
  const exited = once(restarted.child, 'exit');
  restarted.child.kill('SIGTERM');
  await exited;
  t.equal(restarted.child.exitCode, 0);
  t.match(restarted.log.join(''), /"msg":"stopped"/);
  t.notOk(existsSync(join(dataDir, 'participation.lock')), 'the lock is gone with the process');
});
