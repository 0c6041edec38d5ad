// The benchmark's results as a markdown table, with each target from the performance issue
// marked met or missed.
import type { LoadResult } from './load.js';
import type { StartupResult } from './startup.js';
import type { SubmitStats } from './submit.js';

export type Submission = SubmitStats & { kind: string };
export type ReleaseBuild = { releaseId: number; figures: number; ms: number; cells: number; breakdownRows: number };
export type BenchResults = {
  startedAt: string;
  node: string;
  postgres: string;
  cpus: number;
  cpuModel: string;
  figures: number;
  organisations: number;
  connections: number;
  durationSeconds: number;
  prepareMs: number;
  startup: StartupResult | null;
  submissions: Submission[];
  releases: ReleaseBuild[];
  load: Array<LoadResult & { cacheHitRatio: number | null }>;
  summaryBytes: number;
  apiPeakMb: number | null;
};

const n = (value: number, digits = 0) => value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const table = (header: string[], rows: Array<Array<string | number>>) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

function statuses(result: LoadResult): string {
  return Object.entries(result.statuses)
    .map(([code, count]) => `${code}: ${n(count)}`)
    .join(', ');
}

function loadTargets(r: BenchResults): Array<[string, string, string]> {
  if (r.load.length === 0) return [];
  const ceiling = r.load[0]!.requestsPerSecond;
  const scenario = (name: string) => r.load.find((l) => l.scenario === name)!;
  const rows: Array<[string, string, string]> = [];
  for (const name of ['/v1/statistics/summary', '/v1/statistics/areas']) {
    const s = scenario(name);
    rows.push([
      `${name}: ≥ 50% of the ceiling, p99 < 30 ms`,
      `${n((100 * s.requestsPerSecond) / ceiling)}%, p99 ${s.p99Ms} ms`,
      verdict(s.requestsPerSecond >= ceiling / 2 && s.p99Ms < 30),
    ]);
  }
  const notModified = scenario('304 (If-None-Match)');
  rows.push([
    '304 path: ≥ 80% of the ceiling',
    `${n((100 * notModified.requestsPerSecond) / ceiling)}%`,
    verdict(notModified.requestsPerSecond >= ceiling * 0.8),
  ]);
  const peak = Math.max(...r.load.slice(1).map((l) => l.peakRssMb ?? 0), r.apiPeakMb ?? 0);
  rows.push(['API peak RSS < 300 MB during the load runs', `${n(peak)} MB`, verdict(peak < 300)]);
  return rows;
}

function targets(r: BenchResults): Array<[string, string, string]> {
  const rows = loadTargets(r);
  const million = r.releases.find((b) => b.figures >= 1_000_000);
  if (million)
    rows.push([
      'release build: 1M figures < 2 minutes',
      `${n(million.ms / 1000, 1)} s at ${n(million.figures)}`,
      verdict(million.ms < 120_000),
    ]);
  const [first, last] = [r.releases[0]!, r.releases.at(-1)!];
  if (last !== first) {
    const growth = last.ms / last.figures / (first.ms / first.figures);
    rows.push([
      'release build grows no worse than linearly',
      `time per figure ×${n(growth, 2)} from ${n(first.figures)} to ${n(last.figures)}`,
      verdict(growth <= 1.1),
    ]);
  }
  const bulk = r.submissions.find((s) => s.kind.startsWith('full'));
  if (bulk)
    rows.push(['bulk submission ≥ 20,000 figures/s', `${n(bulk.figuresPerSecond)} figures/s`, verdict(bulk.figuresPerSecond >= 20_000)]);
  if (r.startup) {
    rows.push([
      'embedded `npm start` answers within 10 s',
      `${n(r.startup.emptyDataDirMs / 1000, 1)} s on an empty data folder, ${n(r.startup.restartMs / 1000, 1)} s on a restart`,
      verdict(r.startup.emptyDataDirMs < 10_000),
    ]);
  }
  return rows;
}

function loadSection(r: BenchResults): string {
  if (r.load.length === 0) return '';
  const ceiling = r.load[0]!.requestsPerSecond;
  return `## HTTP load

The ceiling is a bare Fastify route returning a precomputed body of ${n(r.summaryBytes)} bytes (the median summary). Targets are
${n(2000)} random existing cells (summary), parent areas (areas) and organisation periods (contribution), drawn from the last release;
each target is requested once before its run (the steady state of a dashboard), except with the response cache off.

${table(
  ['scenario', 'req/s', 'of ceiling', 'p50 ms', 'p99 ms', 'statuses', 'errors', 'response cache hits', 'peak RSS MB'],
  r.load.map((l) => [
    l.scenario,
    n(l.requestsPerSecond),
    `${n((100 * l.requestsPerSecond) / ceiling)}%`,
    l.p50Ms,
    l.p99Ms,
    statuses(l),
    l.errors + l.timeouts,
    l.cacheHitRatio === null ? '' : `${n(100 * l.cacheHitRatio, 1)}%`,
    l.peakRssMb ?? '',
  ]),
)}

`;
}

function startupSection(r: BenchResults): string {
  const embedded = r.startup
    ? `Embedded database (\`npm start\` without \`DATABASE_URL\`): ${n(r.startup.emptyDataDirMs / 1000, 1)} s to the first answer on an empty data folder (migrations,
reference data, demo data and release 1; the first summary after ${n(r.startup.firstSummaryMs / 1000, 1)} s; peak RSS ${r.startup.peakRssMb ?? '?'} MB), ${n(r.startup.restartMs / 1000, 1)} s on a restart.
`
    : '';
  return `## Start-up

${embedded}PostgreSQL: migrations and reference data in ${n(r.prepareMs / 1000, 1)} s.
`;
}

export function renderMarkdown(r: BenchResults): string {
  return `# Benchmark ${r.startedAt.slice(0, 10)}: ${n(r.figures)} figures

${r.cpus} × ${r.cpuModel}; Node.js ${r.node}; PostgreSQL ${r.postgres}. The API, PostgreSQL and the load generator share the machine.
${n(r.organisations)} organisations; load: ${r.connections} connections for ${r.durationSeconds} s per scenario.

## Targets

${table(['target', 'measured', ''], targets(r))}

## Submission through \`POST /v1/organisations/{id}/figures\`

${table(
  ['batches', 'figures', 'batches/s', 'figures/s'],
  r.submissions.map((s) => [s.kind, n(s.figures), n(s.batchesPerSecond, 1), n(s.figuresPerSecond)]),
)}

## Release builds

${table(
  ['release', 'figures', 'build', 'µs per figure', 'cells', 'breakdown rows'],
  r.releases.map((b) => [
    b.releaseId,
    n(b.figures),
    `${n(b.ms / 1000, 1)} s`,
    n((b.ms * 1000) / b.figures, 1),
    n(b.cells),
    n(b.breakdownRows),
  ]),
)}

${loadSection(r)}${startupSection(r)}`;
}
