// Times a release build over generated figures: `npm run bench:release -- --figures 100000`.
// Runs on a scratch database: a new one on the DATABASE_URL server (dropped afterwards), or an
// in-memory embedded one. Never touches the configured database's data.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { connectPostgres, openPglite, queryRows, type Database } from '../../src/db/client.js';
import { prepareDatabase } from '../../src/db/prepare.js';
import { organisations } from '../../src/db/schema/index.js';
import { seededRandom } from '../../src/demo/demo.generator.js';
import { recordSubmission } from '../../src/modules/figures/figures.service.js';
import { publishRelease } from '../../src/modules/releases/releases.service.js';

const { values } = parseArgs({ options: { figures: { type: 'string', default: '100000' }, perOrganisation: { type: 'string', default: '1000' }, keep: { type: 'boolean', default: false } } });
const total = Number(values.figures);
const perOrganisation = Number(values.perOrganisation);
const config = loadConfig();
const quiet = { info: () => {} };

async function scratchDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (!config.databaseUrl) return { database: await openPglite({}), drop: async () => {} };
  const name = `participation_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: config.databaseUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(config.databaseUrl);
  url.pathname = `/${name}`;
  const database = connectPostgres({ url: url.toString(), max: 2 });
  return { database, drop: async () => {
    await database.close();
    if (values.keep) process.stdout.write(`kept database ${name}\n`);
    else await admin.query(`drop database "${name}" with (force)`);
    await admin.end();
  } };
}

/** Figures spread like real groups: each organisation works in one district, on a few activities. */
async function generate(database: Database) {
  const db = database.db;
  const random = seededRandom(1);
  const wards = await queryRows<{ code: string; lad: string }>(db, sql`select code, parent_code as lad from areas where type = 'ward'`);
  const activityIds = (await queryRows<{ id: string }>(db, sql`select id from activities`)).map((a) => a.id);
  const byLad = new Map<string, string[]>();
  for (const w of wards) byLad.set(w.lad, [...(byLad.get(w.lad) ?? []), w.code]);
  const lads = [...byLad.keys()];
  const periods = ['2024-25', '2025-26', '2025-Q1', '2025-Q2'];
  for (let o = 0, made = 0; made < total; o++) {
    const id = `bench-${o}`;
    await db.insert(organisations).values({ id, name: `Bench group ${o}`, named: random() < 0.8 });
    const lad = lads[Math.floor(random() * lads.length)]!;
    const areas = [lad, ...byLad.get(lad)!];
    const activities = [...new Set(Array.from({ length: 8 }, () => activityIds[Math.floor(random() * activityIds.length)]!))];
    const keys = new Map<string, { activity: string; area: string; period: string; participants: number }>();
    while (keys.size < Math.min(perOrganisation, total - made)) {
      const f = { activity: activities[Math.floor(random() * activities.length)]!, area: areas[Math.floor(random() * areas.length)]!,
        period: periods[Math.floor(random() * periods.length)]!, participants: Math.floor(random() * random() * 200) };
      keys.set(`${f.activity}|${f.area}|${f.period}`, f);
      if (keys.size >= areas.length * activities.length * periods.length) break;
    }
    await recordSubmission(db, { organisationId: id, apiKeyId: null, format: 'demo', figures: [...keys.values()] });
    made += keys.size;
  }
}

const { database, drop } = await scratchDatabase();
try {
  await prepareDatabase(database, quiet);
  let started = Date.now();
  await generate(database);
  process.stdout.write(`generated figures in ${Date.now() - started} ms on ${database.kind}\n`);
  started = Date.now();
  const release = await publishRelease(database.db, { policy: config.disclosure });
  process.stdout.write(`release ${release.id}: ${JSON.stringify(release.counts)} built in ${Date.now() - started} ms\n`);
} finally {
  await drop();
}
