import ExcelJS from 'exceljs';
import { ProblemError } from '../../http/problem.js';
import { FIGURE_INPUT_COLUMNS, REQUIRED_COLUMNS } from './figures.csv.js';
import { columnLetter, fieldOfHeading, headingKey, type SheetColumn, type SheetLayout } from './figures.sheet.js';
import type { BatchIssue } from './figures.validation.js';
import { checkWorkbookZip } from './figures.zip.js';

const { ValueType } = ExcelJS;
type Cell = ExcelJS.Cell;

export const FIGURES_SHEET = 'Figures';
const HEADER_SEARCH_ROWS = 20;
const COUNTS = new Set(['participants', 'attendances', 'sessions', 'volunteers']);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// Spreadsheet programs keep a date as the number of days since 1900: 36526 is 1 January 2000.
const FIRST_DATE_SERIAL = 36526;
const LAST_DATE_SERIAL = 73415;

export type WorkbookBatch = { rows: unknown[]; issues: BatchIssue[]; layout: SheetLayout };

type Read = { value: unknown } | { problem: string };

const monthOf = (date: Date) => ({
  id: `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`,
  words: `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`,
});
const serialToDate = (serial: number) => new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);

function periodOf(cell: Cell): Read {
  if (cell.type === ValueType.Date) {
    const month = monthOf(cell.value as Date);
    return {
      problem: `your spreadsheet program turned this into a date (${month.words}). Type the period as text, such as ${month.id}, or choose it from the list`,
    };
  }
  if (cell.type === ValueType.Number) {
    const n = cell.value as number;
    if (Number.isInteger(n) && n >= 2015 && n <= 2100) return { value: String(n) };
    if (n >= FIRST_DATE_SERIAL && n <= LAST_DATE_SERIAL) {
      const month = monthOf(serialToDate(n));
      return {
        problem: `is the number ${n}, which is how spreadsheet programs keep a date (${month.words}). Type the period as text, such as ${month.id}, or choose it from the list`,
      };
    }
  }
  return { value: textOf(cell) };
}

function textOf(cell: Cell): string {
  const value = cell.value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return cell.text.trim();
}

/** A cell as the JSON form would carry it, or why it cannot be read. Formulas are never evaluated. */
function readCell(field: string, cell: Cell): Read | undefined {
  switch (cell.type) {
    case ValueType.Null:
      return undefined;
    case ValueType.Formula:
      return { problem: `is a formula (=${cell.formula}). Type the value itself: formulas are not read` };
    case ValueType.Error:
      return { problem: `shows an error (${cell.text}). Type the value itself` };
  }
  if (field === 'period') return periodOf(cell);
  if (cell.type === ValueType.Date) return { problem: `is a date; type ${COUNTS.has(field) ? 'a whole number' : 'text'} instead` };
  if (COUNTS.has(field)) {
    if (cell.type === ValueType.Number) return { value: cell.value };
    const text = textOf(cell);
    return text === '' ? undefined : { value: /^-?\d+$/.test(text) ? Number(text) : text };
  }
  if (field === 'ageBand' || field === 'sex') {
    // Read as the lists write them, forgiving capitals and a space: "Not recorded" is not-recorded.
    const text = textOf(cell);
    return text === '' ? undefined : { value: /^[a-z -]+$/i.test(text) ? text.toLowerCase().replace(/ +/g, '-') : text };
  }
  if (field === 'withdraw') {
    if (cell.type === ValueType.Boolean) return { value: cell.value };
    const text = textOf(cell);
    return text === '' ? undefined : { value: /^(true|false)$/i.test(text) ? text.toLowerCase() === 'true' : text };
  }
  const text = textOf(cell);
  return text === '' ? undefined : { value: text };
}

/** The header: the first row among the first 20 naming activity, area and period. */
function findHeader(sheet: ExcelJS.Worksheet) {
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); r += 1) {
    const headings: { index: number; heading: string; key: string }[] = [];
    sheet.getRow(r).eachCell({ includeEmpty: false }, (cell, col) => {
      const heading = textOf(cell);
      if (heading !== '') headings.push({ index: col, heading, key: headingKey(heading) });
    });
    if (REQUIRED_COLUMNS.every((name) => headings.some((h) => h.key === name))) return { row: r, headings };
  }
  return undefined;
}

function chooseSheet(workbook: ExcelJS.Workbook) {
  const sheets = workbook.worksheets.filter((s) => s.state === 'visible' || s.name.toLowerCase() === FIGURES_SHEET.toLowerCase());
  sheets.sort(
    (a, b) => Number(b.name.toLowerCase() === FIGURES_SHEET.toLowerCase()) - Number(a.name.toLowerCase() === FIGURES_SHEET.toLowerCase()),
  );
  for (const sheet of sheets) {
    const header = findHeader(sheet);
    if (header) return { sheet, header };
  }
  return undefined;
}

