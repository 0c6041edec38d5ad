import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { loadDemoIfEmpty } from '../src/demo/demo.service.js';
import { CLIENT_TYPES, generateClientTypes } from '../scripts/client-types.js';
import { forEachDatabase } from './helpers/app.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLIENT = fileURLToPath(new URL('../clients/typescript/', import.meta.url));

forEachDatabase(async (t, { app, database, kind }) => {
  if (kind === 'pglite') {
    t.test('the committed client types are what openapi-typescript generates from the committed document', async (t) => {
      t.equal(readFileSync(CLIENT_TYPES, 'utf8'), await generateClientTypes(), 'run `npm run client:generate` after `npm run openapi`');
    });

    t.test('the client and its example compile against those types', async (t) => {
      const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
      const { stdout } = await run(process.execPath, [tsc, '-p', `${CLIENT}tsconfig.json`], { cwd: ROOT });
      t.equal(stdout, '', 'no compile errors');
    });
  }

  t.test("the example dashboard runs against a started API and prints the API's numbers", async (t) => {
    const release = await loadDemoIfEmpty(database.db, DEFAULT_POLICY);
    t.ok(release, 'the demo release');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { stdout } = await run(process.execPath, ['--import=tsx', 'examples/dashboard.ts'], {
      cwd: CLIENT,
      env: { ...process.env, PARTICIPATION_API_URL: origin },
    });
    const summary = JSON.parse((await app.inject(`/v1/statistics/summary?area=E08000035&activity=dance&release=${release!.id}`)).body) as {
      total: { participants: { value: number | null } };
      breakdown: { label: string; participants: { value: number | null } }[];
    };
    t.match(stdout, new RegExp(`^release ${release!.id}, published `));
    const value = (c: { value: number | null }) => (c.value === null ? 'suppressed' : String(c.value));
    t.match(stdout, `Leeds, Dance, `);
    t.match(stdout, `: ${value(summary.total.participants)} participants`);
    for (const row of summary.breakdown) t.match(stdout, `  ${row.label}: ${value(row.participants)}`, row.label);
  });
});
