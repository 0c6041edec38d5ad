import type { Db } from '../../db/client.js';
import { notFound } from '../../http/problem.js';
import { hsdsId, TAXONOMIES, toHsdsOrganisation, toHsdsService, toTaxonomy, toTaxonomyTerm } from './openreferral.hsds.js';
import {
  listDirectoryOrganisations,
  listDirectoryTerms,
  listNamedOrganisationIds,
  listOrganisationActivities,
  listOrganisationAreas,
  type DirectoryOrganisationRow,
} from './openreferral.queries.js';
import type { DirectoryPageQuery } from './openreferral.schemas.js';

export const HSDS_VERSION = '3.0';
export const OPEN_REFERRAL_UK_PROFILE = 'https://openreferraluk.org/';

function pageOf<T>(contents: T[], total: number, q: DirectoryPageQuery) {
  const totalPages = Math.max(1, Math.ceil(total / q.per_page));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: q.page,
    size: contents.length,
    first_page: q.page === 1,
    last_page: q.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

const window = (q: DirectoryPageQuery) => ({ limit: q.per_page, offset: (q.page - 1) * q.per_page });

async function servicesOf(db: Db, rows: DirectoryOrganisationRow[], publicUrl: string) {
  const ids = rows.map((r) => r.id);
  const [activities, areas, terms] = await Promise.all([
    listOrganisationActivities(db, ids),
    listOrganisationAreas(db, ids),
    listDirectoryTerms(db),
  ]);
  const served = { activities, areas, terms: new Map(terms.map((t) => [t.id, t])) };
  return rows.map((r) => toHsdsService(r, served, publicUrl));
}

/** The slug of the named organisation whose HSDS id (organisation or service) is `uuid`. */
async function organisationByUuid(db: Db, uuid: string, kind: 'organisation' | 'service') {
  const id = (await listNamedOrganisationIds(db)).find((slug) => hsdsId(kind, slug) === uuid);
  const found = id === undefined ? undefined : (await listDirectoryOrganisations(db, { limit: 1, offset: 0 }, id)).rows[0];
  if (!found) throw notFound(`There is no ${kind === 'service' ? 'service' : 'organization'} ${uuid} in this directory.`);
  return found;
}

export const apiInfo = (publicUrl: string) => ({
  version: HSDS_VERSION,
  profile: OPEN_REFERRAL_UK_PROFILE,
  openapi_url: `${publicUrl}/openapi.json`,
});

export async function listServices(db: Db, publicUrl: string, q: DirectoryPageQuery) {
  const { rows, total } = await listDirectoryOrganisations(db, window(q));
  return pageOf(await servicesOf(db, rows, publicUrl), total, q);
}

export async function getService(db: Db, publicUrl: string, uuid: string) {
  const [service] = await servicesOf(db, [await organisationByUuid(db, uuid, 'service')], publicUrl);
  return service!;
}

export async function listOrganizations(db: Db, publicUrl: string, q: DirectoryPageQuery) {
  const { rows, total } = await listDirectoryOrganisations(db, window(q));
  return pageOf(
    rows.map((r) => toHsdsOrganisation(r, publicUrl)),
    total,
    q,
  );
}

export async function getOrganization(db: Db, publicUrl: string, uuid: string) {
  return toHsdsOrganisation(await organisationByUuid(db, uuid, 'organisation'), publicUrl);
}

export function listTaxonomies(q: DirectoryPageQuery) {
  const all = Object.values(TAXONOMIES).map(toTaxonomy);
  return pageOf(all.slice(window(q).offset, window(q).offset + q.per_page), all.length, q);
}

export async function listTaxonomyTerms(db: Db, q: DirectoryPageQuery) {
  const rows = await listDirectoryTerms(db);
  const listed = new Set(rows.map((r) => r.id));
  const terms = rows.map((r) => toTaxonomyTerm(r, listed));
  return pageOf(terms.slice(window(q).offset, window(q).offset + q.per_page), terms.length, q);
}
