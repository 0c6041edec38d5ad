import { createHash } from 'node:crypto';
import { z } from 'zod';
import { pointerTo, ProblemError, type ProblemEntry } from '../../http/problem.js';
import { columnOfField, CsvSyntaxError, parseFigureCsv } from './figures.csv.js';
import { sheetMessage, type SheetLayout } from './figures.sheet.js';
import type { BatchIssue } from './figures.validation.js';
import { parseFigureWorkbook } from './figures.xlsx.js';

export type BatchFormat = 'json' | 'csv' | 'xlsx';
/** A batch as read from the body; `layout` says where each figure sat in a CSV or workbook. */
export type ReceivedBatch = { format: BatchFormat; rows: unknown[]; issues: BatchIssue[]; requestHash: string; layout?: SheetLayout };

const Envelope = z.object({ figures: z.array(z.unknown()), organisation: z.unknown().optional() }).strict();

/** Two requests are "the same" for Idempotency-Key when their format and parsed content are. */
const hashRequest = (format: BatchFormat, canonical: string | Buffer) =>
  createHash('sha256').update(`${format}\n`).update(canonical).digest('hex');

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
    const { rows, issues, layout } = parseFigureCsv(text);
    return { format: 'csv', rows, issues, layout, requestHash: hashRequest('csv', text) };
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ProblemError('bad-request', error.message);
    throw error;
  }
}

async function readWorkbook(bytes: Buffer, maxFigures: number): Promise<ReceivedBatch> {
  const { rows, issues, layout } = await parseFigureWorkbook(bytes, maxFigures);
  return { format: 'xlsx', rows, issues, layout, requestHash: hashRequest('xlsx', bytes) };
}

/** The figures of a JSON (parsed), CSV (text) or .xlsx (bytes) body, with the problems found while reading it. */
export async function readBatch(body: unknown, organisationId: string, maxFigures: number): Promise<ReceivedBatch> {
  if (Buffer.isBuffer(body)) return readWorkbook(body, maxFigures);
  return typeof body === 'string' ? readCsv(body) : readJson(body, organisationId);
}

/**
 * JSON: a pointer into the body. CSV and .xlsx: also the figure's number (`row`: header = row 0,
 * first figure = 1) and where the person sees it: `sheetRow`, `column` (its heading), `cell` (B7),
 * a sentence in plain words, and `suggestions` for an activity or area we do not know.
 */
function problemEntry(batch: ReceivedBatch, issue: BatchIssue): ProblemEntry {
  const { format, layout } = batch;
  const field = issue.field === undefined ? [] : [issue.field];
  if (format === 'json') {
    return {
      pointer: issue.index < 0 ? pointerTo('body', ...field) : pointerTo('body', 'figures', issue.index, ...field),
      detail: issue.detail,
    };
  }
  const row = issue.index + 1;
  const entry: ProblemEntry = { pointer: pointerTo('body', row, ...field.map(columnOfField)), row, detail: issue.detail };
  if (!layout) return entry;
  const sheetRow = issue.index < 0 ? layout.headerRow : layout.sheetRows[issue.index]!;
  const column = issue.field === undefined ? undefined : layout.columns.get(issue.field);
  const values = batch.rows[issue.index] as Record<string, unknown> | undefined;
  return {
    ...entry,
    sheetRow,
    ...(column
      ? { column: column.heading, cell: `${column.letter}${sheetRow}` }
      : issue.field === undefined
        ? {}
        : { column: issue.field }),
    message: sheetMessage(issue, layout, values),
    ...(issue.suggestions && issue.suggestions.length > 0 ? { suggestions: issue.suggestions } : {}),
  };
}

export function rejectBatch(batch: ReceivedBatch, issues: BatchIssue[]): ProblemError {
  const badRows = new Set(issues.filter((i) => i.index >= 0).map((i) => i.index)).size;
  const detail = issues.some((i) => i.index < 0)
    ? `The ${{ csv: 'CSV header', xlsx: 'header row', json: 'batch' }[batch.format]} is not valid, so nothing was stored. \`errors\` lists every problem.`
    : `${badRows} of ${batch.rows.length} figures are not valid, so nothing was stored. \`errors\` lists every problem.`;
  const entries = issues.map((i) => problemEntry(batch, i));
  // Two rules can fail on one cell ("Armly" is both too short and not a code): a person needs it said once.
  const said = new Set<string>();
  const errors = entries.filter((e) => e.message === undefined || (!said.has(e.message) && said.add(e.message)));
  return new ProblemError('unprocessable', detail, { errors });
}
