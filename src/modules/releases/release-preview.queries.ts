import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { BuildTarget } from './release-build.queries.js';

// What a preview build (temporary tables, inside a transaction that is rolled back) would change
// against the latest release. Everything here reads; the only tables written are temporary.

export type CellChangeKind = 'new' | 'gone' | 'changed' | 'suppressed' | 'unsuppressed';

export type CellValuesRow = {
  participants: number | null;
  attendances: number | null;
  sessions: number | null;
  volunteers: number | null;
  attendances_reported: boolean | null;
  sessions_reported: boolean | null;
  volunteers_reported: boolean | null;
  organisations: number;
  per_1000: number | null;
};

export type CellChangeRow = {
  change: CellChangeKind;
  period: string;
  area_code: string;
  area_name: string;
  activity_id: string | null;
  scope: number;
  before: CellValuesRow | null;
  after: CellValuesRow | null;
};

const VALUES = ['participants', 'attendances', 'sessions', 'volunteers', 'attendances_reported', 'sessions_reported'] as const;
const MORE_VALUES = ['volunteers_reported', 'organisations', 'per_1000'] as const;
const COMPARED = [...VALUES, ...MORE_VALUES];

const cellJson = (alias: 'p' | 'l') =>
  sql.raw(
    `case when ${alias}.area_code is null then null else json_build_object(${COMPARED.map((c) => `'${c}', ${alias}.${c}`).join(', ')}) end`,
  );

/**
 * Every cell whose published values differ between the preview and the latest release (none
 * before the first: every cell is new), kept in a temporary table so that it is counted and paged
 * without being worked out again.
 */
export async function collectCellChanges(tx: Db, target: BuildTarget, latestId: number | null): Promise<number> {
  const differs = sql.raw(COMPARED.map((c) => `p.${c} is distinct from l.${c}`).join(' or '));
  await tx.execute(sql`create temporary table release_preview_changes on commit drop as
    with l as (select * from release_cells where release_id = ${latestId ?? 0}::int)
    select case when l.area_code is null then 'new' when p.area_code is null then 'gone'
                when l.participants is not null and p.participants is null then 'suppressed'
                when l.participants is null and p.participants is not null then 'unsuppressed'
                else 'changed' end as change,
           coalesce(p.period, l.period) as period, coalesce(p.area_code, l.area_code) as area_code,
           coalesce(p.activity_id, l.activity_id) as activity_id, coalesce(p.scope, l.scope) as scope,
           ${cellJson('l')} as before, ${cellJson('p')} as after
    from ${target.cells} p
    full join l on l.area_code = p.area_code and coalesce(l.activity_id, '') = coalesce(p.activity_id, '')
      and l.period = p.period and l.scope = p.scope
    where p.area_code is null or l.area_code is null or ${differs}`);
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from release_preview_changes`);
  return Number(row!.n);
}

/** A page of the changes (all of them when page is undefined), in the order of the published table. */
export async function listCellChanges(tx: Db, page?: { limit: number; offset: number }): Promise<CellChangeRow[]> {
  const rows = await queryRows<CellChangeRow>(
    tx,
    sql`select c.change, c.period, c.area_code, a.name as area_name, c.activity_id, c.scope, c.before, c.after
    from release_preview_changes c join areas a on a.code = c.area_code
    order by c.period, c.area_code, c.activity_id nulls first, c.scope
    ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`,
  );
  // json_build_object keeps numeric per_1000 as a JSON number; the scope is a smallint on both drivers.
  return rows.map((r) => ({ ...r, scope: Number(r.scope) }));
}

export type NamingChangeRow = { organisation_id: string; organisation_name: string; change: 'first-named' | 'no-longer-named' };

/** Organisations with a row of their own somewhere in one of the two and nowhere in the other. */
export function listNamingChanges(tx: Db, target: BuildTarget, latestId: number | null) {
  return queryRows<NamingChangeRow>(
    tx,
    sql`with p as (select organisation_id, min(organisation_name) as organisation_name from ${target.breakdown}
                   where not merged and organisation_id is not null group by organisation_id),
         l as (select organisation_id, min(organisation_name) as organisation_name from release_breakdown
               where release_id = ${latestId ?? 0}::int and not merged and organisation_id is not null group by organisation_id)
    select p.organisation_id, p.organisation_name, 'first-named' as change from p
      where not exists (select 1 from l where l.organisation_id = p.organisation_id)
    union all
    select l.organisation_id, l.organisation_name, 'no-longer-named' from l
      where not exists (select 1 from p where p.organisation_id = l.organisation_id)
    order by change, organisation_name, organisation_id`,
  );
}

/** Published breakdown rows (a named organisation's own, or "other organisations") of the preview and of the latest release. */
export async function countBreakdownRows(tx: Db, target: BuildTarget, latestId: number | null) {
  const [row] = await queryRows<{ after: number; before: number }>(
    tx,
    sql`select (select count(*)::int from ${target.breakdown} where not merged) as after,
               (select count(*)::int from release_breakdown where release_id = ${latestId ?? 0}::int and not merged) as before`,
  );
  return { before: Number(row!.before), after: Number(row!.after) };
}

export type OwnCellRow = {
  period: string;
  area_code: string;
  area_name: string;
  area_type: string;
  activity_id: string | null;
  activity_label: string | null;
  total_participants: number | null;
  total_organisations: number;
  own_row: boolean;
  merged: boolean | null;
  participants: number | null;
  share: number | null;
  rank: number | null;
  other_participants: number | null;
  other_organisations: number | null;
};

/**
 * Each published cell (scope 0: the area and everything in it) the organisation contributes to,
 * with its own breakdown row (none when it is not named) and the cell's "other organisations" row.
 */
export async function listOwnCells(tx: Db, target: BuildTarget, organisationId: string) {
  // Temporary tables have no statistics until analysed; without them the planner loops over the breakdown per cell.
  await tx.execute(sql`analyze ${target.cells}`);
  await tx.execute(sql`analyze ${target.breakdown}`);
  return queryRows<OwnCellRow>(
    tx,
    sql`with own as (select * from ${target.breakdown} where organisation_id = ${organisationId}),
         other as (select * from ${target.breakdown} where organisation_id is null)
    select c.period, c.area_code, a.name as area_name, a.type as area_type, c.activity_id, act.label as activity_label,
           c.participants as total_participants, c.organisations as total_organisations,
           b.area_code is not null as own_row, b.merged, b.participants, b.share::float8 as share, b.rank,
           o.participants as other_participants, o.organisations as other_organisations
    from release_own_cells oc
    join ${target.cells} c on c.area_code = oc.area_code and coalesce(c.activity_id, '') = oc.activity_key
      and c.period = oc.period and c.scope = oc.scope
    join areas a on a.code = c.area_code
    left join activities act on act.id = c.activity_id
    left join own b on b.area_code = c.area_code and coalesce(b.activity_id, '') = oc.activity_key and b.period = c.period
    left join other o on o.area_code = c.area_code and coalesce(o.activity_id, '') = oc.activity_key and o.period = c.period
    where oc.scope = 0
    order by c.period desc, a.type, c.area_code, c.activity_id nulls first`,
  );
}
