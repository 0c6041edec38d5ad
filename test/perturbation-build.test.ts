// A release built under cell key perturbation publishes, for every cell, exactly what the
// documented table gives for the cell's exact count and key. The exact count and key are worked
// out here from the figures themselves (their own closure over areas and activities), not by the
// build's code.
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { CELL_KEY_POLICY, publishedCount } from '../src/domain/perturbation.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { forEachDatabase } from './helpers/app.js';
import { loadFixture } from './fixtures/statistics-fixture.js';

type CellCheck = { area_code: string; activity_id: string | null; period: string; published: number | null; exact: number; keys: number };

forEachDatabase(async (t, { database }) => {
  const db = database.db;
  await loadFixture(db);
  const release = await publishRelease(db, { policy: CELL_KEY_POLICY, notes: 'Perturbed' });

  t.test('publishes every total as the table gives it for the exact count and the cell key', async (t) => {
    const cells = await queryRows<CellCheck>(
      db,
      sql`with recursive area_up(code, ancestor) as (
          select code, code from areas
          union all select area_up.code, a.parent_code from area_up join areas a on a.code = area_up.ancestor where a.parent_code is not null),
        activity_up(id, ancestor) as (
          select id, id from activities
          union select activity_up.id, p.parent_id from activity_up join activity_parents p on p.activity_id = activity_up.ancestor),
        cell_figures as (
          select c.area_code, c.activity_id, c.period, c.participants as published, cf.participants, f.record_key
          from release_cells c
          join current_figures cf on cf.period = c.period
            and cf.area_code in (select code from area_up where ancestor = c.area_code)
            and (c.activity_id is null or cf.activity_id in (select id from activity_up where ancestor = c.activity_id))
          join figures f on f.id = cf.figure_id
          where c.release_id = ${release.id} and c.scope = 0)
        select area_code, activity_id, period, published, sum(participants)::int as exact, sum(record_key & 255)::int as keys
        from cell_figures group by area_code, activity_id, period, published`,
    );
    t.ok(cells.length >= 40, `${cells.length} cells checked`);
    const wrong = cells.filter((c) => publishedCount(c.exact, c.keys % CELL_KEY_POLICY.keyRange) !== c.published);
    t.same(wrong, [], 'every published total is the exact count plus its change from the table');
    t.ok(
      cells.every((c) => c.published === null || Math.abs(c.published - c.exact) <= CELL_KEY_POLICY.maxChange),
      'no total moves by more than the largest change',
    );
    t.notOk(
      cells.some((c) => c.published !== null && c.published >= 1 && c.published <= CELL_KEY_POLICY.suppressUpTo),
      'none is published from 1 to 7',
    );
  });

  t.test('stores the policy it used, table and all, and never the keys', async (t) => {
    const [row] = await queryRows<{ policy: { method: string; version: string; rows: unknown[] } }>(
      db,
      sql`select policy from releases where id = ${release.id}`,
    );
    t.match(row!.policy, { method: 'cell-key', version: CELL_KEY_POLICY.version, maxChange: 3, unreported: 'null' });
    t.equal(row!.policy.rows.length, CELL_KEY_POLICY.rows.length);
    t.notMatch(JSON.stringify(row!.policy), /record_key/);
  });
});
