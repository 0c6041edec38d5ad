import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { openPglite } from '../src/db/client.js';
import { testConfig } from './helpers/app.js';
import { acceptAs, withSession } from './helpers/people.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../scripts/admin-person.ts', import.meta.url));

function adminPersonScript(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    timeout: 120_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

t.test('prints a one-time link that makes the first admin, on an empty embedded database', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'admin-person-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, PUBLIC_URL: 'https://participation.test' };
  const missing = await adminPersonScript([], env);
  t.equal(missing.code, 1);
  t.match(missing.stderr, /Give the admin's email/);
  const result = await adminPersonScript(['--email', 'steward@example.org', '--name', 'Steward'], env);
  t.equal(result.code, 0, result.stderr);
  const link = result.stdout.trimEnd().split('\n').at(-1)!;
  t.match(link, /^https:\/\/participation\.test\/portal\/#invitation=pi_[A-Za-z0-9_-]{43}$/);

  const database = await openPglite({ dataDir });
  const app = await buildApp({ config: testConfig(), database });
  t.teardown(async () => {
    await app.close();
    await database.close();
  });
  const steward = await acceptAs(app, new URL(link).hash.replace('#invitation=', ''), 'steward@example.org', 'Steward');
  t.equal(steward.session.person.admin, true, 'the person is an admin');
  const created = await app.inject({
    method: 'POST',
    url: '/v1/organisations',
    headers: withSession(steward),
    payload: { id: 'made-by-a-person', name: 'Made by the steward', named: false },
  });
  t.equal(created.statusCode, 201, 'and may do what an admin key may');
});
