import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendCsv, wantsCsv, type CsvColumn } from './csv.js';
import { Problem } from './problem.js';

export const MAX_LIMIT = 1000;

export const Format = z.enum(['json', 'csv']).optional().describe('Response format; `csv` is the same as sending `Accept: text/csv`');

export const Pagination = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100).describe(`Rows per page, 1 to ${MAX_LIMIT}`),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('Rows to skip'),
};

export const Page = z
  .object({
    limit: z.number().int().describe('Rows per page as requested'),
    offset: z.number().int().describe('Rows skipped'),
    total: z.number().int().describe('Rows matching the query across all pages'),
  })
  .meta({ id: 'Page' });

export const listOf = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ data: z.array(item).max(MAX_LIMIT), page: Page }).meta({ id });

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });

export const ERROR_DESCRIPTIONS = {
  400: 'The request is not valid; `errors` names each problem',
  401: 'No key or session, or an unknown, revoked or expired one',
  403: 'The key or person may not do this, or a change from a session lacks its CSRF token',
  404: 'Nothing found; `detail` says what',
  406: 'The requested representation is not available',
  409: 'Conflicts with existing data',
  410: 'No longer available: used, expired or withdrawn',
  413: 'The request body is too large',
  415: 'The body is not in a supported media type',
  422: 'The request was understood but rejected; `errors` names each problem',
  429: 'Too many requests; see the Retry-After header',
  500: 'Unexpected error on the server',
  503: 'The database is unavailable; try again shortly',
} as const;
type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** Documented error responses for a route: the ones every route can give plus those named. */
export function problems(...statuses: ErrorStatus[]) {
  const all = new Set<ErrorStatus>([400, 429, 500, 503, ...statuses]);
  return Object.fromEntries([...all].sort().map((s) => [s, problem(ERROR_DESCRIPTIONS[s])])) as Record<
    ErrorStatus,
    ReturnType<typeof problem>
  >;
}

/** A JSON response with its description (the OpenAPI document otherwise says "Default Response"). */
export function ok<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A 200 that answers JSON by default and CSV on request. */
export function jsonOrCsv<T extends z.ZodType>(schema: T, description: string) {
  return {
    description,
    content: {
      'application/json': { schema },
      'text/csv': { schema: z.string().describe('The same rows as CSV with a header row; suppressed cells read `[c]`') },
    },
  };
}

export type PageInfo = { limit: number; offset: number; total: number };
export type CsvFile<T> = { filename: string; columns: CsvColumn<T>[] };

/** The end of every list route: `{ data, page }`, or the same rows as CSV when the client asks. */
export function replyList<T>(request: FastifyRequest, reply: FastifyReply, rows: T[], page: PageInfo, csv: CsvFile<T>) {
  return wantsCsv(request) ? sendCsv(reply, csv.filename, csv.columns, rows) : { data: rows, page };
}

/** The end of an answer route whose `data` rows are its CSV: the answer, or those rows as CSV. */
export function replyAnswer<T, A extends { data: T[] }>(request: FastifyRequest, reply: FastifyReply, answer: A, csv: CsvFile<T>) {
  return wantsCsv(request) ? sendCsv(reply, csv.filename, csv.columns, answer.data) : answer;
}
