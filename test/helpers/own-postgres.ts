// A PostgreSQL cluster the test owns (initdb in a temporary folder, on a free port), so a test
// may stop it abruptly without touching the shared server. Needs root (to run the server as the
// postgres user) and the PostgreSQL server binaries; `ownPostgresUnavailable()` says why not.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './child-api.js';

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return version ? join(root, version, 'bin') : undefined;
}

export function ownPostgresUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to run a private PostgreSQL as the postgres user';
  const bin = binDir();
  if (!bin || !existsSync(join(bin, 'initdb'))) return 'needs the PostgreSQL server binaries (initdb, pg_ctl)';
  return undefined;
}

export type OwnPostgres = { url: string; stopImmediately(): void; start(): void; destroy(): void };

export async function createOwnPostgres(): Promise<OwnPostgres> {
  const bin = binDir()!;
  const dir = mkdtempSync(join(tmpdir(), 'participation-pg-'));
  chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const data = join(dir, 'data');
  const asPostgres = (cmd: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' });
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const start = () => asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stopImmediately: () => asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']),
    start,
    destroy: () => {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const uidOf = (user: string) => Number(execFileSync('id', ['-u', user]).toString().trim());
const gidOf = (user: string) => Number(execFileSync('id', ['-g', user]).toString().trim());
