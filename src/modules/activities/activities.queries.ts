import { and, asc, count, eq, exists, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { preparedRows, type Db } from '../../db/client.js';
import { activities, activityParents, type ACTIVITY_SOURCES } from '../../db/schema/index.js';
import { containsPattern } from '../../http/text.js';

export type ActivityFilter = { q?: string; parent?: string };

const activityColumns = {
  id: activities.id,
  label: activities.label,
  definition: activities.definition,
  uri: activities.uri,
  source: activities.source,
};

function activityWhere(filter: ActivityFilter): SQL | undefined {
  const pattern = filter.q ? containsPattern(filter.q) : undefined;
  return and(
    pattern
      ? or(
          ilike(activities.label, pattern),
          ilike(activities.id, pattern),
          sql`exists (select 1 from unnest(${activities.altLabels}) as alt(label) where alt.label ilike ${pattern})`,
        )
      : undefined,
    filter.parent
      ? exists(
          sql`(select 1 from ${activityParents} where ${activityParents.activityId} = ${activities.id} and ${activityParents.parentId} = ${filter.parent})`,
        )
      : undefined,
  );
}

async function withParents<T extends { id: string }>(db: Db, rows: T[]): Promise<(T & { parents: string[] })[]> {
  if (rows.length === 0) return [];
  const links = await db
    .select({ activityId: activityParents.activityId, parentId: activityParents.parentId })
    .from(activityParents)
    .where(
      inArray(
        activityParents.activityId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(activityParents.parentId));
  const parents = new Map<string, string[]>();
  for (const link of links) parents.set(link.activityId, [...(parents.get(link.activityId) ?? []), link.parentId]);
  return rows.map((r) => ({ ...r, parents: parents.get(r.id) ?? [] }));
}

export async function listActivities(db: Db, filter: ActivityFilter, page: { limit: number; offset: number }) {
  const where = activityWhere(filter);
  const [rows, [total]] = await Promise.all([
    db.select(activityColumns).from(activities).where(where).orderBy(asc(activities.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(activities).where(where),
  ]);
  return { rows: await withParents(db, rows), total: total?.n ?? 0 };
}

type ActivityRow = { id: string; label: string; definition: string | null; uri: string | null; source: (typeof ACTIVITY_SOURCES)[number] };

/** One activity's own row, without its links: a prepared statement, as statistics look one up on every uncached request. */
export async function findActivityRow(db: Db, id: string): Promise<ActivityRow | undefined> {
  const [row] = await preparedRows<ActivityRow>(db, sql`select id, label, definition, uri, source from activities where id = ${id}`);
  return row;
}

/** One activity with its parents and children. */
export async function findActivity(db: Db, id: string) {
  const row = await findActivityRow(db, id);
  if (!row) return undefined;
  const [[withLinks], children] = await Promise.all([
    withParents(db, [row]),
    db
      .select({ id: activityParents.activityId })
      .from(activityParents)
      .where(eq(activityParents.parentId, id))
      .orderBy(asc(activityParents.activityId)),
  ]);
  return { ...withLinks!, children: children.map((c) => c.id) };
}

/** Which of `ids` are activities (ids passed as JSON so any number of them is one parameter). */
export async function listExistingActivityIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: activities.id })
    .from(activities)
    .where(sql`${activities.id} = any(array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)))`);
  return new Set(rows.map((r) => r.id));
}

export async function insertLocalActivity(db: Db, row: { id: string; label: string; definition: string | null; parents: string[] }) {
  await db.insert(activities).values({ id: row.id, label: row.label, definition: row.definition, source: 'local' });
  if (row.parents.length > 0) await db.insert(activityParents).values(row.parents.map((parentId) => ({ activityId: row.id, parentId })));
}

export type ActivityName = { id: string; label: string; topLevel: boolean };

/** Every activity's id and label, and whether it has no parent: the names a spreadsheet may use (about a thousand rows). */
export function listActivityNames(db: Db): Promise<ActivityName[]> {
  return db
    .select({
      id: activities.id,
      label: activities.label,
      topLevel: sql<boolean>`not exists (select 1 from ${activityParents} where ${activityParents.activityId} = ${activities.id})`,
    })
    .from(activities)
    .orderBy(asc(activities.label), asc(activities.id));
}
