import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export type ChildApi = { process: ChildProcess; baseUrl: string; exited: Promise<number | null> };

/** The real server (`src/server.ts`) in a child process, resolved once `/ready` answers. */
export function startApi(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ChildApi> {
  return startServerProcess('src/server.ts', env, { timeoutMs });
}

/** A TypeScript server script (relative to the project) on a free port, resolved once `readyPath` answers 2xx. */
export async function startServerProcess(
  script: string,
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number; readyPath?: string } = {},
): Promise<ChildApi> {
  const { timeoutMs = 60_000, readyPath = '/ready' } = options;
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_V8_COVERAGE: '', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${stderr}`);
    const ready = await fetch(`${baseUrl}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { process: child, baseUrl, exited };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not become ready within ${timeoutMs} ms: ${stderr}`);
}

/** Seeded, so a failing crash schedule can be replayed from its seed. */
export { seededRandom } from '../../src/demo/demo.generator.js';
