import { sql, type SQL } from 'drizzle-orm';
import type { CellKeyPolicy, PerturbationRow } from '../../domain/perturbation.js';

// The table is compiled into a CASE from the same rows the domain module answers from, rather
// than stored in a table the build joins: one source, nothing to keep in step, and a range join
// per cell and measure would cost more than a few comparisons. The test evaluates this SQL for
// every count from 0 to 1000 and every key, on both databases, against `perturbation`.

/** Table numbers come from the policy in code, never from a request; literals keep plans and logs readable. */
const literal = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer in a perturbation table: ${n}`);
  return sql.raw(String(n));
};

/** Rows grouped by their count range, in count order, each group in key order. */
function countBrackets(policy: CellKeyPolicy): PerturbationRow[][] {
  const groups = new Map<string, PerturbationRow[]>();
  for (const r of policy.rows) {
    const id = `${r.countFrom}..${r.countTo ?? ''}`;
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  return [...groups.values()]
    .map((rows) => [...rows].sort((a, b) => a.keyFrom - b.keyFrom))
    .sort((a, b) => a[0]!.countFrom - b[0]!.countFrom);
}

/**
 * A cell's key from the sum of its figures' record keys. Record keys are never negative, so `%`
 * (which keeps the sign of its left side) is the modulo here; sums of sums are numeric, hence the cast.
 */
export const cellKey = (sumOfRecordKeys: SQL, policy: CellKeyPolicy) => sql`((${sumOfRecordKeys}) % ${literal(policy.keyRange)})::int`;

/** The exact count plus its change from the table: an integer, 0 for 0, at least 1 for any other count. */
export function perturbedCount(count: SQL, key: SQL, policy: CellKeyPolicy): SQL {
  const brackets = countBrackets(policy).map((rows) => {
    const { countFrom, countTo } = rows[0]!;
    const counts =
      countTo === null ? sql`${count} >= ${literal(countFrom)}` : sql`${count} between ${literal(countFrom)} and ${literal(countTo)}`;
    const changes = rows.map((r) => sql`when ${key} between ${literal(r.keyFrom)} and ${literal(r.keyTo)} then ${literal(r.change)}`);
    return sql`when ${counts} then case ${sql.join(changes, sql` `)} end`;
  });
  return sql`((${count}) + case ${sql.join(brackets, sql` `)} end)::int`;
}

/** The published form: the perturbed count, or null (suppressed) when it is from 1 to `suppressUpTo`. */
export function publishedPerturbedCount(count: SQL, key: SQL, policy: CellKeyPolicy): SQL {
  const value = perturbedCount(count, key, policy);
  return sql`(case when ${value} between 1 and ${literal(policy.suppressUpTo)} then null else ${value} end)`;
}
