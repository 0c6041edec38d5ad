import { and, asc, count, desc, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import { preparedRows, type Db } from '../../db/client.js';
import { areaPopulations, areas, type AreaType } from '../../db/schema/index.js';
import { containsPattern } from '../../http/text.js';

export type AreaFilter = { type?: AreaType; parent?: string; q?: string };
export type PageRequest = { limit: number; offset: number };

/** Text that can only be the start of a GSS code, so it is safe as a LIKE prefix. */
const CODE_PREFIX = /^[A-Za-z][0-9]{1,8}$/;

const areaColumns = {
  code: areas.code,
  name: areas.name,
  nameWelsh: areas.nameWelsh,
  type: areas.type,
  parentCode: areas.parentCode,
  vintage: areas.vintage,
};

function areaWhere(filter: AreaFilter): SQL | undefined {
  return and(
    filter.type ? eq(areas.type, filter.type) : undefined,
    filter.parent ? eq(areas.parentCode, filter.parent) : undefined,
    filter.q
      ? or(
          ilike(areas.name, containsPattern(filter.q)),
          ilike(areas.nameWelsh, containsPattern(filter.q)),
          CODE_PREFIX.test(filter.q) ? like(areas.code, `${filter.q.toUpperCase()}%`) : undefined,
        )
      : undefined,
  );
}

export async function listAreas(db: Db, filter: AreaFilter, page: PageRequest) {
  const where = areaWhere(filter);
  const [rows, [total]] = await Promise.all([
    db.select(areaColumns).from(areas).where(where).orderBy(asc(areas.code)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(areas).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export type AreaRow = { code: string; name: string; nameWelsh: string | null; type: AreaType; parentCode: string | null; vintage: string };

/** One area by code: a prepared statement, as statistics look one up on every uncached request. */
export async function findArea(db: Db, code: string): Promise<AreaRow | undefined> {
  const [row] = await preparedRows<AreaRow>(
    db,
    sql`select code, name, name_welsh as "nameWelsh", type,
    parent_code as "parentCode", vintage from areas where code = ${code}`,
  );
  return row;
}

/** Containing areas, nearest first. */
export function listAncestors(db: Db, code: string) {
  return preparedRows<{ code: string; name: string; type: AreaType }>(
    db,
    // Names travel up with the codes: joining back to areas afterwards cost a scan of every area.
    sql`with recursive up(code, name, type, parent_code, depth) as (
          select code, name, type, parent_code, 0 from areas where code = ${code}
          union all
          select a.code, a.name, a.type, a.parent_code, up.depth + 1 from areas a join up on a.code = up.parent_code
        )
        select code, name, type from up where depth > 0 order by depth`,
  );
}

export async function findLatestPopulation(db: Db, code: string) {
  const [row] = await db
    .select({
      year: areaPopulations.year,
      total: areaPopulations.total,
      age0to15: areaPopulations.age0to15,
      age16to64: areaPopulations.age16to64,
      age65plus: areaPopulations.age65plus,
      source: areaPopulations.source,
    })
    .from(areaPopulations)
    .where(eq(areaPopulations.areaCode, code))
    .orderBy(desc(areaPopulations.year))
    .limit(1);
  return row;
}

/** Which of `codes` are areas (codes passed as JSON so any number of them is one parameter). */
export async function listExistingAreaCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: areas.code })
    .from(areas)
    .where(sql`${areas.code} = any(array(select jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb)))`);
  return new Set(rows.map((r) => r.code));
}
