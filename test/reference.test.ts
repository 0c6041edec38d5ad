import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { loadReferenceData } from '../src/reference/reference.service.js';
import { forEachDatabase } from './helpers/app.js';

const fingerprint = `select
  (select count(*) from areas) as areas,
  (select md5(string_agg(code || name || coalesce(parent_code, ''), ',' order by code)) from areas) as areas_md5,
  (select count(*) from area_populations) as populations,
  (select count(*) from activities) as activities,
  (select count(*) from activity_parents) as links,
  (select count(*) from benchmarks) as benchmarks`;

forEachDatabase(async (t, { database }) => {
  t.test('loading the reference data again changes nothing', async (t) => {
    const before = await queryRows(database.db, sql.raw(fingerprint));
    const skipped = await loadReferenceData(database.db);
    t.equal(skipped.skipped, true, 'an unchanged checksum skips the load');
    const forced = await loadReferenceData(database.db, { force: true });
    t.same(forced.changed, { areas: 0, populations: 0, activities: 0, activityParents: 0, benchmarks: 0 });
    t.same(await queryRows(database.db, sql.raw(fingerprint)), before);
    t.match(before[0], { areas: 8815, populations: 374, activities: 783, links: 660 });
  });

  t.test('restores a changed row to the shipped value on the next load', async (t) => {
    await database.db.execute(sql`update areas set name = 'Leodis' where code = 'E08000035'`);
    const result = await loadReferenceData(database.db, { force: true });
    t.equal(result.changed.areas, 1);
    const [leeds] = await queryRows<{ name: string }>(database.db, sql`select name from areas where code = 'E08000035'`);
    t.equal(leeds!.name, 'Leeds');
  });
});
