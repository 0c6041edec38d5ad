import { and, asc, count, eq, ilike, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { areas, organisations } from '../../db/schema/index.js';
import { containsPattern } from '../../http/text.js';

/** `releaseId`: the release the `activity` filter reads (the one the caller's ETag names); the latest when undefined. */
export type OrganisationFilter = { q?: string; area?: string; activity?: string; releaseId?: number; namedOnly: boolean };

const home = alias(areas, 'home');

const organisationColumns = {
  id: organisations.id,
  name: organisations.name,
  identifiers: organisations.identifiers,
  named: organisations.named,
  demo: organisations.isDemo,
  homeCode: home.code,
  homeName: home.name,
  homeType: home.type,
};

type OrganisationRow = { [K in keyof typeof organisationColumns]: (typeof organisationColumns)[K]['_']['data'] | null };

export function toOrganisation(row: OrganisationRow) {
  return {
    id: row.id!,
    name: row.name!,
    identifiers: row.identifiers ?? [],
    named: row.named!,
    demo: row.demo!,
    homeArea: row.homeCode ? { code: row.homeCode, name: row.homeName!, type: row.homeType! } : null,
  };
}

/** Areas inside `code` (inclusive), for "based in this area or any area inside it". */
const withinArea = (code: string) => sql`${organisations.homeAreaCode} in (
  with recursive down(code) as (select ${code}::text union all select a.code from areas a join down on a.parent_code = down.code)
  select code from down)`;

/**
 * Is in the given release's breakdown of `id`: a release counts every figure under each ancestor
 * activity, so this covers the activities beneath it too. Published figures only: a figure that no
 * release includes yet (or one withdrawn before the release) must not show through a filter.
 */
const publishedActivity = (id: string, releaseId: number | undefined) => sql`exists (
  select 1 from release_breakdown rb
  where rb.release_id = ${releaseId ?? sql`(select max(id) from releases)`} and rb.organisation_id = ${organisations.id} and rb.activity_id = ${id})`;

function organisationWhere(filter: OrganisationFilter): SQL | undefined {
  return and(
    filter.namedOnly ? eq(organisations.named, true) : undefined,
    filter.q ? ilike(organisations.name, containsPattern(filter.q)) : undefined,
    filter.area ? withinArea(filter.area) : undefined,
    filter.activity ? publishedActivity(filter.activity, filter.releaseId) : undefined,
  );
}

export async function listOrganisations(db: Db, filter: OrganisationFilter, page: { limit: number; offset: number }) {
  const where = organisationWhere(filter);
  const [rows, [total]] = await Promise.all([
    db
      .select(organisationColumns)
      .from(organisations)
      .leftJoin(home, eq(home.code, organisations.homeAreaCode))
      .where(where)
      .orderBy(asc(organisations.name), asc(organisations.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(organisations).where(where),
  ]);
  return { rows: rows.map(toOrganisation), total: total?.n ?? 0 };
}

export async function findOrganisation(db: Db, id: string) {
  const [row] = await db
    .select(organisationColumns)
    .from(organisations)
    .leftJoin(home, eq(home.code, organisations.homeAreaCode))
    .where(eq(organisations.id, id));
  return row ? toOrganisation(row) : undefined;
}

export async function findOrganisationRow(db: Db, id: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function organisationExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id));
  return Boolean(row);
}

export async function insertOrganisation(db: Db, row: typeof organisations.$inferInsert) {
  await db.insert(organisations).values(row);
}

export async function updateOrganisationRow(db: Db, id: string, changes: Partial<typeof organisations.$inferInsert>) {
  await db
    .update(organisations)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(organisations.id, id));
}
