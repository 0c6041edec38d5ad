// `npx tsx scripts/bench/http-cache.ts [--label before]`: operations per second of the
// in-memory steps on the 304 path (ETag, If-None-Match, Accept, version token) and on the response
// cache's hit path, as a Markdown table. Run it before and after changing one of them. Rates are
// per second of this process's CPU time, the median of five rounds: on a shared machine wall-clock
// rates moved by up to half between identical runs, CPU-time rates by a tenth or two, so compare
// the medians of several runs of each side, run alternately.
import { parseArgs } from 'node:util';
import type { FastifyRequest } from 'fastify';
import { CacheVersions } from '../../src/http/cache-versions.js';
import { wantsCsv } from '../../src/http/csv.js';
import { ResponseCache } from '../../src/http/response-cache.js';
import { etagMemo, matchesIfNoneMatch } from '../../src/plugins/caching.js';

const { values } = parseArgs({ options: { label: { type: 'string', default: 'ops/s' }, 'round-ms': { type: 'string', default: '300' } } });
const ROUND_MS = Number(values['round-ms']);
const ROUNDS = 5;
const BATCH = 1000;

// Folds every result into one value read at the end, so no call can be optimised away.
let sink = 0;
const consume = (value: unknown) => {
  sink = (sink + (value ? 1 : 0)) | 0;
};

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function measure(step: (i: number) => unknown): number {
  const rates: number[] = [];
  for (let i = 0; i < 20 * BATCH; i += 1) consume(step(i));
  for (let round = 0; round < ROUNDS; round += 1) {
    let n = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    do {
      for (let i = 0; i < BATCH; i += 1) consume(step(n + i));
      n += BATCH;
    } while (performance.now() - started < ROUND_MS);
    rates.push(n / cpuSeconds(cpu));
  }
  return rates.sort((a, b) => a - b)[ROUNDS >> 1]!;
}

async function measureAsync(step: (i: number) => Promise<unknown>): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < 20 * BATCH; i += 1) consume(await step(i));
  for (let round = 0; round < ROUNDS; round += 1) {
    let n = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    do {
      for (let i = 0; i < BATCH; i += 1) consume(await step(n + i));
      n += BATCH;
    } while (performance.now() - started < ROUND_MS);
    rates.push(n / cpuSeconds(cpu));
  }
  return rates.sort((a, b) => a - b)[ROUNDS >> 1]!;
}

/** Indices into `n` items drawn with Zipf's law (s = 1): a few URLs asked often, a long tail once. */
function zipf(n: number, draws: number): Uint32Array {
  const weights = Float64Array.from({ length: n }, (_, k) => 1 / (k + 1));
  const cumulative = new Float64Array(n);
  weights.reduce((sum, w, k) => (cumulative[k] = sum + w), 0);
  const total = cumulative[n - 1]!;
  let seed = 42;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Uint32Array.from({ length: draws }, () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
}

/** A header as the HTTP parser hands it over: a new string each request, so nothing about it is cached. */
function asReceived(header: string): () => string {
  const head = header.slice(0, header.length >> 1);
  const tail = header.slice(header.length >> 1);
  return () => head + tail;
}

const rows: [string, number][] = [];
const row = (name: string, opsPerSecond: number) => {
  rows.push([name, opsPerSecond]);
  process.stderr.write(`${name}: ${Math.round(opsPerSecond).toLocaleString('en-GB')}\n`);
};

function etags() {
  const dashboard = Array.from({ length: 100 }, (_, i) => `/v1/statistics/summary?area=E0800${String(i).padStart(4, '0')}&period=2025-26`);
  const hot = etagMemo('build');
  row(
    'ETag lookup, 100 URLs (all hits)',
    measure((i) => hot('latest:7', dashboard[i % 100]!, 'json')),
  );
  const tail = Array.from({ length: 50_000 }, (_, i) => `/v1/statistics/summary?area=E0${String(i).padStart(7, '0')}&period=2025-26`);
  const draws = zipf(tail.length, 1 << 20);
  const mixed = etagMemo('build');
  row(
    'ETag lookup, 50,000 URLs by Zipf (hits and misses)',
    measure((i) => mixed('latest:7', tail[draws[i & (draws.length - 1)]!]!, 'json')),
  );
}

function ifNoneMatch() {
  const etag = etagMemo('build')('latest:7', '/v1/areas', 'json');
  const cases: [string, string | undefined][] = [
    ['If-None-Match absent', undefined],
    ['If-None-Match: the tag', etag],
    ['If-None-Match: weak form of the tag', `W/${etag}`],
    ['If-None-Match: three tags, match last', `"a1", "b2", ${etag}`],
    ['If-None-Match: two tags, no match', '"a1", "b2"'],
  ];
  for (const [name, header] of cases) {
    const received = header === undefined ? () => undefined : asReceived(header);
    row(
      name,
      measure(() => matchesIfNoneMatch(received(), etag)),
    );
  }
}

function accept() {
  const request = (accept: string | undefined, format?: string) => {
    const received = accept === undefined ? undefined : asReceived(accept);
    const query = format ? { format } : {};
    return () => ({ query, headers: received ? { accept: received() } : {} }) as unknown as FastifyRequest;
  };
  const cases: [string, () => FastifyRequest][] = [
    ['Accept absent', request(undefined)],
    ['Accept: */*', request('*/*')],
    ['Accept: application/json', request('application/json')],
    ["Accept: a browser's", request('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')],
    ['Accept: text/csv', request('text/csv')],
    ['Accept: text/csv;q=0.1, application/json', request('text/csv;q=0.1, application/json')],
    ['?format=csv', request('application/json', 'csv')],
  ];
  for (const [name, next] of cases)
    row(
      name,
      measure(() => wantsCsv(next())),
    );
}

function responseCache() {
  const body = JSON.stringify({ cells: 'x'.repeat(1800) });
  const response = { body, contentType: 'application/json; charset=utf-8' };
  const keys = Array.from({ length: 1000 }, (_, i) => `"etag-${String(i).padStart(22, '0')}"`);
  const warm = new ResponseCache(64 * 1024 * 1024);
  for (const key of keys) warm.set(key, response);
  row(
    'response cache get, hit (1,000 entries)',
    measure((i) => warm.get(keys[i % 1000]!)),
  );
  row(
    'response cache get, miss',
    measure((i) => warm.get(`"absent-${i & 1023}"`)),
  );
  // 500 entries fit: every set past them evicts the least recently used.
  const full = new ResponseCache(500 * (body.length + 250));
  row(
    'response cache set, evicting',
    measure((i) => full.set(keys[i % 1000]!, response)),
  );
}

async function versionTokens() {
  const versions = new CacheVersions(60_000);
  versions.setLatestRelease(async () => 7);
  versions.setReference(async () => 'digest');
  row('version token, fresh (latestRelease)', await measureAsync(() => versions.latestRelease()));
  row('version token, fresh (reference)', await measureAsync(() => versions.reference()));
}

etags();
ifNoneMatch();
accept();
responseCache();
await versionTokens();

const figure = (n: number) => Math.round(n).toLocaleString('en-GB');
process.stdout.write(`| step | ${values.label} |\n|---|---|\n${rows.map(([name, n]) => `| ${name} | ${figure(n)} |`).join('\n')}\n`);
if (sink === -1) process.stdout.write('\n');
