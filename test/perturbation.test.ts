// The perturbation table (src/domain/perturbation.ts) against the requirements in
// docs/disclosure.md, "Cell key perturbation", over every count from 0 to 1000 and every key; then
// the SQL the release build uses, evaluated by each database, against the same table; then the
// record keys figures get when they are stored.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { queryRows } from '../src/db/client.js';
import {
  CELL_KEY_POLICY,
  changeVariance,
  describeCellKeyPolicy,
  perturbation,
  publishedCount,
  rowsForCount,
} from '../src/domain/perturbation.js';
import { cellKey, perturbedCount, publishedPerturbedCount } from '../src/modules/releases/release-perturbation.queries.js';
import { databaseKinds, openTestDatabase } from './helpers/databases.js';

const policy = CELL_KEY_POLICY;
const MAX_COUNT = 1000;
const counts = Array.from({ length: MAX_COUNT + 1 }, (_, c) => c);
const keys = Array.from({ length: 256 }, (_, k) => k);
const changesFor = (c: number) => keys.map((k) => perturbation(c, k));

/** How many keys give each change from -3 to +3. */
const keyCounts = (changes: number[]) => [-3, -2, -1, 0, 1, 2, 3].map((d) => changes.filter((p) => p === d).length);

t.test('the policy names its method, version and parameters', async (t) => {
  t.match(policy, { method: 'cell-key', version: 'ptable-2026-1', keyRange: 256, maxChange: 3, countCap: 4, suppressUpTo: 7 });
});

t.test('the table is the documented one, row for row', async (t) => {
  const rows = policy.rows.map((r) => [r.countFrom, r.countTo, r.keyFrom, r.keyTo, r.change]);
  t.same(rows, [
    [0, 1, 0, 255, 0],
    [2, 2, 0, 79, -1],
    [2, 2, 80, 175, 0],
    [2, 2, 176, 255, 1],
    [3, 3, 0, 31, -2],
    [3, 3, 32, 79, -1],
    [3, 3, 80, 175, 0],
    [3, 3, 176, 223, 1],
    [3, 3, 224, 255, 2],
    [4, null, 0, 7, -3],
    [4, null, 8, 31, -2],
    [4, null, 32, 79, -1],
    [4, null, 80, 175, 0],
    [4, null, 176, 223, 1],
    [4, null, 224, 247, 2],
    [4, null, 248, 255, 3],
  ]);
});

t.test('every count has one row per key: intervals in order, without gap or overlap, covering 0 to 255', async (t) => {
  const bad = counts.filter((c) => {
    const rows = rowsForCount(c);
    return rows[0]?.keyFrom !== 0 || rows.at(-1)?.keyTo !== 255 || rows.some((r, i) => i > 0 && r.keyFrom !== rows[i - 1]!.keyTo + 1);
  });
  t.same(bad, []);
});

t.test('(a) zero stays zero', async (t) => {
  t.same(
    changesFor(0),
    keys.map(() => 0),
  );
});

t.test('(b) a count of 1 or more is never published as 0 or below', async (t) => {
  t.same(
    counts.filter((c) => c >= 1 && changesFor(c).some((p) => c + p < 1)),
    [],
  );
});

t.test('(c) for every count the change averages exactly 0 over the 256 keys and stays within ±3', async (t) => {
  t.same(
    counts.filter((c) => changesFor(c).reduce((sum, p) => sum + p, 0) !== 0),
    [],
    'integer sums: exactly zero, not nearly',
  );
  t.same(
    counts.filter((c) => changesFor(c).some((p) => Math.abs(p) > policy.maxChange)),
    [],
  );
});

t.test('(d) from the cap on, every count takes the same change for the same key', async (t) => {
  const atCap = changesFor(policy.countCap);
  t.same(
    counts.filter((c) => c >= policy.countCap && changesFor(c).some((p, k) => p !== atCap[k])),
    [],
  );
});

t.test('(e) the distributions as key counts per change, -3 to +3', async (t) => {
  // 8 + 24 + 48 + 96 + 48 + 24 + 8 = 256. Below 4 the tails that would cross below 1 fold onto
  // the largest fall allowed: for 3, -3 and -2 share 8 + 24 = 32 keys; for 2, -3..-1 share 80.
  t.same(keyCounts(changesFor(0)), [0, 0, 0, 256, 0, 0, 0]);
  t.same(keyCounts(changesFor(1)), [0, 0, 0, 256, 0, 0, 0]);
  t.same(keyCounts(changesFor(2)), [0, 0, 80, 96, 80, 0, 0]);
  t.same(keyCounts(changesFor(3)), [0, 32, 48, 96, 48, 32, 0]);
  t.same(keyCounts(changesFor(4)), [8, 24, 48, 96, 48, 24, 8]);
  t.same(keyCounts(changesFor(1000)), [8, 24, 48, 96, 48, 24, 8]);
});

t.test('the variance of the change, worked by hand', async (t) => {
  // From 4: (9·8 + 4·24 + 1·48) · 2 / 256 = 432 / 256 = 1.6875 (standard deviation 1.30).
  // 3: (4·32 + 1·48) · 2 / 256 = 352 / 256 = 1.375. 2: (1·80) · 2 / 256 = 0.625. 1 and 0: 0.
  t.same(
    [0, 1, 2, 3, 4, 12, 1000].map((c) => changeVariance(c)),
    [0, 0, 0.625, 1.375, 1.6875, 1.6875, 1.6875],
  );
  t.equal(describeCellKeyPolicy().variance, 1.6875);
});

