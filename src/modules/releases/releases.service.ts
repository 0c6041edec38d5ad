import type { Db } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  allowLongStatements,
  attachReleaseTables,
  buildClosures,
  buildOrganisationCells,
  createReleaseTables,
  countRelease,
  insertBreakdown,
  insertCells,
  insertRelease,
  nextReleaseId,
  snapshotFigures,
  type ReleaseCounts,
} from './release-build.queries.js';
import { insertDemographics } from './release-demographics.queries.js';
import { describePolicy, type DisclosurePolicy } from '../../domain/disclosure.js';

// Lookups other modules use (statistics read the release they answer from).
export { findRelease, type ReleaseRow } from './releases.queries.js';

export class NothingToPublishError extends Error {
  override name = 'NothingToPublishError';
}

export type PublishedRelease = { id: number; publishedAt: Date; counts: ReleaseCounts; isDemo: boolean };

/**
 * Builds and publishes the next release from the current figures, in one transaction: either
 * the whole release appears, numbered after the last one, or nothing does. All aggregation is
 * set-based SQL over a snapshot; only published values are stored.
 */
export type PublishInput = {
  policy: DisclosurePolicy;
  notes?: string | null;
  /** Who published it, for the audit row written in the same transaction (null: a script). */
  actor?: { apiKeyId: string | null; requestId: string | null };
};

export function publishRelease(db: Db, input: PublishInput): Promise<PublishedRelease> {
  return db.transaction(async (tx) => {
    await allowLongStatements(tx);
    const id = await nextReleaseId(tx);
    await snapshotFigures(tx);
    await buildClosures(tx);
    await buildOrganisationCells(tx);
    await createReleaseTables(tx, id);
    await insertCells(tx, id, input.policy);
    await insertBreakdown(tx, id, input.policy);
    await attachReleaseTables(tx, id);
    await insertDemographics(tx, id, input.policy);
    const { demo, ...counts } = await countRelease(tx, id);
    if (counts.figures === 0) throw new NothingToPublishError('There are no current figures to publish.');
    const { publishedAt } = await insertRelease(tx, {
      id,
      policy: describePolicy(input.policy),
      counts,
      notes: input.notes ?? null,
      isDemo: demo,
    });
    await recordAudit(tx, {
      apiKeyId: input.actor?.apiKeyId ?? null,
      action: 'release.publish',
      detail: { releaseId: id, ...counts },
      requestId: input.actor?.requestId ?? null,
    });
    return { id, publishedAt, counts, isDemo: demo };
  });
}
