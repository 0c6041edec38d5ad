import type { Db } from '../db/client.js';
import { readReferenceData, referenceChecksum } from './reference.files.js';
import {
  findReferenceChecksum, recordReferenceLoad, syncActivityParents, upsertActivities, upsertAreas, upsertBenchmarks, upsertPopulations,
} from './reference.queries.js';

const DATASET = 'reference';

export type ReferenceLoadResult = {
  skipped: boolean;
  checksum: string;
  changed: { areas: number; populations: number; activities: number; activityParents: number; benchmarks: number };
};

/**
 * Loads the shipped reference data in one transaction. Idempotent: rows are rewritten only when a
 * value differs, and a load whose files match the last recorded checksum is skipped unless forced.
 */
export async function loadReferenceData(db: Db, options: { force?: boolean } = {}): Promise<ReferenceLoadResult> {
  // Parsing the files takes most of a second; on an unchanged database only their checksum is needed.
  const checksum = referenceChecksum();
  const none = { areas: 0, populations: 0, activities: 0, activityParents: 0, benchmarks: 0 };
  if (!options.force && (await findReferenceChecksum(db, DATASET)) === checksum) {
    return { skipped: true, checksum, changed: none };
  }
  const data = readReferenceData();
  return db.transaction(async (tx) => {
    const changed = {
      areas: await upsertAreas(tx, data.areas),
      populations: await upsertPopulations(tx, data.populations),
      activities: await upsertActivities(tx, data.activities),
      activityParents: await syncActivityParents(tx, data.activities),
      benchmarks: await upsertBenchmarks(tx, data.benchmarks),
    };
    const rows = data.areas.length + data.populations.length + data.activities.length + data.benchmarks.length;
    await recordReferenceLoad(tx, DATASET, data.checksum, rows);
    return { skipped: false, checksum: data.checksum, changed };
  });
}
