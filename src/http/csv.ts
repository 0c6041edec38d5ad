import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';

export type CsvColumn<T> = { header: string; value: (row: T) => string | number | boolean | null | undefined };

/** `?format=` wins; otherwise CSV when the client prefers text/csv over JSON in `Accept`. */
export function wantsCsv(request: FastifyRequest): boolean {
  const format = (request.query as { format?: string } | undefined)?.format;
  if (format) return format === 'csv';
  const accept = request.headers.accept ?? '';
  const csvAt = accept.indexOf('text/csv');
  if (csvAt === -1) return false;
  const jsonAt = accept.indexOf('application/json');
  return jsonAt === -1 || csvAt < jsonAt;
}

/**
 * Spreadsheet-safe CSV: a byte-order mark so Excel reads UTF-8 names correctly, RFC 4180
 * quoting, and text that a spreadsheet would run as a formula prefixed with an apostrophe.
 */
export function toCsv<T>(columns: CsvColumn<T>[], rows: readonly T[]): string {
  const records = rows.map((row) => columns.map((c) => {
    const value = c.value(row);
    return value === null || value === undefined ? '' : value;
  }));
  return stringify(records, { header: true, columns: columns.map((c) => c.header), bom: true, escape_formulas: true, record_delimiter: '\r\n' });
}

export function sendCsv<T>(reply: FastifyReply, filename: string, columns: CsvColumn<T>[], rows: readonly T[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}.csv"`)
    .serializer((payload: unknown) => payload as string)
    .send(toCsv(columns, rows));
}
