// Numbers as the API publishes them, written the way a British reader expects.

const AREA_TYPES = { country: 'country', region: 'region', lad: 'local authority', ward: 'ward' };

/** Up to four decimals, as rates are published; thousands separated. */
export const formatNumber = (n) => n.toLocaleString('en-GB', { maximumFractionDigits: 4 });

/** A published count; a suppressed one is a small number, never zero. */
export const formatCount = (count, fewerThan) => (count.value === null ? `fewer than ${fewerThan}` : formatNumber(count.value));

export const formatShare = (share) => (share === null ? '' : `${(share * 100).toFixed(1)}%`);

export const areaTypeLabel = (type) => AREA_TYPES[type] ?? type;

export const formatDate = (iso) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const iso = (year, monthIndex, day) => new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);

/** Start, end and kind of a period id (`2025`, `2025-26`, `2025-Q3`, `2025-09`), as the API defines them. */
export function parsePeriod(id) {
  const match = /^(\d{4})(?:-(\d{2})|-Q([1-4]))?$/.exec(id);
  if (!match) return { kind: 'period', start: id, end: id };
  const year = Number(match[1]);
  if (match[3]) return { kind: 'quarter', start: iso(year, (match[3] - 1) * 3, 1), end: iso(year, match[3] * 3, 0) };
  const two = Number(match[2]);
  if (match[2] && two === (year + 1) % 100) return { kind: 'financial year', start: iso(year, 3, 1), end: iso(year + 1, 3, 0) };
  if (match[2]) return { kind: 'month', start: iso(year, two - 1, 1), end: iso(year, two, 0) };
  return { kind: 'calendar year', start: iso(year, 0, 1), end: iso(year, 11, 31) };
}

/** Latest-ending first and, of two ending together, the longer: the API's default period comes first. */
export function sortPeriodsNewestFirst(ids) {
  return [...ids].sort((a, b) => {
    const pa = parsePeriod(a);
    const pb = parsePeriod(b);
    return pb.end.localeCompare(pa.end) || pa.start.localeCompare(pb.start);
  });
}

export const periodLabel = (id) => `${id} (${parsePeriod(id).kind})`;
