// How long a newcomer waits: `npm start` on an empty data folder (migrations, reference data,
// demo data and release 1), then again on the folder it left.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ChildApi } from '../../test/helpers/child-api.js';

export type StartupResult = { emptyDataDirMs: number; firstSummaryMs: number; restartMs: number; peakRssMb: number | null };

async function stop(api: ChildApi) {
  api.process.kill('SIGTERM');
  await api.exited;
}

export async function measureStartup(memoryOf: (pid: number) => { peakMb: number } | null): Promise<StartupResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'participation-bench-start-'));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', DATABASE_READ_URL: '', LOG_LEVEL: 'warn' };
  try {
    let started = performance.now();
    const first = await startServerProcess('src/server.ts', env, { readyPath: '/health', timeoutMs: 300_000 });
    const emptyDataDirMs = performance.now() - started;
    const summary = await fetch(`${first.baseUrl}/v1/statistics/summary?area=E08000035&activity=dance`);
    if (summary.status !== 200) throw new Error(`the first summary answered ${summary.status}`);
    const firstSummaryMs = performance.now() - started;
    const peakRssMb = memoryOf(first.process.pid!)?.peakMb ?? null;
    await stop(first);
    started = performance.now();
    const again = await startServerProcess('src/server.ts', env, { readyPath: '/health', timeoutMs: 300_000 });
    const restartMs = performance.now() - started;
    await stop(again);
    return { emptyDataDirMs, firstSummaryMs, restartMs, peakRssMb: peakRssMb === null ? null : Math.round(peakRssMb) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
