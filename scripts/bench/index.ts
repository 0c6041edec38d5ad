// `npm run bench [-- --figures 10000000]`: builds a national-scale dataset in a scratch PostgreSQL
// database through the API's own batch endpoint, times release builds as it grows, then puts the
// statistics routes under HTTP load next to a bare Fastify ceiling. Writes bench/results/*.json
// and *.md. Uses DATABASE_URL's server (default: the local one) and drops its scratch database.
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { connectPostgres, queryRows, type Database } from '../../src/db/client.js';
import { prepareDatabase } from '../../src/startup/prepare-database.js';
import { organisations } from '../../src/db/schema/index.js';
import { issueKey } from '../../src/modules/keys/keys.service.js';
import { DEFAULT_POLICY } from '../../src/domain/disclosure.js';
import { publishRelease } from '../../src/modules/releases/releases.service.js';
import { startApi, startServerProcess, type ChildApi } from '../../test/helpers/child-api.js';
import { loadPlaces, organisationRows, planDataset, smallBatches, umbrellaBatches } from './dataset.js';
import { memoryOf, runLoad, type LoadResult, type Target } from './load.js';
import { renderMarkdown, type BenchResults, type ReleaseBuild, type Submission } from './report.js';
import { measureStartup } from './startup.js';
import { submitBatches, type SubmitStats } from './submit.js';

