import type { Db } from '../../src/db/client.js';
import { describePolicy, DEFAULT_POLICY } from '../../src/domain/disclosure.js';
import {
  allowLongStatements,
  attachReleaseTables,
  buildClosures,
  buildOrganisationCells,
  countRelease,
  createReleaseTables,
  insertBreakdown,
  insertCells,
  insertRelease,
  nextReleaseId,
  releaseTarget,
  snapshotFigures,
} from '../../src/modules/releases/release-build.queries.js';

/**
 * The steps of publishRelease, run up to the release row and then held open (holding the releases
 * lock and the new partitions), so a test can see what waits for a publication in progress.
 */
export async function publishHeldOpen(db: Db): Promise<{ finish: () => Promise<void> }> {
  let finish!: () => void;
  const held = new Promise<void>((resolve) => (finish = resolve));
  let built!: () => void;
  const ready = new Promise<void>((resolve) => (built = resolve));
  const done = db.transaction(async (tx) => {
    await allowLongStatements(tx);
    const id = await nextReleaseId(tx);
    await snapshotFigures(tx);
    await buildClosures(tx);
    await buildOrganisationCells(tx);
    await createReleaseTables(tx, id);
    const target = releaseTarget(id);
    await insertCells(tx, target, DEFAULT_POLICY);
    await insertBreakdown(tx, target, DEFAULT_POLICY);
    await attachReleaseTables(tx, id);
    const { demo, ...counts } = await countRelease(tx, target);
    await insertRelease(tx, { id, policy: describePolicy(DEFAULT_POLICY), counts, notes: null, isDemo: demo });
    built();
    await held;
  });
  await Promise.race([ready, done]);
  return {
    finish: async () => {
      finish();
      await done;
    },
  };
}
