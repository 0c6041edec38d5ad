// Numbers as the API publishes them, written the way a British reader expects.

import { compareNewestFirst, PERIOD_KIND_LABELS, readPeriod } from './period-rules.js';

const AREA_TYPES = { country: 'country', region: 'region', lad: 'local authority', ward: 'ward' };

/** Up to four decimals, as rates are published; thousands separated. */
export const formatNumber = (n) => n.toLocaleString('en-GB', { maximumFractionDigits: 4 });

/** A published count; a suppressed one is a small number, never zero. */
export const formatCount = (count, fewerThan) => (count.value === null ? `fewer than ${fewerThan}` : formatNumber(count.value));

export const formatShare = (share) => (share === null ? '' : `${(share * 100).toFixed(1)}%`);

export const areaTypeLabel = (type) => AREA_TYPES[type] ?? type;

export const formatDate = (iso) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Latest-ending first and, of two ending together, the longer: the API's default period comes first. */
export const sortPeriodsNewestFirst = (ids) => [...ids].sort(compareNewestFirst);

export const periodLabel = (id) => {
  const period = readPeriod(id);
  return period ? `${id} (${PERIOD_KIND_LABELS[period.kind]})` : id;
};
