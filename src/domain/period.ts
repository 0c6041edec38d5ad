// Reporting periods: the rules are in period-rules.js (shared with the page); this adds what only
// the API needs. Figures are only ever summed within one period, never across periods.
import { z } from 'zod';
import { compareNewestFirst, PERIOD_PATTERN, readPeriod, type Period, type PeriodKind } from './period-rules.js';

export { MAX_PERIOD_YEAR, MIN_PERIOD_YEAR, PERIOD_PATTERN } from './period-rules.js';
export type { Period, PeriodKind };

// A batch of 10,000 figures names a dozen periods; statistics sort the same few again and again.
const PARSED_MAX = 4096;
const parsed = new Map<string, Period | undefined>();

/** Parses a period id; undefined when it is not one of the four forms or out of range. */
export function parsePeriod(id: string): Period | undefined {
  if (parsed.has(id)) return parsed.get(id);
  // Anyone can send any string: the cache never grows past a bound.
  if (parsed.size >= PARSED_MAX) parsed.clear();
  const period = readPeriod(id);
  if (period) Object.freeze(period);
  parsed.set(id, period);
  return period;
}

/** A period can be reported once it has started (figures for part of a period are allowed). */
export const periodHasStarted = (period: Period, today: Date = new Date()) => period.start <= today.toISOString().slice(0, 10);

const KIND_ORDER: Record<PeriodKind, number> = { month: 0, quarter: 1, year: 2, 'financial-year': 3 };

/** Chronological by start date, then shorter periods first: 2025-01, 2025-Q1, 2025, 2025-26... */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (!pa || !pb) return a.localeCompare(b);
  return pa.start.localeCompare(pb.start) || KIND_ORDER[pa.kind] - KIND_ORDER[pb.kind] || a.localeCompare(b);
}

/** The period that ends last; of two ending together, the longer (2025-26 before 2026-Q1). */
export const latestPeriod = (periods: readonly string[]): string | undefined => [...periods].sort(compareNewestFirst)[0];

/** A period as a query parameter: the shape only (whether it has started is the submission's rule). */
export const PeriodParam = z
  .string()
  .max(7)
  .regex(PERIOD_PATTERN, 'must be a period such as `2025`, `2025-26`, `2025-Q3` or `2025-09`')
  .describe('Reporting period: `2025` (calendar year), `2025-26` (financial year), `2025-Q3` (quarter) or `2025-09` (month)');
