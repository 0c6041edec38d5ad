/**
 * Cell key perturbation (docs/disclosure.md, "Cell key perturbation"): every figure carries a
 * secret record key from 0 to 255 for each measure; a published count's cell key is the sum of its
 * figures' keys for that measure modulo 256, and its published count is its exact count plus the change this table gives for that
 * count and key. The same figures always give the same key, so a cell reads the same however it
 * is reached, while a cell that differs by one figure draws an unrelated change.
 *
 * A version's rows never change once a release has used them: a new table is a new version.
 */

/** Counts from `countFrom` to `countTo` (null: no upper bound) with a key in `keyFrom..keyTo` change by `change`. */
export type PerturbationRow = Readonly<{ countFrom: number; countTo: number | null; keyFrom: number; keyTo: number; change: number }>;

export type CellKeyPolicy = Readonly<{
  method: 'cell-key';
  version: string;
  /** Keys run from 0 to keyRange - 1; record keys are drawn uniformly from the same range. */
  keyRange: number;
  /** No count moves by more than this. */
  maxChange: number;
  /** From this count on, every count takes the same changes for the same keys. */
  countCap: number;
  /** A published (perturbed) count from 1 to this is still suppressed. */
  suppressUpTo: number;
  rows: readonly PerturbationRow[];
}>;

const row = (countFrom: number, countTo: number | null, keyFrom: number, keyTo: number, change: number): PerturbationRow => ({
  countFrom,
  countTo,
  keyFrom,
  keyTo,
  change,
});

// From 4 on, changes -3..+3 take 8, 24, 48, 96, 48, 24 and 8 of the 256 keys: symmetric, so the
// mean change is exactly 0, and most of the weight is on 0 and ±1. Below 4 a fall of 3 would reach
// 0, so the tails that would cross below 1 are folded onto the largest fall still allowed, and
// the rises mirror them (zero mean again) at the same key boundaries. 1 cannot fall, and a rise
// alone would not average 0: it stays, as 0 does.
const PTABLE_2026_1: readonly PerturbationRow[] = [
  row(0, 1, 0, 255, 0),
  row(2, 2, 0, 79, -1),
  row(2, 2, 80, 175, 0),
  row(2, 2, 176, 255, 1),
  row(3, 3, 0, 31, -2),
  row(3, 3, 32, 79, -1),
  row(3, 3, 80, 175, 0),
  row(3, 3, 176, 223, 1),
  row(3, 3, 224, 255, 2),
  row(4, null, 0, 7, -3),
  row(4, null, 8, 31, -2),
  row(4, null, 32, 79, -1),
  row(4, null, 80, 175, 0),
  row(4, null, 176, 223, 1),
  row(4, null, 224, 247, 2),
  row(4, null, 248, 255, 3),
];

export const CELL_KEY_POLICY: CellKeyPolicy = {
  method: 'cell-key',
  version: 'ptable-2026-1',
  keyRange: 256,
  maxChange: 3,
  countCap: 4,
  suppressUpTo: 7,
  rows: PTABLE_2026_1,
};

const inCountRange = (r: PerturbationRow, count: number) => count >= r.countFrom && (r.countTo === null || count <= r.countTo);

/** The rows that apply to `count`, in key order: one interval each, together covering every key. */
export function rowsForCount(count: number, policy: CellKeyPolicy = CELL_KEY_POLICY): PerturbationRow[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`not a count: ${count}`);
  return policy.rows.filter((r) => inCountRange(r, count)).sort((a, b) => a.keyFrom - b.keyFrom);
}

/** The change added to an exact count `count` in a cell whose key is `key`. */
export function perturbation(count: number, key: number, policy: CellKeyPolicy = CELL_KEY_POLICY): number {
  if (!Number.isSafeInteger(key) || key < 0 || key >= policy.keyRange) throw new RangeError(`not a cell key: ${key}`);
  const found = rowsForCount(count, policy).find((r) => key >= r.keyFrom && key <= r.keyTo);
  if (!found) throw new Error(`${policy.version} has no row for count ${count} and key ${key}`);
  return found.change;
}

/** The published form of an exact count: perturbed, then null (suppressed) when 1 to `suppressUpTo`. */
export function publishedCount(count: number, key: number, policy: CellKeyPolicy = CELL_KEY_POLICY): number | null {
  const value = count + perturbation(count, key, policy);
  return value >= 1 && value <= policy.suppressUpTo ? null : value;
}

/** Variance of the change for `count` over uniformly drawn keys (its mean is 0), in counts squared. */
export function changeVariance(count: number, policy: CellKeyPolicy = CELL_KEY_POLICY): number {
  const rows = rowsForCount(count, policy);
  return rows.reduce((sum, r) => sum + (r.keyTo - r.keyFrom + 1) * r.change * r.change, 0) / policy.keyRange;
}

/** The policy as stored with a release and shown by `GET /v1/releases/{id}`. */
export function describeCellKeyPolicy(policy: CellKeyPolicy = CELL_KEY_POLICY) {
  const variance = changeVariance(policy.countCap, policy);
  return {
    method: policy.method,
    version: policy.version,
    keyRange: policy.keyRange,
    maxChange: policy.maxChange,
    countCap: policy.countCap,
    variance,
    suppressFrom: 1,
    suppressUpTo: policy.suppressUpTo,
    rows: policy.rows,
    rules: [
      `Every published count is its exact count plus a change from -${policy.maxChange} to +${policy.maxChange}, read from table ${policy.version} by the count and the cell's key (the sum of its figures' secret record keys, modulo ${policy.keyRange}).`,
      `The change averages exactly 0 over the keys of every count; from ${policy.countCap} on its variance is ${variance}. 0 stays 0, and a count of 1 or more is never published as 0.`,
      'The same figures always give the same change, so a cell reads the same in every table that shows it; parts are perturbed on their own and need not add up to their total.',
      `A published count from 1 to ${policy.suppressUpTo} is suppressed: {"value": null, "flag": "c"} in JSON, [c] in CSV. Nothing is rounded.`,
      'Shares, ranks and rates are computed from published values; a share is null when either side is suppressed.',
    ],
  };
}
