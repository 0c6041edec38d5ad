// `npx tsx scripts/bench/preview.ts [--figures 200000]`: what a release preview and one
// organisation's preview cost next to publishing, on a generated dataset in a scratch PostgreSQL
// database (DATABASE_URL's server, default the local one), which it drops afterwards
// unless `--keep`; `--reuse <database>` times a kept one again.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connectPostgres } from '../../src/db/client.js';
import { organisations } from '../../src/db/schema/index.js';
import { DEFAULT_POLICY } from '../../src/domain/disclosure.js';
import { recordSubmission } from '../../src/modules/figures/figures.service.js';
import { previewOrganisation, previewRelease, publishRelease } from '../../src/modules/releases/releases.service.js';
import { prepareDatabase } from '../../src/startup/prepare-database.js';
import { loadPlaces, organisationRows, planDataset, smallBatches, umbrellaBatches } from './dataset.js';

const { values } = parseArgs({
  options: {
    figures: { type: 'string', default: '200000' },
    organisations: { type: 'string', default: '10000' },
    // A database an earlier run kept (`--keep`): time the builds again without storing the figures again.
    reuse: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (message: string) => process.stderr.write(`${message}\n`);

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  log(`${label.padEnd(44)} ${Math.round(performance.now() - started).toLocaleString('en-GB')} ms`);
  return result;
}

const name = values.reuse ?? `participation_preview_bench_${Date.now()}`;
const admin = new pg.Client({ connectionString: SERVER_URL });
await admin.connect();
if (!values.reuse) await admin.query(`create database "${name}"`);
const url = new URL(SERVER_URL);
url.pathname = `/${name}`;
const database = connectPostgres({ url: url.toString(), max: 4, statementTimeoutMs: 0 });
try {
  await prepareDatabase(database, { info: () => undefined });
  if (!values.reuse) await storeDataset();
  const first = await timed('publish a release', () => publishRelease(database.db, { policy: DEFAULT_POLICY }));
  log(`  ${first.counts.figures.toLocaleString('en-GB')} figures, ${first.counts.cells.toLocaleString('en-GB')} cells`);
  const preview = await timed('release preview (nothing changed)', () =>
    previewRelease(database.db, DEFAULT_POLICY, { limit: 100, offset: 0 }),
  );
  log(`  ${preview.total} changes`);
  const small = await timed('one small group preview', () => previewOrganisation(database.db, DEFAULT_POLICY, 'bench-000042'));
  log(`  ${small.cells.length} cells`);
  const umbrella = await timed('one umbrella body preview (10,000 figures)', () =>
    previewOrganisation(database.db, DEFAULT_POLICY, 'bench-umbrella-00'),
  );
  log(`  ${umbrella.cells.length} cells`);
} finally {
  await database.close();
  if (values.keep) log(`kept database ${name}`);
  else await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}

async function storeDataset() {
  const plan = planDataset(Number(values.figures), Number(values.organisations));
  const places = await loadPlaces(database.db);
  const rows = organisationRows(plan);
  for (let i = 0; i < rows.length; i += 5000) await database.db.insert(organisations).values(rows.slice(i, i + 5000));
  await timed(`storing ${Number(values.figures).toLocaleString('en-GB')} figures`, async () => {
    for (const batches of [umbrellaBatches(plan, places), smallBatches(plan, places)])
      for (const batch of batches) await recordSubmission(database.db, { ...batch, apiKeyId: null, format: 'json' });
  });
}