/** Merged cells on the sheet, as ranges such as B3:B4. */
function mergedRanges(sheet: ExcelJS.Worksheet): string[] {
  const ranges = new Map<string, { top: number; left: number; bottom: number; right: number }>();
  sheet.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (!cell.isMerged) return;
      const [r, c] = [Number(cell.row), Number(cell.col)];
      const range = ranges.get(cell.master.address) ?? { top: r, left: c, bottom: r, right: c };
      ranges.set(cell.master.address, {
        top: Math.min(range.top, r),
        left: Math.min(range.left, c),
        bottom: Math.max(range.bottom, r),
        right: Math.max(range.right, c),
      });
    }),
  );
  return [...ranges.values()].map((r) => `${columnLetter(r.left - 1)}${r.top}:${columnLetter(r.right - 1)}${r.bottom}`);
}

// Parts the upload never reads, and which the reader would expand range by range (a validation
// over whole columns is a million entries each).
const IGNORED_PARTS = ['dataValidations', 'conditionalFormatting', 'hyperlinks'];
// Empty rows can still be written out (formatted, or emptied after use); the batch limit applies to figures.
const SPARE_ROWS = 1000;
// Figures need at most 9 columns. With these bounds a sheet at both limits (11,000 rows of 26 text
// cells) took 150 MB of heap and 5 s to read; without them, 32 MB of cells took 590 MB and 22 s.
export const MAX_COLUMNS = 26;

const tooManyRows = (maxFigures: number) =>
  new ProblemError(
    'payload-too-large',
    `The sheet has more than ${maxFigures} rows of figures; at most ${maxFigures} are accepted at once. Split them over several uploads.`,
  );

async function loadWorkbook(bytes: Buffer, maxFigures: number) {
  await checkWorkbookZip(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      bytes as unknown as ArrayBuffer,
      { ignoreNodes: IGNORED_PARTS, maxRows: maxFigures + SPARE_ROWS, maxCols: MAX_COLUMNS } as object,
    );
  } catch (error) {
    if (error instanceof Error && /^Max row count/.test(error.message)) throw tooManyRows(maxFigures);
    if (error instanceof Error && /^Max column count/.test(error.message))
      throw new ProblemError(
        'payload-too-large',
        `A row of the workbook has more than ${MAX_COLUMNS} cells filled in; figures need at most 9 columns. Delete the extra columns and upload it again.`,
      );
    throw new ProblemError(
      'bad-request',
      'The file could not be read as an Excel workbook: it may be damaged. Save it again as "Excel Workbook (.xlsx)" or as CSV and upload that.',
    );
  }
  return workbook;
}

const problem = (detail: string) => new ProblemError('unprocessable', detail);

/**
 * Reads the figures of an .xlsx upload: the sheet named Figures, or else the first visible sheet
 * with a header row, one figure per row below it (empty rows skipped). Cells become what the JSON
 * form would carry, so every format shares one set of rules; what only a spreadsheet can get wrong
 * (a formula, a period turned into a date, merged cells) is reported here.
 */
export async function parseFigureWorkbook(bytes: Buffer, maxFigures: number): Promise<WorkbookBatch> {
  const workbook = await loadWorkbook(bytes, maxFigures);
  const found = chooseSheet(workbook);
  if (!found)
    throw problem(
      `No sheet in the workbook has a header row naming the columns Activity, Area and Period, so nothing was read or stored. Download the template, type the figures under its headings, and upload it again.`,
    );
  const { sheet, header } = found;
  const merged = mergedRanges(sheet);
  if (merged.length > 0)
    throw problem(
      `The sheet ${sheet.name} has merged cells (${merged.slice(0, 5).join(', ')}${merged.length > 5 ? ', ...' : ''}), so nothing was stored. Unmerge them and type the value in every row it belongs to.`,
    );
  const columns = new Map<string, SheetColumn & { index: number }>();
  const issues: BatchIssue[] = [];
  for (const h of header.headings) {
    const field = fieldOfHeading(h.heading, FIGURE_INPUT_COLUMNS);
    if (field === undefined)
      issues.push({ index: -1, field: h.heading, detail: `is not a column of figures; use ${FIGURE_INPUT_COLUMNS.join(', ')}` });
    else if (columns.has(field)) issues.push({ index: -1, field, detail: 'appears twice in the header' });
    else columns.set(field, { heading: h.heading, letter: columnLetter(h.index - 1), index: h.index });
  }
  const layout: SheetLayout = { sheet: sheet.name, headerRow: header.row, sheetRows: [], columns };
  if (issues.length > 0) return { rows: [], issues, layout };
  const rows: unknown[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber <= header.row || rows.length > maxFigures) return;
    const figure: Record<string, unknown> = {};
    const problems: BatchIssue[] = [];
    for (const [field, column] of columns) {
      const read = readCell(field, row.getCell(column.index));
      if (!read) continue;
      if ('problem' in read) problems.push({ index: rows.length, field, detail: read.problem });
      else figure[field] = read.value;
    }
    if (problems.length === 0 && Object.keys(figure).length === 0) return;
    layout.sheetRows.push(rowNumber);
    rows.push(problems.length > 0 ? undefined : figure);
    issues.push(...problems);
  });
  if (rows.length > maxFigures) throw tooManyRows(maxFigures);
  if (rows.length === 0 && issues.length === 0)
    throw problem(
      `The sheet ${sheet.name} has no figures under its header row (row ${header.row}), so nothing was stored. Type one figure per row under the headings.`,
    );
  return { rows, issues, layout };
}
