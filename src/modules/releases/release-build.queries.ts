import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { DisclosurePolicy } from '../../domain/disclosure.js';

// Every step reads the temporary snapshot of current_figures taken by the first statement, so the
// whole release describes one instant even under READ COMMITTED. Temporary tables vanish at commit.

/**
 * The published form of a count expression: null when suppressed, else rounded half up. Counts are
 * never negative, so integer division does the rounding (sums of sums are numeric: hence the cast).
 */
const published = (value: SQL, policy: DisclosurePolicy) =>
  sql`(case when ${value} between 1 and ${policy.suppressUpTo}::int then null
       else (((${value})::bigint + ${Math.floor(policy.roundTo / 2)}::int) / ${policy.roundTo}::int * ${policy.roundTo}::int)::int end)`;

/**
 * The pool's statement timeout is sized for requests; at a million figures one build statement
 * runs for tens of seconds. A build still may not hold the releases lock for ever.
 */
export async function allowLongStatements(tx: Db): Promise<void> {
  await tx.execute(sql`set local statement_timeout = '30min'`);
}

/** Serialises publications: the next id is only taken once the previous release committed. */
export async function nextReleaseId(tx: Db): Promise<number> {
  await tx.execute(sql`lock table releases in exclusive mode`);
  const [row] = await queryRows<{ id: number }>(tx, sql`select coalesce(max(id), 0) + 1 as id from releases`);
  return row!.id;
}

export async function snapshotFigures(tx: Db): Promise<void> {
  // The build hashes millions of rows at scale: in memory, and without JIT compilation (which
  // costs more than it saves here), it is several times faster.
  await tx.execute(sql`set local work_mem = '256MB'`);
  await tx.execute(sql`set local jit = off`);
  await tx.execute(sql`create temporary table release_figures on commit drop as
    select organisation_id, activity_id, area_code, period, participants,
           coalesce(attendances, 0) as attendances, coalesce(sessions, 0) as sessions, coalesce(volunteers, 0) as volunteers
    from current_figures`);
  // Temporary tables have no statistics until analysed; without them the planner sorts instead of hashing.
  await tx.execute(sql`analyze release_figures`);
}

/**
 * Closures of the areas and activities that have figures. An area reaches itself and every
 * ancestor (scope 0) and, unless it is a ward, itself again as "reported here" (scope 1). An
 * activity reaches itself, each ancestor once however many paths lead there (UNION dedupes), and
 * null, "all activities".
 */
export async function buildClosures(tx: Db): Promise<void> {
  await tx.execute(sql`create temporary table release_area_up on commit drop as
    with recursive used as (select distinct area_code as code from release_figures),
    up(code, ancestor) as (
      select code, code from used
      union all
      select up.code, a.parent_code from up join areas a on a.code = up.ancestor where a.parent_code is not null)
    select code, ancestor, 0::smallint as scope from up
    union all
    select u.code, u.code, 1::smallint from used u join areas a on a.code = u.code where a.type <> 'ward'`);
  await tx.execute(sql`create temporary table release_activity_up on commit drop as
    with recursive used as (select distinct activity_id as id from release_figures),
    up(id, ancestor) as (
      select id, id from used
      union
      select up.id, p.parent_id from up join activity_parents p on p.activity_id = up.ancestor)
    select id, ancestor from up
    union all
    select id, null from used`);
  await tx.execute(sql`analyze release_area_up`);
  await tx.execute(sql`analyze release_activity_up`);
}

/** Exact sums per organisation and cell: the only place raw counts meet the cells, never stored. */
export async function buildOrganisationCells(tx: Db): Promise<void> {
  await tx.execute(sql`create temporary table release_org_cells on commit drop as
    select au.ancestor as area_code, ac.ancestor as activity_id, f.period, au.scope, f.organisation_id,
           sum(f.participants) as participants, sum(f.attendances) as attendances,
           sum(f.sessions) as sessions, sum(f.volunteers) as volunteers
    from release_figures f
    join release_area_up au on au.code = f.area_code
    join release_activity_up ac on ac.id = f.activity_id
    group by au.ancestor, ac.ancestor, f.period, au.scope, f.organisation_id`);
  await tx.execute(sql`analyze release_org_cells`);
}

export type ReleaseCounts = { figures: number; organisations: number; periods: number; areas: number; activities: number; cells: number };

/** Counted from the snapshot and from the cells just written, so it reads no large table twice. */
export async function countRelease(tx: Db, releaseId: number): Promise<ReleaseCounts & { demo: boolean }> {
  const [row] = await queryRows<ReleaseCounts & { demo: boolean }>(
    tx,
    sql`select
      (select count(*) from release_figures) as figures,
      (select count(distinct organisation_id) from release_figures) as organisations,
      (select count(distinct period) from release_figures) as periods,
      c.areas, c.activities, c.cells,
      exists (select 1 from release_figures f join organisations o on o.id = f.organisation_id where o.is_demo) as demo
    from (select count(distinct area_code) as areas, count(distinct activity_id) as activities, count(*) as cells
          from release_cells where release_id = ${releaseId}::int) c`,
  );
  return row!;
}

/**
 * The release's own tables (release_cells_N, release_breakdown_N), not yet partitions and with no
 * index: rows go in without index upkeep, and attachReleaseTables indexes them in one pass. Names
 * and the check are built from the id this build allocated, never from a request.
 */
function releaseTables(releaseId: number) {
  if (!Number.isSafeInteger(releaseId) || releaseId < 1) throw new Error(`not a release id: ${releaseId}`);
  const name = (parent: string, suffix = '') => sql.identifier(`${parent}_${releaseId}${suffix}`);
  return {
    id: sql.raw(String(releaseId)),
    cells: name('release_cells'),
    breakdown: name('release_breakdown'),
    name,
    both: [
      ['release_cells', name('release_cells')],
      ['release_breakdown', name('release_breakdown')],
    ] as const,
  };
}

