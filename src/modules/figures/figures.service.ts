import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/client.js';
import { databaseError, isTransactionConflict, UNIQUE_VIOLATION } from '../../db/errors.js';
import { notFound, ProblemError } from '../../http/problem.js';
import type { Actor } from '../../domain/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { findOrganisation, requireOrganisation } from '../organisations/organisations.service.js';
import { writeTemplate } from './figures.template.js';
import { loadNameLists, resolveNames, suggestNames } from './figures.names.js';
import { readBatch, rejectBatch } from './figures.request.js';
import { checkBatch } from './figures.validation.js';
import {
  ensureFigureIds,
  figureKey,
  listCurrentValues,
  listUsedActivityIds,
  findCurrentFigure,
  findSubmissionByIdempotencyKey,
  insertRevisions,
  insertSubmission,
  listSubmissions as listSubmissionRows,
  lockOrganisationFigures,
  type FigureValues,
} from './figures.queries.js';

export type { FigureValues };

export type SubmissionInput = {
  organisationId: string;
  apiKeyId: string | null;
  /** The signed-in person who sent it, when it came through a session. */
  personId?: string | null;
  figures: FigureValues[];
  format: 'json' | 'csv' | 'xlsx' | 'demo' | 'withdrawal';
  idempotencyKey?: string | null;
  requestHash?: string | null;
  requestId?: string | null;
};

/** What a submission did to the organisation's current figures. */
export type SubmissionChanges = { new: number; revised: number; unchanged: number; withdrawn: number };
export type SubmissionResult = { submissionId: string; figures: number; changes: SubmissionChanges };

const sameCount = (a: number | null | undefined, b: number | null | undefined) => (a ?? null) === (b ?? null);

/** Compares each figure with the current value it replaces (read under the organisation's lock). */
async function countChanges(db: Db, organisationId: string, figures: FigureValues[]): Promise<SubmissionChanges> {
  const current = await listCurrentValues(db, organisationId, figures);
  const changes: SubmissionChanges = { new: 0, revised: 0, unchanged: 0, withdrawn: 0 };
  for (const f of figures) {
    const before = current.get(figureKey(f));
    if (f.withdrawn) changes.withdrawn += 1;
    else if (!before) changes.new += 1;
    else if (
      sameCount(before.participants, f.participants) &&
      sameCount(before.attendances, f.attendances) &&
      sameCount(before.sessions, f.sessions) &&
      sameCount(before.volunteers, f.volunteers)
    )
      changes.unchanged += 1;
    else changes.revised += 1;
  }
  return changes;
}

// Batches of one organisation queue on a lock, so the database should never have to abort one;
// the attempts are for what that lock cannot rule out (a deadlock with some other writer, a
// serializable default isolation), and the pause spreads out writers that collided.
const CONFLICT_ATTEMPTS = 4;
const CONFLICT_PAUSE_MS = 50;

/**
 * Stores one validated batch, all or nothing: the submission, a new revision of every figure in
 * it and the audit row commit together or not at all. Validation happens before this is called.
 * When the database aborts it in favour of a concurrent transaction it runs again; when that keeps
 * happening it answers a 409 problem, having stored nothing.
 */
export async function recordSubmission(db: Db, input: SubmissionInput): Promise<SubmissionResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await storeSubmission(db, input);
    } catch (error) {
      if (!isTransactionConflict(error)) throw error;
      if (attempt === CONFLICT_ATTEMPTS) {
        throw new ProblemError(
          'conflict',
          `Other batches for organisation ${input.organisationId} were being stored at the same time, so this one was not stored. Send it again.`,
          {},
          { 'retry-after': '1' },
        );
      }
      await sleep(CONFLICT_PAUSE_MS * attempt * (0.5 + Math.random()));
    }
  }
}

function storeSubmission(db: Db, input: SubmissionInput): Promise<SubmissionResult> {
  return db.transaction(async (tx) => {
    await lockOrganisationFigures(tx, input.organisationId);
    const submissionId = randomUUID();
    const changes = await countChanges(tx, input.organisationId, input.figures);
    const result: SubmissionResult = { submissionId, figures: input.figures.length, changes };
    await insertSubmission(tx, {
      id: submissionId,
      organisationId: input.organisationId,
      apiKeyId: input.apiKeyId,
      personId: input.personId ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      requestHash: input.requestHash ?? null,
      responseStatus: 201,
      responseBody: result,
      figureCount: input.figures.length,
      format: input.format,
      requestId: input.requestId ?? null,
    });
    const figureIds = await ensureFigureIds(tx, input.organisationId, input.figures);
    await insertRevisions(tx, submissionId, figureIds, input.figures);
    await recordAudit(tx, {
      apiKeyId: input.apiKeyId,
      personId: input.personId ?? null,
      organisationId: input.organisationId,
      action: input.format === 'withdrawal' ? 'figures.withdraw' : 'figures.submit',
      detail: { submissionId, figures: input.figures.length, withdrawn: input.figures.filter((f) => f.withdrawn).length },
      requestId: input.requestId ?? null,
    });
    return result;
  });
}

export type StoredAnswer = { status: number; body: SubmissionResult; replayed: boolean };

/**
 * The first answer given for an Idempotency-Key of this organisation, or undefined when the key
 * is new. The same key with a different request is refused rather than silently replayed.
 */
