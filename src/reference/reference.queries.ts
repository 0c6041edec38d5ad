import { and, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { activities, activityParents, areaPopulations, areas, benchmarks, referenceLoads } from '../db/schema/index.js';
import type { ActivityRow, AreaRow, BenchmarkRow, PopulationRow } from './reference.files.js';

const BATCH = 1000;

function chunks<T>(rows: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** `set` and `where` for an upsert that rewrites a row only when a value really changed. */
function changedColumns(columns: PgColumn[]): { set: Record<string, SQL>; setWhere: SQL } {
  const set = Object.fromEntries(columns.map((c) => [c.name, sql.raw(`excluded."${c.name}"`)]));
  const current = sql.join(columns.map((c) => sql`${c}`), sql`, `);
  const incoming = sql.raw(columns.map((c) => `excluded."${c.name}"`).join(', '));
  return { set, setWhere: sql`(${current}) is distinct from (${incoming})` };
}

async function upsert<T extends Record<string, unknown>>(
  db: Db, table: PgTable, target: PgColumn | PgColumn[], columns: PgColumn[], rows: T[],
): Promise<number> {
  let changed = 0;
  const { set, setWhere } = changedColumns(columns);
  for (const batch of chunks(rows)) {
    const written = await db
      .insert(table)
      .values(batch as never)
      .onConflictDoUpdate({ target, set, setWhere })
      .returning({ one: sql<number>`1` });
    changed += written.length;
  }
  return changed;
}

export function upsertAreas(db: Db, rows: AreaRow[]): Promise<number> {
  return upsert(db, areas, areas.code, [areas.name, areas.nameWelsh, areas.type, areas.parentCode, areas.vintage], rows);
}

export function upsertPopulations(db: Db, rows: PopulationRow[]): Promise<number> {
  const p = areaPopulations;
  return upsert(db, p, [p.areaCode, p.year], [p.total, p.age0to15, p.age16to64, p.age65plus, p.source], rows);
}

export function upsertBenchmarks(db: Db, rows: BenchmarkRow[]): Promise<number> {
  const b = benchmarks;
  return upsert(db, b, [b.areaCode, b.source, b.indicatorId, b.period], [b.indicator, b.value, b.unit, b.lowerCi, b.upperCi, b.comparedToEngland], rows);
}

export async function upsertActivities(db: Db, rows: ActivityRow[]): Promise<number> {
  const a = activities;
  const values = rows.map(({ parents: _parents, ...row }) => row);
  return upsert(db, a, a.id, [a.label, a.definition, a.uri, a.openactiveId, a.altLabels, a.source], values);
}

/** Makes the parent links of the given activities exactly those listed; returns links added or removed. */
export async function syncActivityParents(db: Db, rows: ActivityRow[]): Promise<number> {
  const links = rows.flatMap((r) => r.parents.map((parentId) => ({ activityId: r.id, parentId })));
  let changed = 0;
  for (const batch of chunks(links)) {
    const added = await db.insert(activityParents).values(batch).onConflictDoNothing().returning({ one: sql<number>`1` });
    changed += added.length;
  }
  const wanted = links.map((l) => `${l.activityId}>${l.parentId}`);
  const removed = await db
    .delete(activityParents)
    .where(
      and(
        inArray(activityParents.activityId, rows.map((r) => r.id)),
        wanted.length
          ? notInArray(sql`${activityParents.activityId} || '>' || ${activityParents.parentId}`, wanted)
          : undefined,
      ),
    )
    .returning({ one: sql<number>`1` });
  return changed + removed.length;
}

export async function findReferenceChecksum(db: Db, dataset: string): Promise<string | undefined> {
  const [row] = await db.select({ checksum: referenceLoads.checksum }).from(referenceLoads).where(eq(referenceLoads.dataset, dataset));
  return row?.checksum;
}

export async function recordReferenceLoad(db: Db, dataset: string, checksum: string, rows: number): Promise<void> {
  await db
    .insert(referenceLoads)
    .values({ dataset, checksum, rows })
    .onConflictDoUpdate({ target: referenceLoads.dataset, set: { checksum, rows, loadedAt: sql`now()` } });
}
