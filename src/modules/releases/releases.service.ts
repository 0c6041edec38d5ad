import type { Actor } from '../../domain/actor.js';
import type { Db } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  allowLongStatements,
  attachReleaseTables,
  buildClosures,
  buildOrganisationCells,
  createReleaseTables,
  countRelease,
  createPreviewTables,
  insertBreakdown,
  insertCells,
  insertRelease,
  nextReleaseId,
  releaseTarget,
  snapshotFigures,
  type BuildScope,
  type BuildTarget,
  type ReleaseCounts,
} from './release-build.queries.js';
import {
  collectCellChanges,
  countBreakdownRows,
  listCellChanges,
  listNamingChanges,
  listOwnCells,
  type CellChangeRow,
  type NamingChangeRow,
  type OwnCellRow,
} from './release-preview.queries.js';
import { findRelease as findReleaseRow } from './releases.queries.js';
import { insertDemographics } from './release-demographics.queries.js';
import { describePolicy, type DisclosurePolicy } from '../../domain/disclosure.js';
import { listReleases } from './releases.queries.js';

// Lookups other modules use (statistics read the release they answer from).
export { findRelease, listPublishedRows, type PublishedRow, type ReleaseRow } from './releases.queries.js';

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
  actor?: Actor;
};

export function publishRelease(db: Db, input: PublishInput): Promise<PublishedRelease> {
  return db.transaction(async (tx) => {
    await allowLongStatements(tx);
    const id = await nextReleaseId(tx);
    await snapshotFigures(tx);
    await buildClosures(tx);
    await buildOrganisationCells(tx);
    await createReleaseTables(tx, id);
    const target = releaseTarget(id);
    await insertCells(tx, target, input.policy);
    await insertBreakdown(tx, target, input.policy);
    await attachReleaseTables(tx, id);
    await insertDemographics(tx, id, input.policy);
    const { demo, ...counts } = await countRelease(tx, target);
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
      personId: input.actor?.personId ?? null,
      action: 'release.publish',
      detail: { releaseId: id, ...counts },
      requestId: input.actor?.requestId ?? null,
    });
    return { id, publishedAt, counts, isDemo: demo };
  });
}

/** Carries a preview's answer out of its transaction, which is then rolled back. */
class PreviewFinished<T> extends Error {
  constructor(readonly answer: T) {
    super('preview finished');
  }
}

/**
 * Runs the release build exactly as publishRelease does, into temporary tables, reads what `read`
 * asks of it, and rolls everything back: nothing is left behind, whatever happens. It takes no
 * lock on releases (a publication in progress does not hold it up, nor it a publication), and
 * temporary tables belong to its own connection, so previews run side by side.
 */
async function withPreviewBuild<T>(
  db: Db,
  policy: DisclosurePolicy,
  scope: BuildScope,
  read: (tx: Db, target: BuildTarget) => Promise<T>,
): Promise<T> {
  try {
    // One snapshot for every statement: the figures, the latest release and the next id are read
    // as of the same moment, so a publication committing meanwhile is seen whole or not at all.
    await db.transaction(
      async (tx) => {
        await allowLongStatements(tx);
        await snapshotFigures(tx, scope);
        await buildClosures(tx);
        await buildOrganisationCells(tx, scope);
        const target = await createPreviewTables(tx);
        await insertCells(tx, target, policy);
        await insertBreakdown(tx, target, policy);
        throw new PreviewFinished(await read(tx, target));
      },
      { isolationLevel: 'repeatable read' },
    );
  } catch (error) {
    if (error instanceof PreviewFinished) return error.answer as T;
    throw error;
  }
  throw new Error('unreachable: a preview build always ends by rolling back');
}

export type PreviewCounts = { figures: number; cells: number; breakdownRows: number; organisations: number };

export type ReleasePreview = {
  latest: { id: number; publishedAt: Date } | null;
  next: { id: number; demo: boolean };
  counts: { before: PreviewCounts | null; after: PreviewCounts };
  naming: NamingChangeRow[];
  changes: CellChangeRow[];
  total: number;
};

/**
 * What publishing now would change against the latest release: the cells whose published values
 * differ (a page of them, or all when page is undefined), organisations named for the first time
 * or no longer, and the counts before and after.
 */
export async function previewRelease(db: Db, policy: DisclosurePolicy, page?: { limit: number; offset: number }): Promise<ReleasePreview> {
  return withPreviewBuild(db, policy, {}, async (tx, target) => {
    const latest = await findReleaseRow(tx);
    const latestId = latest?.id ?? null;
    const { demo, ...after } = await countRelease(tx, target);
    const total = await collectCellChanges(tx, target, latestId);
    const breakdownRows = await countBreakdownRows(tx, target, latestId);
    const before = latest?.counts as ReleaseCounts | undefined;
    return {
      latest: latest ? { id: latest.id, publishedAt: latest.publishedAt } : null,
      next: { id: target.releaseId, demo },
      counts: {
        before: before
          ? { figures: before.figures, cells: before.cells, organisations: before.organisations, breakdownRows: breakdownRows.before }
          : null,
        after: { figures: after.figures, cells: after.cells, organisations: after.organisations, breakdownRows: breakdownRows.after },
      },
      naming: await listNamingChanges(tx, target, latestId),
      changes: await listCellChanges(tx, page),
      total,
    };
  });
}

/** Each cell one organisation contributes to, as the next release would publish it; built for those cells only. */
export function previewOrganisation(
  db: Db,
  policy: DisclosurePolicy,
  organisationId: string,
): Promise<{ nextId: number; cells: OwnCellRow[] }> {
  return withPreviewBuild(db, policy, { organisationId }, async (tx, target) => ({
    nextId: target.releaseId,
    cells: await listOwnCells(tx, target, organisationId),
  }));
}

/** Every release, newest first, for the catalogue (releases number in the tens or hundreds, never more). */
export async function listAllReleases(db: Db) {
  return (await listReleases(db, { limit: 100_000, offset: 0 })).rows;
}
