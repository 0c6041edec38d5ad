import { desc } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { referenceLoads } from '../../db/schema/index.js';

export async function findReferenceLoad(db: Db) {
  const [row] = await db.select().from(referenceLoads).orderBy(desc(referenceLoads.loadedAt)).limit(1);
  return row;
}
