import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { ensureFigureIds, insertAudit, insertRevisions, insertSubmission, type FigureValues } from './figures.queries.js';

export type SubmissionInput = {
  organisationId: string;
  apiKeyId: string | null;
  figures: FigureValues[];
  format: 'json' | 'csv' | 'demo' | 'withdrawal';
  idempotencyKey?: string | null;
  requestHash?: string | null;
  requestId?: string | null;
};

export type SubmissionResult = { submissionId: string; figures: number };

/**
 * Stores one validated batch, all or nothing: the submission, a new revision of every figure in
 * it and the audit row commit together or not at all. Validation happens before this is called.
 */
export function recordSubmission(db: Db, input: SubmissionInput): Promise<SubmissionResult> {
  return db.transaction(async (tx) => {
    const submissionId = randomUUID();
    const result: SubmissionResult = { submissionId, figures: input.figures.length };
    await insertSubmission(tx, {
      id: submissionId,
      organisationId: input.organisationId,
      apiKeyId: input.apiKeyId,
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
    await insertAudit(tx, {
      apiKeyId: input.apiKeyId,
      organisationId: input.organisationId,
      action: input.format === 'withdrawal' ? 'figures.withdraw' : 'figures.submit',
      detail: { submissionId, figures: input.figures.length, withdrawn: input.figures.filter((f) => f.withdrawn).length },
      requestId: input.requestId ?? null,
    });
    return result;
  });
}
