import { z } from 'zod';

/** The one catalogue of problem types: slug → status and a title that never varies. */
export const PROBLEM_TYPES = {
  'bad-request': { status: 400, title: 'Bad request' },
  validation: { status: 400, title: 'Your request is not valid' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'no-figures': { status: 404, title: 'No figures for this combination' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  'request-timeout': { status: 408, title: 'Request not received in time' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'No longer available' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'uri-too-long': { status: 414, title: 'URI too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'The submission was rejected' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency key reused with a different request' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'request-header-fields-too-large': { status: 431, title: 'Request headers too large' },
  internal: { status: 500, title: 'Internal server error' },
  'service-unavailable': { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const problemTypeUri = (type: ProblemType) => `/problems/${type}`;

export const ProblemDetailEntry = z
  .object({
    pointer: z
      .string()
      .max(500)
      .describe('JSON pointer (RFC 6901) to the offending input, e.g. `/query/limit` or `/body/figures/3/period`'),
    detail: z.string().max(2000).describe('What is wrong with that input'),
    row: z.number().int().optional().describe('For CSV and .xlsx uploads: the 1-based figure number (the header is row 0)'),
    sheetRow: z
      .number()
      .int()
      .optional()
      .describe(
        'For CSV and .xlsx uploads: the row number a spreadsheet program shows (the header row is counted, from 1; empty rows too)',
      ),
    column: z.string().max(200).optional().describe("For CSV and .xlsx uploads: the column's heading as the file gives it"),
    cell: z.string().max(20).optional().describe('For CSV and .xlsx uploads: the cell reference a spreadsheet program shows, e.g. `B7`'),
    message: z
      .string()
      .max(2000)
      .optional()
      .describe(
        "For CSV and .xlsx uploads: the problem in plain words, e.g. \"Row 7, Activity: 'balet' is not an activity we know. Did you mean 'ballet'?\"",
      ),
    suggestions: z
      .array(z.string().max(200))
      .max(10)
      .optional()
      .describe(
        'For an unknown activity or area in a CSV or .xlsx upload: the nearest known ones, any of which the upload accepts as typed',
      ),
  })
  .meta({ id: 'ProblemDetailEntry' });

export const Problem = z
  .object({
    type: z.string().max(200).describe('URI reference identifying the problem type; resolvable under this API'),
    title: z.string().max(200).describe('Short summary, constant for the type'),
    status: z.number().int().min(400).max(599).describe('The HTTP status code'),
    detail: z.string().max(5000).describe('What went wrong in this occurrence'),
    instance: z.string().max(2000).optional().describe('The request path'),
    requestId: z.string().max(200).optional().describe('Quote this when reporting a problem'),
    errors: z.array(ProblemDetailEntry).max(10_000).optional().describe('One entry per invalid input'),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof Problem>;

export type ProblemEntry = z.infer<typeof ProblemDetailEntry>;

/** A JSON pointer (RFC 6901) to an input, from its path: `pointerTo('body', 'figures', 3)` is `/body/figures/3`. */
export const pointerTo = (...segments: readonly (string | number)[]) =>
  segments.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** Throw anywhere in a handler; the problems plugin renders it as application/problem+json. */
export class ProblemError extends Error {
  readonly status: number;
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.status = PROBLEM_TYPES[type].status;
  }
}

export const notFound = (detail: string) => new ProblemError('not-found', detail);

export const requestTimedOut = (timeoutMs: number) =>
  new ProblemError('request-timeout', `The request was not received within ${timeoutMs} ms.`);
