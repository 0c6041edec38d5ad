// A cell reported as a breakdown: rows for the same activity, area and period that give an age band
// or a sex are summed into one figure carrying its bands. A cell is a plain total or a breakdown,
// never both, so a group counts once in every total either way.
import { NOT_RECORDED, type AgeBand, type Band, type Sex } from '../../domain/demographics.js';
import { figureKey, type FigureValues } from './figures.queries.js';
import { MAX_COUNT } from './figures.schemas.js';
import type { BatchIssue } from './figures.issues.js';

export type CheckedRow = { index: number; figure: FigureValues; band?: { ageBand: AgeBand; sex: Sex } };
type Merged = { index: number; figure: FigureValues };

const MEASURES = ['attendances', 'sessions', 'volunteers'] as const;

const describe = (f: FigureValues) => `${f.activity} in ${f.area} for ${f.period}`;

/** Every row of a cell after the first, when a cell is given twice as a plain total. */
function plainIssues(rows: CheckedRow[]): BatchIssue[] {
  return rows.slice(1).map((r) => ({ index: r.index, detail: `repeats ${describe(r.figure)}, given earlier in this batch` }));
}

function breakdownIssues(rows: CheckedRow[]): BatchIssue[] {
  const issues: BatchIssue[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const band = `${r.band!.ageBand}|${r.band!.sex}`;
    if (seen.has(band))
      issues.push({
        index: r.index,
        detail: `repeats age band ${r.band!.ageBand} and sex ${r.band!.sex} of ${describe(r.figure)}, given earlier in this batch`,
      });
    seen.add(band);
  }
  for (const measure of MEASURES) {
    const given = rows.filter((r) => r.figure[measure] != null);
    if (given.length > 0 && given.length < rows.length)
      for (const r of rows.filter((x) => x.figure[measure] == null))
        issues.push({
          index: r.index,
          field: measure,
          detail: `must be given on every row of the breakdown of ${describe(r.figure)}, or on none`,
        });
  }
  const total = rows.reduce((sum, r) => sum + (r.figure.participants ?? 0), 0);
  if (total > MAX_COUNT)
    issues.push({
      index: rows[0]!.index,
      field: 'participants',
      detail: `the breakdown of ${describe(rows[0]!.figure)} sums to more than 10000000`,
    });
  return issues;
}

const sum = (rows: CheckedRow[], measure: (typeof MEASURES)[number]) =>
  rows.every((r) => r.figure[measure] != null) ? rows.reduce((s, r) => s + r.figure[measure]!, 0) : null;

function mergeBreakdown(rows: CheckedRow[]): FigureValues {
  const bands: Band[] = rows.map((r) => ({ ageBand: r.band!.ageBand, sex: r.band!.sex, participants: r.figure.participants! }));
  const { activity, area, period } = rows[0]!.figure;
  return {
    activity,
    area,
    period,
    participants: bands.reduce((s, b) => s + b.participants, 0),
    attendances: sum(rows, 'attendances'),
    sessions: sum(rows, 'sessions'),
    volunteers: sum(rows, 'volunteers'),
    bands,
  };
}

/** One figure per cell: plain rows as they are, breakdowns summed; and every problem with either. */
export function mergeBreakdowns(rows: CheckedRow[]): { checked: Merged[]; issues: BatchIssue[] } {
  const cells = new Map<string, CheckedRow[]>();
  for (const r of rows) cells.set(figureKey(r.figure), [...(cells.get(figureKey(r.figure)) ?? []), r]);
  const checked: Merged[] = [];
  const issues: BatchIssue[] = [];
  for (const cell of cells.values()) {
    const plain = cell.filter((r) => !r.band);
    const banded = cell.filter((r) => r.band);
    if (plain.length > 0 && banded.length > 0) {
      for (const r of banded)
        issues.push({
          index: r.index,
          field: 'ageBand',
          detail: `${describe(r.figure)} is given both as a plain total and broken down by age band and sex; report one or the other`,
        });
      continue;
    }
    if (plain.length > 0) {
      issues.push(...plainIssues(plain));
      checked.push(plain[0]!);
      continue;
    }
    const own = breakdownIssues(banded);
    issues.push(...own);
    if (own.length === 0) checked.push({ index: banded[0]!.index, figure: mergeBreakdown(banded) });
  }
  return { checked, issues };
}

export const bandOf = (row: { ageBand?: AgeBand; sex?: Sex }) =>
  row.ageBand === undefined && row.sex === undefined ? undefined : { ageBand: row.ageBand ?? NOT_RECORDED, sex: row.sex ?? NOT_RECORDED };
