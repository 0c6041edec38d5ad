import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { DataDirLockedError, lockDataDir } from '../src/db/data-dir-lock.js';

t.test('refuses a folder that a live process holds, with a message saying what to do', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  t.teardown(() => holder.kill());
  writeFileSync(join(dir, 'participation.lock'), String(holder.pid));
  t.throws(() => lockDataDir(dir), { name: 'DataDirLockedError', message: new RegExp(`pid ${holder.pid}.*DATABASE_URL`) });
  t.type(DataDirLockedError, 'function');
});

t.test('takes over a lock left by a process that has died, and releases it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  const dead = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => dead.on('exit', resolve));
  writeFileSync(join(dir, 'participation.lock'), String(dead.pid));
  const release = lockDataDir(dir);
  t.equal(readFileSync(join(dir, 'participation.lock'), 'utf8'), String(process.pid));
  release();
  t.notOk(existsSync(join(dir, 'participation.lock')));
});
