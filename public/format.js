// Numbers as the API publishes them, written the way a British reader expects.

import { compareNewestFirst, PERIOD_KIND_LABELS, readPeriod } from './period-rules.js';

const AREA_TYPES = { country: 'country', region: 'region', lad: 'local authority', ward: 'ward' };

/** Up to four decimals, as rates are published; thousands separated. */
export const formatNumber = (n) => n.toLocaleString('en-GB', { maximumFractionDigits: 4 });

/**
 * A published count. A suppressed one (flag c) is a small number and one not reported by every
 * group (flag x) is unknown: neither is ever written as zero, nor mistaken for the other.
 */
export function formatCount(count, fewerThan) {
  if (count.value !== null) return formatNumber(count.value);
  return count.flag === 'x' ? 'not reported by every group' : `fewer than ${fewerThan}`;
}

/**
 * A share as a percentage, rounded once (half up) from the two published counts, as the API's own
 * sentences are; '' when either is not published. The API's `share` is already rounded to four
 * decimals: 127,735 of 500,000 is 25.547% but 0.2555 × 100 would read 25.6%.
 */
export function formatShare(part, whole) {
  if (part.value === null || whole.value === null || whole.value === 0) return '';
  const tenths = Math.floor((2000 * part.value + whole.value) / (2 * whole.value));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

export const areaTypeLabel = (type) => AREA_TYPES[type] ?? type;

export const formatDate = (iso) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Latest-ending first and, of two ending together, the longer: the API's default period comes first. */
export const sortPeriodsNewestFirst = (ids) => [...ids].sort(compareNewestFirst);

export const periodLabel = (id) => {
  const period = readPeriod(id);
  return period ? `${id} (${PERIOD_KIND_LABELS[period.kind]})` : id;
};

/**
 * A rate per 1,000 residents with its 95% interval, to three significant figures: "5.68 (5.52 to
 * 5.85)" for a district, "0.0141 (0.0132 to 0.0151)" for England; more digits would claim a precision
 * that protected counts do not have.
 */
export function formatRateInterval(rate) {
  if (rate.per1000 === null) return 'not available';
  const r = (n) => n.toLocaleString('en-GB', { maximumSignificantDigits: 3 });
  return `${r(rate.per1000)} (${r(rate.lower95)} to ${r(rate.upper95)})`;
}
