import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { isCellKey, type DisclosurePolicy } from '../../domain/disclosure.js';
import { cellKey, publishedPerturbedCount } from './release-perturbation.queries.js';

// Every step reads the temporary snapshot of current_figures taken by the first statement, so the
// whole release describes one instant even under READ COMMITTED. Temporary tables vanish at commit.

/**
 * The published form of an exact count expression, null when suppressed. Rounding: half up, and
 * counts are never negative, so integer division does it (sums of sums are numeric: hence the
 * cast). Cell key perturbation: the change the policy's table gives for the count and the cell's
 * key, which comes from `recordKeys`, the sum of its figures' record keys for this measure.
 */
export function published(value: SQL, policy: DisclosurePolicy, recordKeys: SQL): SQL {
  if (isCellKey(policy)) return publishedPerturbedCount(value, cellKey(recordKeys, policy), policy);
  return sql`(case when ${value} between 1 and ${policy.suppressUpTo}::int then null
       else (((${value})::bigint + ${Math.floor(policy.roundTo / 2)}::int) / ${policy.roundTo}::int * ${policy.roundTo}::int)::int end)`;
}

// Each figure's record key holds one 8-bit key per measure (src/db/schema/figures.ts).
const MEASURE_KEY_SHIFT = { participants: 0, attendances: 8, sessions: 16, volunteers: 24 } as const;
const measureKey = (measure: keyof typeof MEASURE_KEY_SHIFT) => sql.raw(`(f.record_key >> ${MEASURE_KEY_SHIFT[measure]}) & 255`);

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

/**
 * What a build covers: everything (a release, the release preview), or only the cells one
 * organisation contributes to (its own preview). A cell sums figures of one period only, and each
 * published row (a cell's total, a breakdown row, a share) is computed from the rows of its own
 * cell alone (GROUP BY the cell, window functions partitioned by it, the population of its area),
 * so restricting the snapshot to the organisation's periods and the organisation cells to its
 * cells gives exactly the rows the whole build gives for those cells.
 */
export type BuildScope = { organisationId?: string };