export async function createReleaseTables(tx: Db, releaseId: number): Promise<void> {
  const t = releaseTables(releaseId);
  for (const [parent, table] of t.both) {
    await tx.execute(sql`create table ${table} (like ${sql.identifier(parent)} including defaults including constraints)`);
    // Lets ATTACH PARTITION trust the rows without scanning them again.
    await tx.execute(sql`alter table ${table} add constraint ${t.name(parent, '_release')} check (release_id = ${t.id})`);
  }
}

/** Indexes the release's tables in one pass each, then makes them partitions of the release tables. */
export async function attachReleaseTables(tx: Db, releaseId: number): Promise<void> {
  const t = releaseTables(releaseId);
  // Named and shaped as the parents' constraints and index, so ATTACH adopts them instead of building more.
  await tx.execute(sql`alter table ${t.cells} add constraint ${t.name('release_cells', '_key')}
    unique nulls not distinct (release_id, area_code, activity_id, period, scope)`);
  await tx.execute(sql`alter table ${t.breakdown} add constraint ${t.name('release_breakdown', '_key')}
    unique nulls not distinct (release_id, area_code, activity_id, period, organisation_id)`);
  await tx.execute(sql`create index ${t.name('release_breakdown', '_organisation_idx')} on ${t.breakdown} (release_id, organisation_id)`);
  for (const [parent, table] of t.both) {
    await tx.execute(sql`alter table ${sql.identifier(parent)} attach partition ${table} for values in (${t.id})`);
    // Row triggers come with the parent; a TRUNCATE of the partition itself needs its own.
    await tx.execute(sql`create trigger no_truncate before truncate on ${table} for each statement execute function refuse_change()`);
  }
}

/** Published totals per cell, with the population and rate of scope-0 cells fixed at publication. */
export async function insertCells(tx: Db, releaseId: number, policy: DisclosurePolicy): Promise<void> {
  const participants = published(sql`sum(c.participants)`, policy);
  await tx.execute(sql`insert into ${releaseTables(releaseId).cells}
      (release_id, area_code, activity_id, period, scope, participants, attendances, sessions, volunteers,
       organisations, population, population_year, per_1000)
    select ${releaseId}::int, c.area_code, c.activity_id, c.period, c.scope, ${participants},
           ${published(sql`sum(c.attendances)`, policy)}, ${published(sql`sum(c.sessions)`, policy)},
           ${published(sql`sum(c.volunteers)`, policy)}, count(*),
           p.total, p.year, round(${participants} * 1000.0 / nullif(p.total, 0), 4)
    from release_org_cells c
    left join (select distinct on (area_code) area_code, total, year from area_populations order by area_code, year desc) p
      on p.area_code = c.area_code and c.scope = 0
    group by c.area_code, c.activity_id, c.period, c.scope, p.total, p.year`);
}

/**
 * Per-organisation rows of every scope-0 cell. Named organisations with a count that is not
 * suppressed get their own row, ranked by published count; the rest (unnamed, or suppressed)
 * are summed exactly into one "other organisations" row, then published like any count.
 */
export async function insertBreakdown(tx: Db, releaseId: number, policy: DisclosurePolicy): Promise<void> {
  // Sorting on "C" collation keys gives the same partitions several times faster than a locale's.
  const cell = sql`partition by area_code collate "C", activity_id collate "C", period collate "C"`;
  const t = releaseTables(releaseId);
  await tx.execute(sql`insert into ${t.breakdown}
      (release_id, area_code, activity_id, period, organisation_id, organisation_name, merged, participants, organisations, share, rank)
    with o as (
      select c.area_code, c.activity_id, c.period, c.organisation_id, c.participants, org.name, org.named,
             org.named and not (c.participants between 1 and ${policy.suppressUpTo}::int) as shown
      from release_org_cells c join organisations org on org.id = c.organisation_id
      where c.scope = 0),
    r as (
      select area_code, activity_id, period, organisation_id, name, false as merged,
             ${published(sql`participants`, policy)} as participants, 1 as organisations,
             rank() over (${cell} order by ${published(sql`participants`, policy)} desc) as rank
      from o where shown
      union all
      select area_code, activity_id, period, organisation_id, name, true, null, 1, null
      from o where named and not shown
      union all
      select area_code, activity_id, period, null, null, false, ${published(sql`sum(participants)`, policy)}, count(*), null
      from o where not shown group by area_code, activity_id, period)
    select ${releaseId}::int, r.area_code, r.activity_id, r.period, r.organisation_id, r.name, r.merged, r.participants,
           r.organisations, case when not r.merged and t.participants > 0 then round(r.participants::numeric / t.participants, 4) end, r.rank
    from r join ${t.cells} t on t.release_id = ${releaseId}::int and t.scope = 0 and t.area_code = r.area_code
      and coalesce(t.activity_id, '') = coalesce(r.activity_id, '') and t.period = r.period`);
}

export async function insertRelease(
  tx: Db,
  release: { id: number; policy: unknown; counts: ReleaseCounts; notes: string | null; isDemo: boolean },
): Promise<{ publishedAt: Date }> {
  const [row] = await queryRows<{ published_at: Date | string }>(
    tx,
    sql`insert into releases (id, policy, counts, notes, is_demo)
    values (${release.id}, ${JSON.stringify(release.policy)}::jsonb, ${JSON.stringify(release.counts)}::jsonb, ${release.notes}, ${release.isDemo})
    returning published_at`,
  );
  return { publishedAt: new Date(row!.published_at) };
}
