import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { organisations } from '../../db/schema/index.js';

export type DemoFigureRow = { organisation_id: string; activity_id: string; area_code: string; period: string };

/** Every current figure of a demonstration organisation. */
export function listDemoFigures(db: Db) {
  return queryRows<DemoFigureRow>(
    db,
    sql`select cf.organisation_id, cf.activity_id, cf.area_code, cf.period
    from current_figures cf join organisations o on o.id = cf.organisation_id
    where o.is_demo order by cf.organisation_id, cf.period, cf.area_code, cf.activity_id`,
  );
}

/** Demonstration organisations stop being named, so no public list shows them once their figures are gone. */
export async function unnameDemoOrganisations(db: Db): Promise<number> {
  const rows = await db
    .update(organisations)
    .set({ named: false, updatedAt: sql`now()` })
    .where(eq(organisations.isDemo, true))
    .returning({ id: organisations.id });
  return rows.length;
}