export async function findReplay(
  db: Db,
  organisationId: string,
  idempotencyKey: string,
  requestHash: string,
): Promise<StoredAnswer | undefined> {
  const earlier = await findSubmissionByIdempotencyKey(db, organisationId, idempotencyKey);
  if (!earlier) return undefined;
  if (earlier.requestHash !== requestHash) {
    throw new ProblemError(
      'idempotency-key-reused',
      `The Idempotency-Key ${idempotencyKey} was first used with a different request. Use a new key for a new batch.`,
    );
  }
  return { status: earlier.responseStatus ?? 201, body: earlier.responseBody as SubmissionResult, replayed: true };
}

/**
 * Stores a batch. When a concurrent request with the same Idempotency-Key commits first, the
 * unique (organisation, key) constraint fails this one, which then answers as that one did.
 */
export async function submitFigures(db: Db, input: SubmissionInput & { requestHash: string }): Promise<StoredAnswer> {
  try {
    return { status: 201, body: await recordSubmission(db, input), replayed: false };
  } catch (error) {
    if (!input.idempotencyKey || databaseError(error)?.code !== UNIQUE_VIOLATION) throw error;
    const replay = await findReplay(db, input.organisationId, input.idempotencyKey, input.requestHash);
    if (!replay) throw error;
    return replay;
  }
}

/** Records a withdrawal of one current figure; undefined when the organisation has no such current figure. */
export async function withdrawFigure(
  db: Db,
  organisationId: string,
  figureId: string,
  actor: Actor,
): Promise<SubmissionResult | undefined> {
  const figure = await findCurrentFigure(db, organisationId, figureId);
  if (!figure) return undefined;
  return recordSubmission(db, {
    organisationId,
    apiKeyId: actor.apiKeyId,
    personId: actor.personId ?? null,
    requestId: actor.requestId,
    format: 'withdrawal',
    figures: [{ activity: figure.activityId, area: figure.areaCode, period: figure.period, participants: null, withdrawn: true }],
  });
}

export type BatchRequest = { organisationId: string; body: unknown; idempotencyKey?: string; actor: Actor; maxFigures: number };

/**
 * The whole submission use case, start to end: the organisation must exist, the body is read
 * (JSON or CSV), a reused Idempotency-Key replays its first answer, every row is checked (all
 * problems reported together, nothing stored), then the batch is stored as one submission.
 */
export async function receiveBatch(db: Db, request: BatchRequest): Promise<StoredAnswer> {
  const { organisationId, idempotencyKey, actor } = request;
  await requireOrganisation(db, organisationId);
  const batch = await readBatch(request.body, organisationId, request.maxFigures);
  if (batch.rows.length > request.maxFigures) {
    throw new ProblemError(
      'payload-too-large',
      `The batch has ${batch.rows.length} figures; at most ${request.maxFigures} are accepted at once. Split it into several batches.`,
    );
  }
  const replay = idempotencyKey ? await findReplay(db, organisationId, idempotencyKey, batch.requestHash) : undefined;
  if (replay) return replay;
  const names = batch.layout ? await loadNameLists(db, organisationId) : undefined;
  if (names) resolveNames(batch.rows, names);
  const { figures, issues } = await checkBatch(db, organisationId, batch.rows);
  if (names) suggestNames(issues, batch.rows, names);
  if (batch.rows.length === 0 && batch.issues.length === 0) issues.push({ index: -1, detail: 'has no figures' });
  if (batch.issues.length + issues.length > 0) throw rejectBatch(batch, [...batch.issues, ...issues]);
  return submitFigures(db, {
    organisationId,
    apiKeyId: actor.apiKeyId,
    personId: actor.personId ?? null,
    requestId: actor.requestId,
    figures,
    format: batch.format,
    idempotencyKey: idempotencyKey ?? null,
    requestHash: batch.requestHash,
  });
}

/** Who sent what and when, newest first: the history's "who" for each revision's `submissionId`. */
export async function listSubmissions(db: Db, organisationId: string, page: { limit: number; offset: number }) {
  await requireOrganisation(db, organisationId);
  const { rows, total } = await listSubmissionRows(db, organisationId, page);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      recordedAt: r.createdAt.toISOString(),
      format: r.format,
      figures: r.figureCount,
      by: r.personId
        ? { kind: 'person' as const, name: r.personName, keyId: null }
        : r.keyId
          ? { kind: 'key' as const, name: r.keyLabel, keyId: r.keyId }
          : { kind: 'system' as const, name: null, keyId: null },
    })),
    total,
  };
}

/**
 * The organisation's .xlsx upload template. Its activity list is the group's own (most reported
 * first) or, for a group with no figures yet, the top-level terms of the Activity List.
 */
export async function buildTemplate(db: Db, organisationId: string, maxFigures: number, today = new Date()): Promise<Buffer> {
  const organisation = await findOrganisation(db, organisationId);
  if (!organisation) throw notFound(`There is no organisation with id ${organisationId}.`);
  const [names, used] = await Promise.all([loadNameLists(db, organisationId), listUsedActivityIds(db, organisationId)]);
  const byId = new Map(names.activities.map((a) => [a.id, a]));
  const usualActivities =
    used.length > 0 ? used.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])) : names.activities.filter((a) => a.topLevel);
  return writeTemplate({ organisation, names, usualActivities, today, maxFigures });
}
