import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';

// Everything here reads organisations that are named NOW, joined on `o.named`: an organisation that
// never agreed, or withdrew its consent, is absent from every answer, not even its id shows.
// Activities and areas served come from the latest release, i.e. from what has been published.

// Arrays and times as JSON: the two drivers read raw text[] and timestamptz results differently.
export type DirectoryOrganisationRow = { id: string; name: string; identifiers: string[]; updated_at: string };
export type ServedRow = { organisation_id: string; code: string; name: string };

const latestRelease = sql`(select max(id) from releases)`;

export async function listDirectoryOrganisations(db: Db, page: { limit: number; offset: number }, id?: string) {
  const only = id === undefined ? sql`` : sql`and o.id = ${id}`;
  const [rows, [total]] = await Promise.all([
    queryRows<DirectoryOrganisationRow>(
      db,
      sql`select o.id, o.name, to_json(o.identifiers) as identifiers, to_json(o.updated_at) #>> '{}' as updated_at from organisations o where o.named ${only}
          order by o.id limit ${page.limit} offset ${page.offset}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*) as n from organisations o where o.named ${only}`),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/**
 * The most specific activities each organisation has published figures for in the latest release:
 * a release repeats a figure under every ancestor activity, and those ancestors are left out.
 */
export function listOrganisationActivities(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return queryRows<ServedRow>(
    db,
    sql`select distinct b.organisation_id, a.id as code, a.label as name
        from release_breakdown b join activities a on a.id = b.activity_id
        where b.release_id = ${latestRelease} and b.organisation_id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})
          and not exists (
            select 1 from activity_parents p join release_breakdown c
              on c.release_id = b.release_id and c.organisation_id = b.organisation_id and c.activity_id = p.activity_id
            where p.parent_id = b.activity_id)
        order by b.organisation_id, a.id`,
  );
}

/** The most specific areas each organisation has published figures for in the latest release. */
export function listOrganisationAreas(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return queryRows<ServedRow>(
    db,
    sql`select distinct b.organisation_id, a.code, a.name
        from release_breakdown b join areas a on a.code = b.area_code
        where b.release_id = ${latestRelease} and b.organisation_id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})
          and not exists (
            select 1 from release_breakdown c join areas child on child.code = c.area_code
            where c.release_id = b.release_id and c.organisation_id = b.organisation_id and child.parent_code = b.area_code)
        order by b.organisation_id, a.code`,
  );
}

export type TermRow = {
  id: string;
  label: string;
  definition: string | null;
  uri: string | null;
  source: string;
  parent_id: string | null;
};

/** Activities any named organisation has published figures for, with one parent each for the hierarchy. */
export function listDirectoryTerms(db: Db) {
  return queryRows<TermRow>(
    db,
    sql`select a.id, a.label, a.definition, a.uri, a.source,
               (select min(p.parent_id) from activity_parents p where p.activity_id = a.id) as parent_id
        from activities a
        where a.id in (select b.activity_id from release_breakdown b join organisations o on o.id = b.organisation_id and o.named
                       where b.release_id = ${latestRelease})
        order by a.id`,
  );
}

/** The ids of every named organisation, to find one by its HSDS UUID (a hash that cannot be reversed). */
export async function listNamedOrganisationIds(db: Db) {
  return (await queryRows<{ id: string }>(db, sql`select id from organisations where named`)).map((r) => r.id);
}
