import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function hashTree(hash: ReturnType<typeof createHash>, dir: string) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashTree(hash, path);
    else hash.update(name).update(readFileSync(path));
  }
}

/** Changes whenever a migration, the reference data or its loader changes, so stale snapshots are never used. */
export function snapshotKey(): string {
  const hash = createHash('sha256');
  for (const dir of ['drizzle', 'reference', 'src/reference', 'src/db', 'src/startup']) hashTree(hash, join(ROOT, dir));
  return hash.digest('hex').slice(0, 16);
}

export const SNAPSHOT_DIR = join(ROOT, '.cache', 'test-db');
export const pgliteSnapshotPath = (key = snapshotKey()) => join(SNAPSHOT_DIR, `pglite-${key}.tar.gz`);
export const postgresTemplateName = (key = snapshotKey()) => `participation_template_${key}`;

/** The PostgreSQL server the suite also runs against, when one is configured. */
export function postgresServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
