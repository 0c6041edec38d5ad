// The areas module's public surface for other modules: the one place that says whether an area
// exists, what it is called and what contains it.
import type { Db } from '../../db/client.js';
import { findArea, listAncestors, listAreas, listExistingAreaCodes } from './areas.queries.js';

export { findArea, listAncestors, listAreas, listExistingAreaCodes };
export type { AreaRow } from './areas.queries.js';

export async function areaExists(db: Db, code: string): Promise<boolean> {
  return (await listExistingAreaCodes(db, [code])).has(code);
}
