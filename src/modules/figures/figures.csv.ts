import { parse } from 'csv-parse/sync';
import { columnLetter, type SheetLayout } from './figures.sheet.js';
import type { BatchIssue } from './figures.validation.js';

export const FIGURE_INPUT_COLUMNS = [
  'activity',
  'area',
  'period',
  'participants',
  'attendances',
  'sessions',
  'volunteers',
  'withdraw',
  'organisation',
  'age_band',
  'sex',
];
/** CSV headers whose JSON field is named differently. */
const FIELD_OF_COLUMN: Readonly<Record<string, string>> = { age_band: 'ageBand' };
/** The CSV column of a JSON field, for the pointers of a CSV batch's problems. */
export const columnOfField = (field: string) => Object.keys(FIELD_OF_COLUMN).find((c) => FIELD_OF_COLUMN[c] === field) ?? field;
export const REQUIRED_COLUMNS = ['activity', 'area', 'period'];
const COUNTS = new Set(['participants', 'attendances', 'sessions', 'volunteers']);

export class CsvSyntaxError extends Error {}

/** Cells become what the JSON form would carry, so both forms share one set of rules and messages. */
function cellValue(column: string, cell: string): unknown {
  if (cell === '') return undefined;
  if (COUNTS.has(column)) return /^-?\d+$/.test(cell) ? Number(cell) : cell;
  if (column === 'withdraw') return /^(true|false)$/i.test(cell) ? cell.toLowerCase() === 'true' : cell;
  return cell;
}

function headerIssues(header: string[]): BatchIssue[] {
  const issues: BatchIssue[] = header.flatMap((name, i): BatchIssue[] => {
    if (!FIGURE_INPUT_COLUMNS.includes(name))
      return [{ index: -1, field: name || String(i), detail: `is not a column of figures; use ${FIGURE_INPUT_COLUMNS.join(', ')}` }];
    return header.indexOf(name) === i ? [] : [{ index: -1, field: name, detail: 'appears twice in the header' }];
  });
  for (const name of REQUIRED_COLUMNS) if (!header.includes(name)) issues.push({ index: -1, field: name, detail: 'is a required column' });
  return issues;
}

const isBlank = (record: string[]) => record.length === 1 && record[0] === '';

/**
 * Reads a figures CSV: a header row naming the columns, then one figure per row. Row `index` 0 is
 * the first data row (reported to clients as row 1; the header is row 0). Blank lines are skipped,
 * but counted in `layout.sheetRows`: a spreadsheet program shows them as empty rows.
 */
export function parseFigureCsv(text: string): { rows: unknown[]; issues: BatchIssue[]; layout: SheetLayout } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: false, relax_column_count: true });
  } catch (error) {
    throw new CsvSyntaxError(`The CSV could not be read: ${(error as Error).message}`);
  }
  const numbered = records.map((cells, i) => ({ cells, sheetRow: i + 1 })).filter((r) => !isBlank(r.cells));
  const [first, ...data] = numbered;
  const header = first?.cells ?? [];
  const columns = header.map((h) => h.toLowerCase());
  const layout: SheetLayout = {
    headerRow: first?.sheetRow ?? 1,
    sheetRows: data.map((r) => r.sheetRow),
    columns: new Map(columns.map((c, i) => [c, { heading: header[i]!, letter: columnLetter(i) }])),
  };
  const issues = headerIssues(columns);
  if (issues.length > 0) return { rows: [], issues, layout };
  const rows = data.map(({ cells }, index) => {
    if (cells.length !== columns.length) {
      issues.push({ index, detail: `has ${cells.length} cells; the header has ${columns.length}` });
      return undefined;
    }
    return Object.fromEntries(
      columns.flatMap((c, i) => {
        const value = cellValue(c, cells[i]!);
        return value === undefined ? [] : [[FIELD_OF_COLUMN[c] ?? c, value]];
      }),
    );
  });
  return { rows, issues, layout };
}
