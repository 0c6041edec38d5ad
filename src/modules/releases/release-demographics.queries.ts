import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { DisclosurePolicy } from '../../domain/disclosure.js';
import { published } from './release-build.queries.js';

/**
 * Published participants by age band, by sex, and with any breakdown at all, for every whole-area
 * cell with a breakdown: the same closures, the same disclosure rule as every other count. Each
 * band of a figure is a record of its own whose key is the figure's participants key shifted by a
 * fixed amount per band, so it stays secret and uniform, and the same rows always publish the same
 * value. A band is then capped at its cell's published total (a part never reads as more than the
 * whole), and suppressed with it: a band beside a suppressed total could give that total away.
 * (LEAST skips nulls, so a suppressed band is tested first: it must stay suppressed, never become the total.)
 * Runs after the release's cells are attached.
 */
export async function insertDemographics(tx: Db, releaseId: number, policy: DisclosurePolicy): Promise<void> {
  await tx.execute(sql`create temporary table release_band_figures on commit drop as
    select f.area_code, f.activity_id, f.period, b."ageBand" as age_band, b.sex, b.participants,
           ((f.record_key & 255) + (hashtext(b."ageBand" || '|' || b.sex) & 255)) % 256 as record_key
    from release_figures f cross join lateral jsonb_to_recordset(f.bands) as b("ageBand" text, sex text, participants int)
    where f.bands is not null`);
  const value = published(sql`d.participants`, policy, sql`d.record_keys`);
  await tx.execute(sql`insert into release_demographics (release_id, area_code, activity_id, period, dimension, band, participants)
    select ${releaseId}::int, d.area_code, d.activity_id, d.period, d.dimension, d.band,
           case when t.participants is not null and ${value} is not null then least(${value}, t.participants) end
    from (
      select au.ancestor as area_code, ac.ancestor as activity_id, f.period, x.dimension, x.band,
             sum(f.participants) as participants, sum(f.record_key) as record_keys
      from release_band_figures f
      join release_area_up au on au.code = f.area_code and au.scope = 0
      join release_activity_up ac on ac.id = f.activity_id
      cross join lateral (values ('age', f.age_band), ('sex', f.sex), ('breakdown', 'all')) as x(dimension, band)
      group by au.ancestor, ac.ancestor, f.period, x.dimension, x.band) d
    join release_cells t on t.release_id = ${releaseId}::int and t.scope = 0 and t.area_code = d.area_code
      and coalesce(t.activity_id, '') = coalesce(d.activity_id, '') and t.period = d.period`);
}
