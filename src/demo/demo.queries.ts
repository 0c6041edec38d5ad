import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { areas, organisations } from '../db/schema/index.js';

export const DEMO_CITY = 'E08000035'; // Leeds: every ward gets groups
export const DEMO_DISTRICTS = ['E08000035', 'E08000032', 'E08000036', 'E06000014']; // Leeds, Bradford, Wakefield, York

export function listWards(db: Db, district: string) {
  return db.select({ code: areas.code, name: areas.name }).from(areas).where(eq(areas.parentCode, district)).orderBy(asc(areas.code));
}

export function listDistricts(db: Db, codes: string[]) {
  return db.select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.code, codes)).orderBy(asc(areas.code));
}

export async function countDemoOrganisations(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(organisations).where(eq(organisations.isDemo, true));
  return row?.n ?? 0;
}

/** True when nothing has been reported or published yet: the only time demo data loads itself. */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ empty: boolean }>(
    db,
    sql`select not exists (select 1 from figures) and not exists (select 1 from releases) as empty`,
  );
  return row!.empty;
}

export async function insertDemoOrganisations(db: Db, rows: { id: string; name: string; named: boolean; homeAreaCode: string }[]) {
  await db.insert(organisations).values(rows.map((r) => ({ ...r, isDemo: true })));
}
