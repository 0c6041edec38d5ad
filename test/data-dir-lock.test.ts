import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { DataDirLockedError, lockDataDir } from '../src/db/data-dir-lock.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOCK = 'participation.lock';
const OWNER = 'participation.owner';

/** Another process that takes the lock on `dir` and holds it until it is killed. */
async function holder(dir: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { lockDataDir } = await import('./src/db/data-dir-lock.ts');
     lockDataDir(${JSON.stringify(dir)}); console.log('locked'); setTimeout(() => {}, 60_000);`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  if (!chunk.toString().includes('locked')) throw new Error(`holder said ${chunk.toString()}`);
  return child;
}

/** A lock as another container on the same volume leaves it: its pids mean nothing here. */
function lockFromElsewhere(dir: string, ageMs: number) {
  mkdirSync(join(dir, LOCK));
  writeFileSync(join(dir, OWNER), JSON.stringify({ pid: 1, host: 'another-container' }));
  const touched = new Date(Date.now() - ageMs);
  utimesSync(join(dir, LOCK), touched, touched);
}

const folder = () => mkdtempSync(join(tmpdir(), 'lock-'));

t.test('refuses a folder that a live process holds, with a message naming it and saying what to do', async (t) => {
  const dir = folder();
  const child = await holder(dir);
  t.teardown(() => child.kill('SIGKILL'));
  t.throws(() => lockDataDir(dir), {
    name: 'DataDirLockedError',
    message: new RegExp(`in use by another process \\(pid ${child.pid}\\).*DATABASE_URL`),
  });
  t.type(DataDirLockedError, 'function');
});

t.test('takes over at once a lock left by a process killed on this host, and releases it', async (t) => {
  const dir = folder();
  const child = await holder(dir);
  child.kill('SIGKILL');
  await once(child, 'exit');
  t.ok(existsSync(join(dir, LOCK)), 'a killed process leaves its lock behind');
  const release = lockDataDir(dir);
  t.same(JSON.parse(readFileSync(join(dir, OWNER), 'utf8')), { pid: process.pid, host: hostname() });
  release();
  t.notOk(existsSync(join(dir, LOCK)));
  t.notOk(existsSync(join(dir, OWNER)));
});

t.test('refuses a fresh lock held from another container, naming where it is held', async (t) => {
  const dir = folder();
  lockFromElsewhere(dir, 0);
  t.throws(() => lockDataDir(dir), { name: 'DataDirLockedError', message: /in use by another process \(pid 1 on another-container\)/ });
});

t.test('takes over a lock from another container that nobody has kept fresh', async (t) => {
  const dir = folder();
  lockFromElsewhere(dir, 60_000);
  const release = lockDataDir(dir);
  t.equal((JSON.parse(readFileSync(join(dir, OWNER), 'utf8')) as { pid: number }).pid, process.pid);
  release();
});

t.test('keeps its lock fresh for as long as it holds it', async (t) => {
  const dir = folder();
  const release = lockDataDir(dir, { staleMs: 2000 });
  t.teardown(release);
  // Taking the lock dates it up to a second ahead; untouched, it would be 2.5 s old by now.
  await new Promise((resolve) => setTimeout(resolve, 3500));
  t.ok(Date.now() - statSync(join(dir, LOCK)).mtimeMs < 1500, 'touched every half of the stale time');
  t.throws(() => lockDataDir(dir, { staleMs: 2000 }), { name: 'DataDirLockedError' }, 'not even this process takes it twice');
});

t.test('reads the lock file an earlier version left: refuses its live owner, takes over from a dead one', async (t) => {
  const live = folder();
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  t.teardown(() => child.kill('SIGKILL'));
  writeFileSync(join(live, LOCK), String(child.pid));
  // That version never touched its lock again, so its age says nothing.
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(live, LOCK), old, old);
  t.throws(() => lockDataDir(live), { name: 'DataDirLockedError', message: new RegExp(`pid ${child.pid}\\)`) });

  const dead = folder();
  const gone = spawn(process.execPath, ['-e', '0']);
  await once(gone, 'exit');
  writeFileSync(join(dead, LOCK), String(gone.pid));
  utimesSync(join(dead, LOCK), old, old);
  const release = lockDataDir(dead);
  t.ok(statSync(join(dead, LOCK)).isDirectory());
  release();
});
