import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';

export type CsvColumn<T> = { header: string; value: (row: T) => string | number | boolean | null | undefined };

const OFFERS = ['application/json', 'text/csv'];
// Clients send a handful of distinct Accept headers again and again, and this runs twice a request
// (for the ETag, then for the answer): each header is negotiated once, as a remembered answer costs
// a tenth of negotiating or less. Bounded by count and by the bytes of the headers kept.
const negotiated = new LRUCache<string, boolean>({ max: 1000, maxSize: 256 * 1024, sizeCalculation: (_, accept) => accept.length });

/**
 * `?format=` wins; otherwise CSV when `Accept` prefers text/csv to JSON, by q-value and then by
 * order. A header that does not name text/csv asks for JSON whatever else it says, so most
 * requests never negotiate.
 */
export function wantsCsv(request: FastifyRequest): boolean {
  const format = (request.query as { format?: string } | undefined)?.format;
  if (format) return format === 'csv';
  const accept = request.headers.accept;
  if (accept === undefined || !accept.includes('text/csv')) return false;
  let csv = negotiated.get(accept);
  if (csv === undefined) {
    csv = new Negotiator({ headers: { accept } }).mediaType(OFFERS) === 'text/csv';
    negotiated.set(accept, csv);
  }
  return csv;
}

/**
 * Spreadsheet-safe CSV: a byte-order mark so Excel reads UTF-8 names correctly, RFC 4180
 * quoting, and text that a spreadsheet would run as a formula prefixed with an apostrophe.
 */
export function toCsv<T>(columns: CsvColumn<T>[], rows: readonly T[]): string {
  const records = rows.map((row) =>
    columns.map((c) => {
      const value = c.value(row);
      return value === null || value === undefined ? '' : value;
    }),
  );
  return stringify(records, {
    header: true,
    columns: columns.map((c) => c.header),
    bom: true,
    escape_formulas: true,
    record_delimiter: '\r\n',
  });
}

export function sendCsv<T>(reply: FastifyReply, filename: string, columns: CsvColumn<T>[], rows: readonly T[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}.csv"`)
    .serializer((payload: unknown) => payload as string)
    .send(toCsv(columns, rows));
}
