// HTTP load from this process (autocannon) against a server in another process, with the
// server's resident memory sampled while it runs.
import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { seededRandom } from '../../src/demo/demo.generator.js';

export type Target = { path: string; headers?: Record<string, string> };

export type LoadResult = {
  scenario: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  bytesPerResponse: number;
  peakRssMb: number | null;
};

export type LoadOptions = { connections: number; durationSeconds: number; onTick?: (secondsDone: number) => void };

/** Resident and peak resident memory of a process, in MB, from /proc (Linux). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

export async function runLoad(
  scenario: string,
  baseUrl: string,
  targets: Target[],
  pid: number | undefined,
  options: LoadOptions,
): Promise<LoadResult> {
  const random = seededRandom(scenario.length * 7919);
  let peakRss = 0;
  const sampler = setInterval(() => {
    const memory = pid === undefined ? null : memoryOf(pid);
    if (memory) peakRss = Math.max(peakRss, memory.rssMb);
  }, 100);
  let seconds = 0;
  try {
    // Without a callback autocannon returns an emitter that is also a promise of the result.
    const instance = autocannon({
      url: baseUrl,
      connections: options.connections,
      duration: options.durationSeconds,
      requests: [
        {
          setupRequest: (request) => {
            const target = targets[Math.floor(random() * targets.length)]!;
            return { ...request, method: 'GET', path: target.path, headers: { ...request.headers, ...target.headers } };
          },
        },
      ],
    }) as unknown as EventEmitter & Promise<autocannon.Result>;
    void instance.on('tick', () => options.onTick?.(++seconds));
    const result = await instance;
    const statuses = Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number((s as { count: number }).count)]),
    );
    const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
    return {
      scenario,
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests,
      errors: result.errors,
      timeouts: result.timeouts,
      statuses,
      bytesPerResponse: requests ? Math.round(result.throughput.total / requests) : 0,
      peakRssMb: pid === undefined ? null : Math.round(peakRss),
    };
  } finally {
    clearInterval(sampler);
  }
}