t.test('worked examples: the key picks an interval, the interval a change', async (t) => {
  // 12 with key 200: 12 ≥ 4, so the full row; 200 lies in 176..223, change +1: published 13.
  t.equal(perturbation(12, 200), 1);
  t.equal(publishedCount(12, 200), 13);
  // 12 with key 5: 0..7, change -3: published 9.
  t.equal(publishedCount(12, 5), 9);
  // 9 with key 20: 8..31, change -2: 7, which is still suppressed.
  t.equal(publishedCount(9, 20), null);
  // 2 with key 50: 0..79 of the row for 2, change -1: 1, suppressed; never 0.
  t.equal(publishedCount(2, 50), null);
  t.equal(publishedCount(0, 255), 0);
});

t.test('refuses a key outside the range and a negative count rather than guess', async (t) => {
  t.throws(() => perturbation(12, 256), RangeError);
  t.throws(() => perturbation(12, -1), RangeError);
  t.throws(() => perturbation(-1, 0), RangeError);
  t.throws(() => perturbation(1.5, 0), RangeError);
});

for (const kind of databaseKinds()) {
  t.test(`on ${kind}`, async (t) => {
    const database = await openTestDatabase(kind);
    t.teardown(() => database.close());
    const db = database.db;

    t.test('the SQL gives the table’s change for every count from 0 to 1000 and every key', async (t) => {
      // Counts arrive as numeric (sums of sums) in the build, so the SQL is checked with numeric.
      const grid = sql`generate_series(0, ${MAX_COUNT}::int) as c(n) cross join generate_series(0, 255) as k(n)`;
      const rows = await queryRows<{ c: number; perturbed: number[]; published: (number | null)[] }>(
        db,
        sql`select c.n as c,
                   array_agg(${perturbedCount(sql`c.n::numeric`, sql`k.n`, policy)} order by k.n) as perturbed,
                   array_agg(${publishedPerturbedCount(sql`c.n::numeric`, sql`k.n`, policy)} order by k.n) as published
            from ${grid} group by c.n order by c.n`,
      );
      // Differences only, so a failure lists the first few cells instead of two 256,256-value arrays.
      const wrong = rows.flatMap((r) =>
        keys.flatMap((k) => {
          const expected = [r.c + perturbation(r.c, k), publishedCount(r.c, k)];
          return r.perturbed[k] === expected[0] && r.published[k] === expected[1]
            ? []
            : [{ c: r.c, k, sql: [r.perturbed[k], r.published[k]], expected }];
        }),
      );
      t.strictSame(
        rows.map((r) => r.c),
        counts,
      );
      t.same(wrong.slice(0, 10), [], `${wrong.length} cells differ`);
    });

    t.test('a cell key is the sum of record keys modulo 256', async (t) => {
      // 200 + 100 = 300 → 44; 255 · 3 = 765 = 2·256 + 253 → 253; 512 → 0; a numeric sum of sums too.
      const [row] = await queryRows<{ a: number; b: number; c: number; d: number }>(
        db,
        sql`select ${cellKey(sql`200 + 100`, policy)} as a, ${cellKey(sql`255 * 3`, policy)} as b,
                   ${cellKey(sql`512`, policy)} as c, ${cellKey(sql`(sum(x))::numeric`, policy)} as d
            from (values (200::bigint), (255), (255)) v(x)`,
      );
      // 200 + 255 + 255 = 710 = 2·256 + 198 → 198.
      t.strictSame(row, { a: 44, b: 253, c: 0, d: 198 });
    });

    t.test('a stored figure draws four independent record keys, each uniform from 0 to 255', async (t) => {
      // 4,000 draws per measure: about 255.96 distinct keys are expected, with a mean of 127.5 ± 1.2
      // (one standard deviation). One key for every row, a narrow range or measures drawing the same
      // key (their correlation would be 1, against about 0 ± 0.016 for independent draws) fails at once.
      await db.execute(sql`insert into figures (organisation_id, activity_id, area_code, period)
        select 'perturbation-test', 'dance', 'E05011385', (2000 + n / 12)::text || '-' || lpad((n % 12 + 1)::text, 2, '0')
        from generate_series(0, 3999) n`);
      const rows = await queryRows<{ shift: number; n: number; keys: number; mean: number; correlation: number }>(
        db,
        sql`select s.shift, count(*) as n, count(distinct (record_key >> s.shift) & 255) as keys,
                   avg((record_key >> s.shift) & 255)::float8 as mean,
                   corr(((record_key >> s.shift) & 255)::float8, (record_key & 255)::float8) as correlation
            from figures cross join (values (0), (8), (16), (24)) s(shift)
            where organisation_id = 'perturbation-test' group by s.shift order by s.shift`,
      );
      t.same(
        rows.map((r) => Number(r.n)),
        [4000, 4000, 4000, 4000],
      );
      for (const row of rows) {
        t.ok(row.keys >= 250, `byte at ${row.shift}: ${row.keys} distinct keys`);
        t.ok(Math.abs(row.mean - 127.5) < 10, `byte at ${row.shift}: mean key ${row.mean}`);
        if (row.shift > 0)
          t.ok(Math.abs(row.correlation) < 0.1, `byte at ${row.shift}: correlation with participants' key ${row.correlation}`);
      }
    });

    t.test('the database refuses record keys outside four bytes', async (t) => {
      await t.rejects(
        db.execute(sql`insert into figures (organisation_id, activity_id, area_code, period, record_key)
          values ('perturbation-test', 'dance', 'E05011385', '2025', 4294967296)`),
        { cause: { code: '23514', constraint: 'figures_record_key_check' } },
      );
    });
  });
}
