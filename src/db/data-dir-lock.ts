import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

// The holder touches the lock every half of this; a lock untouched for longer was left by a
// process that has gone, wherever it ran: in another container on the same volume, pids say nothing.
const STALE_MS = 10_000;

type Owner = { pid: number; host: string };

// Folders this process holds: its own pid in an owner file is then no leftover.
const held = new Set<string>();

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds the lock, if it says; the version before this one wrote a bare pid into a file. */
function readOwner(lockPath: string, ownerPath: string): Owner | undefined {
  try {
    if (statSync(lockPath).isFile()) return { pid: Number.parseInt(readFileSync(lockPath, 'utf8'), 10), host: hostname() };
    const owner = JSON.parse(readFileSync(ownerPath, 'utf8')) as Partial<Owner>;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? { pid: owner.pid!, host: owner.host } : undefined;
  } catch {
    return undefined;
  }
}

/** A killed process on this host need not wait for its lock to go stale: its pid says it is gone. */
const isAbandoned = (owner: Owner, dataDir: string) =>
  owner.host === hostname() && !held.has(dataDir) && (owner.pid === process.pid || !processIsAlive(owner.pid));

function lockedError(dataDir: string, owner: Owner | undefined): DataDirLockedError {
  const who = !owner ? '' : ` (pid ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`})`;
  return new DataDirLockedError(
    `The embedded database in ${dataDir} is in use by another process${who}. ` +
      'Stop that process first, or set DATA_DIR to another folder, or DATABASE_URL to use PostgreSQL.',
  );
}

/**
 * Two processes on one PGlite folder silently lose writes, so the folder is owned through a lock
 * that its holder keeps fresh (proper-lockfile), next to a file naming the holder for the message.
 * A lock left by a dead process is taken over: at once on the same host, else once it is stale.
 */
export function lockDataDir(dataDir: string, options: { staleMs?: number } = {}): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'participation.lock');
  const ownerPath = join(dataDir, 'participation.owner');
  const acquire = () =>
    lockfile.lockSync(dataDir, {
      lockfilePath: lockPath,
      stale: options.staleMs ?? STALE_MS,
      onCompromised: () => {
        throw new DataDirLockedError(
          `Lost the lock on ${dataDir} (another process took it over, or it was removed): stopping without another write.`,
        );
      },
    });
  let release: () => void;
  try {
    release = acquire();
  } catch (error) {
    // ENOTDIR: a stale lock file from the version before this one, which the library cannot remove.
    if (!['ELOCKED', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    const owner = readOwner(lockPath, ownerPath);
    if (!owner || !isAbandoned(owner, dataDir)) throw lockedError(dataDir, owner);
    rmSync(lockPath, { recursive: true, force: true });
    release = acquire();
  }
  writeFileSync(ownerPath, JSON.stringify({ pid: process.pid, host: hostname() } satisfies Owner));
  held.add(dataDir);
  return () => {
    held.delete(dataDir);
    rmSync(ownerPath, { force: true });
    try {
      release();
    } catch (error) {
      // Already released: the lock was compromised, and that was reported when it happened.
      if ((error as NodeJS.ErrnoException).code !== 'ERELEASED') throw error;
    }
  };
}