const { values } = parseArgs({
  options: {
    figures: { type: 'string', default: '1000000' },
    organisations: { type: 'string', default: '50000' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
    'skip-startup': { type: 'boolean', default: false },
    'skip-load': { type: 'boolean', default: false },
  },
});
const FIGURES = Number(values.figures);
const LOAD = { connections: Number(values.connections), durationSeconds: Number(values.duration) };
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const SAMPLE = 2000;
const UNLIMITED = '1000000000';

const log = (message: string) => process.stderr.write(`${message}\n`);
const bar = (label: string, total: number) => {
  const b = new SingleBar(
    { format: `${label.padEnd(24)} [{bar}] {percentage}% {value}/{total} {eta_formatted}`, stream: process.stderr },
    Presets.shades_classic,
  );
  b.start(total, 0);
  return b;
};

async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `participation_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      if (values.keep) {
        log(`kept database ${name}`);
        return;
      }
      const dropper = new pg.Client({ connectionString: SERVER_URL });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

function checkpoints(total: number): number[] {
  return [...new Set([100_000, 1_000_000, 10_000_000].filter((c) => c < total).concat(total))];
}

const merge = (a: SubmitStats | undefined, b: SubmitStats): SubmitStats => {
  if (!a) return b;
  const figures = a.figures + b.figures;
  const batches = a.batches + b.batches;
  const ms = a.ms + b.ms;
  return { figures, batches, ms, figuresPerSecond: figures / (ms / 1000), batchesPerSecond: batches / (ms / 1000) };
};

async function timeRelease(database: Database, figures: number): Promise<ReleaseBuild> {
  log(`building a release over ${figures.toLocaleString('en-GB')} figures...`);
  const started = performance.now();
  const release = await publishRelease(database.db, { policy: DEFAULT_POLICY, notes: `Benchmark at ${figures} figures` });
  const ms = performance.now() - started;
  const [rows] = await queryRows<{ breakdown: number }>(
    database.db,
    sql`select count(*) as breakdown from release_breakdown where release_id = ${release.id}`,
  );
  log(`release ${release.id}: ${Math.round(ms)} ms, ${release.counts.cells} cells`);
  return {
    releaseId: release.id,
    figures: release.counts.figures,
    ms: Math.round(ms),
    cells: release.counts.cells,
    breakdownRows: rows!.breakdown,
  };
}

/** Submits the dataset through the API, building a release at each checkpoint. */
async function buildDataset(database: Database, api: ChildApi, adminKey: string) {
  const plan = planDataset(FIGURES, Number(values.organisations));
  const places = await loadPlaces(database.db);
  const rows = organisationRows(plan);
  for (let i = 0; i < rows.length; i += 5000) await database.db.insert(organisations).values(rows.slice(i, i + 5000));
  log(`${rows.length} organisations; ${plan.smallFigures} figures in small batches, ${plan.umbrellas} full batches of 10,000`);
  const progress = bar('submitting figures', FIGURES);
  const onStored = (n: number) => progress.increment(n);
  const small = smallBatches(plan, places);
  let smallStats: SubmitStats | undefined;
  let bulkStats: SubmitStats | undefined;
  let cumulative = 0;
  const releases: ReleaseBuild[] = [];
  const marks = checkpoints(FIGURES);
  for (const [i, mark] of marks.entries()) {
    if (!bulkStats && (cumulative >= marks[0]! || i === marks.length - 1)) {
      bulkStats = await submitBatches(api.baseUrl, adminKey, umbrellaBatches(plan, places), { concurrency: 2, onStored });
      cumulative += bulkStats.figures;
    }
    const stats = await submitBatches(api.baseUrl, adminKey, small, {
      concurrency: Number(values.concurrency),
      stopAfterFigures: mark - cumulative,
      onStored,
    });
    cumulative += stats.figures;
    smallStats = merge(smallStats, stats);
    progress.stop();
    releases.push(await timeRelease(database, cumulative));
    if (i < marks.length - 1) progress.start(FIGURES, cumulative);
  }
  const submissions: Submission[] = [
    {
      kind: `small batches (about ${Math.round(plan.smallFigures / plan.organisations)} figures each, ${values.concurrency} at a time)`,
      ...smallStats!,
    },
    { kind: 'full batches (10,000 figures each, 2 at a time)', ...bulkStats! },
  ];
  return { submissions, releases, organisations: rows.length };
}

async function sampleTargets(database: Database, releaseId: number) {
  const cells = await queryRows<{ area_code: string; activity_id: string | null; period: string }>(
    database.db,
    sql`select area_code, activity_id, period
    from release_cells where release_id = ${releaseId} and scope = 0 order by random() limit ${SAMPLE}`,
  );
  const parents = await queryRows<{ parent: string; activity_id: string | null; period: string }>(
    database.db,
    sql`select * from (
      select distinct a.parent_code as parent, c.activity_id, c.period from release_cells c join areas a on a.code = c.area_code
      where c.release_id = ${releaseId} and c.scope = 0 and a.parent_code is not null) s order by random() limit ${SAMPLE}`,
  );
  const groups = await queryRows<{ organisation_id: string; period: string }>(
    database.db,
    sql`select * from (
      select distinct organisation_id, period from release_breakdown
      where release_id = ${releaseId} and organisation_id is not null and not merged) s order by random() limit ${SAMPLE}`,
  );
  const query = (params: Record<string, string | null>) =>
    new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== null)).toString();
  return {
    summary: cells.map((c) => ({
      path: `/v1/statistics/summary?${query({ area: c.area_code, activity: c.activity_id, period: c.period })}`,
    })),
    areas: parents.map((p) => ({ path: `/v1/statistics/areas?${query({ parent: p.parent, activity: p.activity_id, period: p.period })}` })),
    contribution: groups.map((g) => ({ path: `/v1/organisations/${g.organisation_id}/contribution?period=${g.period}` })),
  };
}

async function cacheCounts(api: ChildApi) {
  const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { hits: read('response_cache_hits_total'), misses: read('response_cache_misses_total') };
}

/** Each target with the ETag a client holds for it (the ETag follows Accept, so both send the same). */
async function withEtags(baseUrl: string, targets: Target[]): Promise<Target[]> {
  const accept = 'application/json';
  return Promise.all(
    targets.map(async (t) => {
      const res = await fetch(`${baseUrl}${t.path}`, { headers: { accept } });
      await res.arrayBuffer();
      return { path: t.path, headers: { accept, 'if-none-match': res.headers.get('etag') ?? '' } };
    }),
  );
}

/** One request per target, ten at a time: what a dashboard's first visitors do before the steady state. */
async function warm(api: ChildApi, targets: Target[]): Promise<void> {
  const queue = [...targets];
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let t = queue.pop(); t; t = queue.pop()) await (await fetch(`${api.baseUrl}${t.path}`, { headers: t.headers })).arrayBuffer();
    }),
  );
}

async function loadScenario(
  name: string,
  api: ChildApi,
  targets: Target[],
  options = { warm: true },
): Promise<LoadResult & { cacheHitRatio: number | null }> {
  if (options.warm) await warm(api, targets);
  const progress = bar(name, LOAD.durationSeconds);
  const before = await cacheCounts(api).catch(() => undefined);
  const result = await runLoad(name, api.baseUrl, targets, api.process.pid, { ...LOAD, onTick: (s) => progress.update(s) });
  const after = await cacheCounts(api).catch(() => undefined);
  progress.stop();
  const lookups = before && after ? after.hits + after.misses - before.hits - before.misses : 0;
  return { ...result, cacheHitRatio: before && after && lookups > 0 ? (after.hits - before.hits) / lookups : null };
}

async function runLoads(database: Database, url: string, releaseId: number) {
  const targets = await sampleTargets(database, releaseId);
  const env = { DATABASE_URL: url, LOG_LEVEL: 'info', RATE_LIMIT_READ_PER_MINUTE: UNLIMITED, RATE_LIMIT_WRITE_PER_MINUTE: UNLIMITED };
  const api = await startApi(env);
  const sizes = await Promise.all(
    targets.summary.slice(0, 50).map(async (t) => (await (await fetch(`${api.baseUrl}${t.path}`)).arrayBuffer()).byteLength),
  );
  const summaryBytes = sizes.sort((a, b) => a - b)[Math.floor(sizes.length / 2)]!;
  const ceiling = await startServerProcess('scripts/bench/ceiling.ts', { BENCH_BODY_BYTES: String(summaryBytes) });
  const results = [];
  try {
    results.push({
      ...(await runLoad('ceiling: bare Fastify, same body size', ceiling.baseUrl, [{ path: '/ceiling' }], ceiling.process.pid, LOAD)),
      cacheHitRatio: null,
    });
    results.push(await loadScenario('/v1/statistics/summary', api, targets.summary));
    results.push(await loadScenario('/v1/statistics/areas', api, targets.areas));
    results.push(await loadScenario('/contribution', api, targets.contribution));
    results.push(await loadScenario('304 (If-None-Match)', api, await withEtags(api.baseUrl, targets.summary.slice(0, 500))));
  } finally {
    ceiling.process.kill('SIGTERM');
  }
  const apiPeakMb = memoryOf(api.process.pid!)?.peakMb ?? null;
  api.process.kill('SIGTERM');
  await api.exited;
  // The same summary load with the response cache off: what the database path alone gives.
  const uncached = await startApi({ ...env, RESPONSE_CACHE_MAX_BYTES: '0' });
  try {
    results.push(await loadScenario('/v1/statistics/summary, response cache off', uncached, targets.summary, { warm: false }));
  } finally {
    uncached.process.kill('SIGTERM');
    await uncached.exited;
  }
  return { load: results, summaryBytes, apiPeakMb: apiPeakMb === null ? null : Math.round(apiPeakMb) };
}

async function main() {
  const startedAt = new Date();
  if (!values['skip-startup']) log('timing the embedded start (empty data folder, then a restart)...');
  const startup = values['skip-startup'] ? null : await measureStartup(memoryOf);
  const { url, drop } = await scratchDatabase();
  // Sampling a national release for load targets takes longer than a request may.
  const database = connectPostgres({ url, max: 4, statementTimeoutMs: 600_000 });
  let api: ChildApi | undefined;
  try {
    let started = performance.now();
    await prepareDatabase(database, { info: () => {} });
    const prepareMs = Math.round(performance.now() - started);
    const { key } = await issueKey(database.db, { kind: 'admin', label: 'bench' }, SYSTEM_ACTOR);
    api = await startApi({ DATABASE_URL: url, LOG_LEVEL: 'info', RATE_LIMIT_WRITE_PER_MINUTE: UNLIMITED });
    started = performance.now();
    const dataset = await buildDataset(database, api, key);
    api.process.kill('SIGTERM');
    await api.exited;
    api = undefined;
    const loads = values['skip-load']
      ? { load: [], summaryBytes: 0, apiPeakMb: null }
      : await runLoads(database, url, dataset.releases.at(-1)!.releaseId);
    const [server] = await queryRows<{ version: string }>(database.db, sql`select current_setting('server_version') as version`);
    const results: BenchResults = {
      startedAt: startedAt.toISOString(),
      node: process.version,
      postgres: server!.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      figures: FIGURES,
      organisations: dataset.organisations,
      connections: LOAD.connections,
      durationSeconds: LOAD.durationSeconds,
      prepareMs,
      startup,
      submissions: dataset.submissions,
      releases: dataset.releases,
      ...loads,
    };
    const dir = 'bench/results';
    mkdirSync(dir, { recursive: true });
    const stem = `${dir}/${startedAt.toISOString().slice(0, 10)}-${FIGURES}`;
    writeFileSync(`${stem}.json`, `${JSON.stringify(results, null, 2)}\n`);
    const markdown = renderMarkdown(results);
    writeFileSync(`${stem}.md`, markdown);
    process.stdout.write(`${markdown}\nwritten to ${stem}.json and ${stem}.md\n`);
  } finally {
    if (api) api.process.kill('SIGKILL');
    await database.close();
    await drop();
  }
}

await main();