export async function snapshotFigures(tx: Db, scope: BuildScope = {}): Promise<void> {
  // The build hashes millions of rows at scale: in memory, and without JIT compilation (which
  // costs more than it saves here), it is several times faster.
  await tx.execute(sql`set local work_mem = '256MB'`);
  await tx.execute(sql`set local jit = off`);
  const periods =
    scope.organisationId === undefined
      ? sql``
      : sql`where cf.period in (select distinct period from current_figures where organisation_id = ${scope.organisationId})`;
  // The record keys join in here only: they never leave the build, and no view exposes them.
  await tx.execute(sql`create temporary table release_figures on commit drop as
    select cf.organisation_id, cf.activity_id, cf.area_code, cf.period, cf.participants, cf.attendances, cf.sessions, cf.volunteers,
           f.record_key, r.bands
    from current_figures cf join figures f on f.id = cf.figure_id join figure_revisions r on r.id = cf.revision_id ${periods}`);
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
export async function buildOrganisationCells(tx: Db, scope: BuildScope = {}): Promise<void> {
  let onlyOwnCells = sql``;
  if (scope.organisationId !== undefined) {
    await tx.execute(sql`create temporary table release_own_cells on commit drop as
      select distinct au.ancestor as area_code, coalesce(ac.ancestor, '') as activity_key, f.period, au.scope
      from release_figures f
      join release_area_up au on au.code = f.area_code
      join release_activity_up ac on ac.id = f.activity_id
      where f.organisation_id = ${scope.organisationId}`);
    await tx.execute(sql`analyze release_own_cells`);
    onlyOwnCells = sql`join release_own_cells oc on oc.area_code = au.ancestor and oc.activity_key = coalesce(ac.ancestor, '')
      and oc.period = f.period and oc.scope = au.scope`;
  }
  await tx.execute(sql`create temporary table release_org_cells on commit drop as
    select au.ancestor as area_code, ac.ancestor as activity_id, f.period, au.scope, f.organisation_id,
           sum(f.participants) as participants, sum(f.attendances) as attendances,
           sum(f.sessions) as sessions, sum(f.volunteers) as volunteers,
           bool_and(f.attendances is not null) as attendances_reported, bool_and(f.sessions is not null) as sessions_reported,
           bool_and(f.volunteers is not null) as volunteers_reported,
           sum(${measureKey('participants')}) as key_participants, sum(${measureKey('attendances')}) as key_attendances,
           sum(${measureKey('sessions')}) as key_sessions, sum(${measureKey('volunteers')}) as key_volunteers
    from release_figures f
    join release_area_up au on au.code = f.area_code
    join release_activity_up ac on ac.id = f.activity_id
    ${onlyOwnCells}
    group by au.ancestor, ac.ancestor, f.period, au.scope, f.organisation_id`);
  await tx.execute(sql`analyze release_org_cells`);
}

export type ReleaseCounts = { figures: number; organisations: number; periods: number; areas: number; activities: number; cells: number };

/** Counted from the snapshot and from the cells just written, so it reads no large table twice. */
export async function countRelease(tx: Db, target: BuildTarget): Promise<ReleaseCounts & { demo: boolean }> {
  const [row] = await queryRows<ReleaseCounts & { demo: boolean }>(
    tx,
    sql`select
      (select count(*) from release_figures) as figures,
      (select count(distinct organisation_id) from release_figures) as organisations,
      (select count(distinct period) from release_figures) as periods,
      c.areas, c.activities, c.cells,
      exists (select 1 from release_figures f join organisations o on o.id = f.organisation_id where o.is_demo) as demo
    from (select count(distinct area_code) as areas, count(distinct activity_id) as activities, count(*) as cells
          from ${target.cells}) c`,
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

/**
 * Where a build writes its published rows: the release's own tables, or (for a preview) temporary
 * tables of the same shape that vanish with the preview's transaction. Same statements either way.
 */
export type BuildTarget = { releaseId: number; cells: TableName; breakdown: TableName };
type TableName = ReturnType<typeof sql.identifier>;

export const releaseTarget = (releaseId: number): BuildTarget => {
  const t = releaseTables(releaseId);
  return { releaseId, cells: t.cells, breakdown: t.breakdown };
};

const PREVIEW_TABLES = [
  ['release_cells', 'release_preview_cells'],
  ['release_breakdown', 'release_preview_breakdown'],
] as const;

/**
 * Temporary tables shaped as the release tables, numbered as the next release would be (read
 * without the releases lock, so a preview never waits for a publication nor holds one up).
 */
export async function createPreviewTables(tx: Db): Promise<BuildTarget> {
  const [row] = await queryRows<{ id: number }>(tx, sql`select coalesce(max(id), 0) + 1 as id from releases`);
  for (const [parent, table] of PREVIEW_TABLES) {
    await tx.execute(
      sql`create temporary table ${sql.identifier(table)} (like ${sql.identifier(parent)} including defaults including constraints) on commit drop`,
    );
  }
  return { releaseId: Number(row!.id), cells: sql.identifier(PREVIEW_TABLES[0][1]), breakdown: sql.identifier(PREVIEW_TABLES[1][1]) };
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
export async function insertCells(tx: Db, target: BuildTarget, policy: DisclosurePolicy): Promise<void> {
  const { releaseId } = target;
  const participants = published(sql`sum(c.participants)`, policy, sql`sum(c.key_participants)`);
  // A measure one figure left out is not published at all: the sum of those that reported it would
  // read as the whole cell's, and 0 for "none reported" as "none happened".
  const measure = (sum: SQL, reported: SQL, keys: SQL) => sql`case when ${reported} then ${published(sum, policy, keys)} end`;
  await tx.execute(sql`insert into ${target.cells}
      (release_id, area_code, activity_id, period, scope, participants, attendances, sessions, volunteers,
       attendances_reported, sessions_reported, volunteers_reported, organisations, population, population_year, per_1000)
    select ${releaseId}::int, c.area_code, c.activity_id, c.period, c.scope, ${participants},
           ${measure(sql`sum(c.attendances)`, sql`bool_and(c.attendances_reported)`, sql`sum(c.key_attendances)`)},
           ${measure(sql`sum(c.sessions)`, sql`bool_and(c.sessions_reported)`, sql`sum(c.key_sessions)`)},
           ${measure(sql`sum(c.volunteers)`, sql`bool_and(c.volunteers_reported)`, sql`sum(c.key_volunteers)`)},
           bool_and(c.attendances_reported), bool_and(c.sessions_reported), bool_and(c.volunteers_reported), count(*),
           p.total, p.year, round(${participants} * 1000.0 / nullif(p.total, 0), 4)
    from release_org_cells c
    left join (select distinct on (area_code) area_code, total, year from area_populations order by area_code, year desc) p
      on p.area_code = c.area_code and c.scope = 0
    group by c.area_code, c.activity_id, c.period, c.scope, p.total, p.year`);
}

/**
 * Per-organisation rows of every scope-0 cell. Named organisations whose published count is not
 * suppressed get their own row, ranked by published count; the rest (unnamed, or suppressed)
 * are summed exactly into one "other organisations" row, then published like any count (under
 * perturbation with the key of the rows it sums). A share is capped at 1: a part and its total
 * are perturbed independently, and no group may read as more than the whole.
 */
export async function insertBreakdown(tx: Db, target: BuildTarget, policy: DisclosurePolicy): Promise<void> {
  // Sorting on "C" collation keys gives the same partitions several times faster than a locale's.
  const cell = sql`partition by area_code collate "C", activity_id collate "C", period collate "C"`;
  const { releaseId } = target;
  await tx.execute(sql`insert into ${target.breakdown}
      (release_id, area_code, activity_id, period, organisation_id, organisation_name, merged, participants, organisations, share, rank)
    with o as (
      select c.area_code, c.activity_id, c.period, c.organisation_id, c.participants, c.key_participants, org.name, org.named,
             ${published(sql`c.participants`, policy, sql`c.key_participants`)} as published
      from release_org_cells c join organisations org on org.id = c.organisation_id
      where c.scope = 0),
    s as (select o.*, named and published is not null as shown from o),
    r as (
      select area_code, activity_id, period, organisation_id, name, false as merged, published as participants, 1 as organisations,
             rank() over (${cell} order by published desc) as rank
      from s where shown
      union all
      select area_code, activity_id, period, organisation_id, name, true, null, 1, null
      from s where named and not shown
      union all
      select area_code, activity_id, period, null, null, false, ${published(sql`sum(participants)`, policy, sql`sum(key_participants)`)},
             count(*), null
      from s where not shown group by area_code, activity_id, period)
    select ${releaseId}::int, r.area_code, r.activity_id, r.period, r.organisation_id, r.name, r.merged, r.participants,
           r.organisations,
           case when not r.merged and r.participants is not null and t.participants > 0
             then least(round(r.participants::numeric / t.participants, 4), 1) end,
           r.rank
    from r join ${target.cells} t on t.release_id = ${releaseId}::int and t.scope = 0 and t.area_code = r.area_code
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
