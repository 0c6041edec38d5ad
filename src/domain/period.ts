/**
 * Reporting periods. Figures are only ever summed within one period, never across periods.
 *   2025     calendar year          2025-26  financial year (April to March)
 *   2025-Q3  calendar quarter       2025-09  month
 * Years start at 2015 (the first Active Lives year), which also keeps `2011-12` (December 2011 or
 * the 2011-12 financial year?) from ever being ambiguous.
 */
export type PeriodKind = 'year' | 'financial-year' | 'quarter' | 'month';
export type Period = { id: string; kind: PeriodKind; start: string; end: string };

export const MIN_PERIOD_YEAR = 2015;
export const MAX_PERIOD_YEAR = 2100;
export const PERIOD_PATTERN = /^(\d{4})(?:-(\d{2})|-Q([1-4]))?$/;

const iso = (year: number, monthIndex: number, day: number) => new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);

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

function readPeriod(id: string): Period | undefined {
  const match = PERIOD_PATTERN.exec(id);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < MIN_PERIOD_YEAR || year > MAX_PERIOD_YEAR) return undefined;
  if (match[3]) {
    const q = Number(match[3]);
    return { id, kind: 'quarter', start: iso(year, (q - 1) * 3, 1), end: iso(year, q * 3, 0) };
  }
  if (match[2]) {
    const two = Number(match[2]);
    if (two === (year + 1) % 100) return { id, kind: 'financial-year', start: iso(year, 3, 1), end: iso(year + 1, 3, 0) };
    if (two >= 1 && two <= 12) return { id, kind: 'month', start: iso(year, two - 1, 1), end: iso(year, two, 0) };
    return undefined;
  }
  return { id, kind: 'year', start: iso(year, 0, 1), end: iso(year, 11, 31) };
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
