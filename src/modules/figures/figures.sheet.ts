// What CSV and .xlsx uploads share: where each figure sits in the person's spreadsheet, so that a
// problem can be told the way they see it ("Row 7, Activity: ..."), never as a JSON pointer alone.
import type { BatchIssue } from './figures.validation.js';

/** A column as the file names it: its heading and its letter (A, B, ... AA). */
export type SheetColumn = { heading: string; letter: string };

/**
 * Where a batch read from a spreadsheet came from: `sheetRows[i]` is the row number a spreadsheet
 * program shows for figure i (the header row included, counting from 1), `columns` the heading and
 * letter of each figure field present, `headerRow` the header's own row number.
 */
export type SheetLayout = { sheet?: string; headerRow: number; sheetRows: number[]; columns: Map<string, SheetColumn> };

/** The letters a spreadsheet program gives the 0-based column `index`: 0 is A, 26 is AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** "Area (ward)", " PARTICIPANTS " and "area" all name the field `area`. */
export const headingKey = (heading: string) =>
  heading
    .replace(/\(.*$/, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/**
 * The figure field a spreadsheet heading names, or undefined: "Age band", "age_band" and
 * "AgeBand" all name `ageBand`; every other column's key is its field.
 */
export function fieldOfHeading(heading: string, columns: readonly string[]): string | undefined {
  const key = headingKey(heading);
  const column = columns.find((c) => headingKey(c) === key);
  if (column === undefined) return undefined;
  return column === 'age_band' ? 'ageBand' : column;
}

const quoted = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value));

/** The issue in words for a person, with the value they typed when there is one to show. */
function plainWords(issue: BatchIssue, value: unknown): string {
  if (issue.unknown) {
    const what = issue.unknown === 'activity' ? 'an activity' : 'an area';
    const options = (issue.suggestions ?? []).map((s) => `'${s}'`);
    const guess =
      options.length === 0 ? '' : ` Did you mean ${options.slice(0, -1).join(', ')}${options.length > 1 ? ' or ' : ''}${options.at(-1)}?`;
    return `${quoted(value)} is not ${what} we know.${guess}`;
  }
  const shown = value !== undefined && value !== null && typeof value !== 'object' && /^(must|has|is) /.test(issue.detail);
  return shown ? `${quoted(value)} ${issue.detail}` : issue.detail;
}

/** "Row 7, Activity: 'balet' is not an activity we know. Did you mean 'ballet'?" */
export function sheetMessage(issue: BatchIssue, layout: SheetLayout, row: Record<string, unknown> | undefined): string {
  if (issue.index < 0 && issue.field === undefined) return `The file ${issue.detail}.`;
  const where = issue.index < 0 ? `Header row (row ${layout.headerRow})` : `Row ${layout.sheetRows[issue.index]}`;
  const column = issue.field === undefined ? undefined : (layout.columns.get(issue.field)?.heading ?? issue.field);
  const sentence = plainWords(issue, issue.field === undefined ? undefined : row?.[issue.field]);
  return column === undefined ? `${where}: ${sentence}` : `${where}, ${column}: ${sentence}`;
}
