import { createHash } from 'node:crypto';
import { z } from 'zod';
import { pointerTo, ProblemError, type ProblemEntry } from '../../http/problem.js';
import { columnOfField, CsvSyntaxError, parseFigureCsv } from './figures.csv.js';
import type { BatchIssue } from './figures.validation.js';

export type BatchFormat = 'json' | 'csv';
export type ReceivedBatch = { format: BatchFormat; rows: unknown[]; issues: BatchIssue[]; requestHash: string };

const Envelope = z.object({ figures: z.array(z.unknown()), organisation: z.unknown().optional() }).strict();

/** Two requests are "the same" for Idempotency-Key when their format and parsed content are. */
const hashRequest = (format: BatchFormat, canonical: string) => createHash('sha256').update(`${format}\n${canonical}`).digest('hex');

function readJson(body: unknown, organisationId: string): ReceivedBatch {
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) {
    const errors = envelope.error.issues.map((i) => ({ pointer: pointerTo('body', ...i.path.map(String)), detail: i.message }));
    throw new ProblemError('validation', 'The body must be an object `{ "figures": [...] }`.', { errors });
  }
  const { figures, organisation } = envelope.data;
  const issues =
    organisation === undefined || organisation === organisationId
      ? []
      : [{ index: -1, field: 'organisation', detail: `must be ${organisationId}, the organisation in the path, or left out` }];
  return { format: 'json', rows: figures, issues, requestHash: hashRequest('json', JSON.stringify(body)) };
}

function readCsv(text: string): ReceivedBatch {
  try {
    const { rows, issues } = parseFigureCsv(text);
    return { format: 'csv', rows, issues, requestHash: hashRequest('csv', text) };
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ProblemError('bad-request', error.message);
    throw error;
  }
}

/** The figures of a JSON (parsed) or CSV (text) body, with the problems found while reading it. */
export function readBatch(body: unknown, organisationId: string): ReceivedBatch {
  return typeof body === 'string' ? readCsv(body) : readJson(body, organisationId);
}

/** JSON: a pointer into the body. CSV: the row number (header = row 0, first data row = 1) and column. */
function problemEntry(format: BatchFormat, issue: BatchIssue): ProblemEntry {
  const field = issue.field === undefined ? [] : [issue.field];
  if (format === 'json') {
    return {
      pointer: issue.index < 0 ? pointerTo('body', ...field) : pointerTo('body', 'figures', issue.index, ...field),
      detail: issue.detail,
    };
  }
  const row = issue.index + 1;
  return { pointer: pointerTo('body', row, ...field.map(columnOfField)), row, detail: issue.detail };
}

export function rejectBatch(batch: ReceivedBatch, issues: BatchIssue[]): ProblemError {
  const badRows = new Set(issues.filter((i) => i.index >= 0).map((i) => i.index)).size;
  const detail = issues.some((i) => i.index < 0)
    ? `The ${batch.format === 'csv' ? 'CSV header' : 'batch'} is not valid, so nothing was stored. \`errors\` lists every problem.`
    : `${badRows} of ${batch.rows.length} figures are not valid, so nothing was stored. \`errors\` lists every problem.`;
  return new ProblemError('unprocessable', detail, { errors: issues.map((i) => problemEntry(batch.format, i)) });
}
