// @ts-check
// The four forms of a reporting period and their calendar bounds: the one implementation, used by
// the API (src/domain/period.ts) and served as it is to the page (`/period-rules.js`), so the page
// can never read a period differently from the API. Plain JavaScript with no imports, for that.
//   2025     calendar year          2025-26  financial year (April to March)
//   2025-Q3  calendar quarter       2025-09  month
// Years start at 2015 (the first Active Lives year), which also keeps `2011-12` (December 2011 or
// the 2011-12 financial year?) from ever being ambiguous.

export const MIN_PERIOD_YEAR = 2015;
export const MAX_PERIOD_YEAR = 2100;
export const PERIOD_PATTERN = /^(\d{4})(?:-(\d{2})|-Q([1-4]))?$/;

/** @type {Readonly<Record<import('./period-rules.js').PeriodKind, string>>} */
export const PERIOD_KIND_LABELS = { year: 'calendar year', 'financial-year': 'financial year', quarter: 'quarter', month: 'month' };

/** @param {number} year @param {number} monthIndex @param {number} day */
const iso = (year, monthIndex, day) => new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);

/**
 * A period id's kind and first and last days; undefined when it is not one of the four forms or
 * its year is out of range.
 * @param {string} id
 * @returns {import('./period-rules.js').Period | undefined}
 */
export function readPeriod(id) {
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

/**
 * Newest first: the period that ends last, and of two ending together the longer (2025-26
 * before 2026-Q1), which is the period the API answers for when none is asked for. Ids that are
 * not periods go last, in text order.
 * @param {string} a @param {string} b
 */
export function compareNewestFirst(a, b) {
  const pa = readPeriod(a);
  const pb = readPeriod(b);
  if (!pa || !pb) return (pa ? -1 : pb ? 1 : 0) || a.localeCompare(b);
  return pb.end.localeCompare(pa.end) || pa.start.localeCompare(pb.start) || a.localeCompare(b);
}
