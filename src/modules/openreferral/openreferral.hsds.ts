// Rows as Open Referral HSDS 3.0 objects, in the shape Open Referral UK uses: a named organisation
// with one service (its community activities), the activities as OpenActive Activity List terms, the
// areas it has figures for as service areas. HSDS ids are UUIDs: version 5, named from our ids, so
// the same organisation always has the same UUID.
import { v5 as uuidv5 } from 'uuid';
import type { DirectoryOrganisationRow, ServedRow, TermRow } from './openreferral.queries.js';

const NAMESPACE = uuidv5('https://github.com/participation-api/hsds', uuidv5.URL);
export const hsdsId = (kind: string, id: string) => uuidv5(`${kind}:${id}`, NAMESPACE);

export const TAXONOMIES = {
  openactive: {
    id: hsdsId('taxonomy', 'openactive'),
    name: 'OpenActive Activity List',
    description: 'The OpenActive Activity List of physical activities (CC BY 4.0), as Open Referral UK uses it.',
    uri: 'https://openactive.io/activity-list',
  },
  local: {
    id: hsdsId('taxonomy', 'local'),
    name: 'Community activities',
    description: "The Participation API's short list of community activities that are not sport (arts, advice, befriending...).",
    uri: undefined,
  },
} as const;

const taxonomyOf = (source: string) => (source === 'openactive' ? TAXONOMIES.openactive : TAXONOMIES.local);

export function toTaxonomyTerm(row: TermRow, listed: ReadonlySet<string>) {
  const taxonomy = taxonomyOf(row.source);
  return {
    id: hsdsId('activity', row.id),
    code: row.id,
    name: row.label,
    description: row.definition ?? row.label,
    ...(row.parent_id && listed.has(row.parent_id) ? { parent_id: hsdsId('activity', row.parent_id) } : {}),
    taxonomy: taxonomy.name,
    taxonomy_id: taxonomy.id,
    ...(row.uri ? { term_uri: row.uri } : {}),
  };
}

export const toTaxonomy = (t: (typeof TAXONOMIES)[keyof typeof TAXONOMIES]) => ({
  id: t.id,
  name: t.name,
  description: t.description,
  ...(t.uri ? { uri: t.uri } : {}),
});

const IDENTIFIER_TYPES: Record<string, string> = {
  'GB-CHC': 'Charity Commission for England and Wales',
  'GB-SC': 'Scottish Charity Regulator',
  'GB-NIC': 'Charity Commission for Northern Ireland',
  'GB-COH': 'Companies House',
  'GB-CASC': 'Community Amateur Sports Club',
};

/** `GB-CHC-1234567` as an HSDS organization identifier: scheme GB-CHC, identifier 1234567. */
function toIdentifier(organisationId: string, identifier: string) {
  const scheme = /^[A-Z]{2}-[A-Z]+/.exec(identifier)?.[0] ?? identifier;
  return {
    id: hsdsId('identifier', identifier),
    organization_id: hsdsId('organisation', organisationId),
    identifier_scheme: scheme,
    identifier_type: IDENTIFIER_TYPES[scheme] ?? scheme,
    identifier: identifier.slice(scheme.length + 1) || identifier,
  };
}

export type Served = { activities: ServedRow[]; areas: ServedRow[]; terms: Map<string, TermRow> };

export function toHsdsOrganisation(row: DirectoryOrganisationRow, publicUrl: string) {
  return {
    id: hsdsId('organisation', row.id),
    name: row.name,
    description: `${row.name} is a community organisation that reports participation figures to the Participation API.`,
    uri: `${publicUrl}/v1/organisations/${row.id}`,
    organization_identifiers: row.identifiers.map((i) => toIdentifier(row.id, i)),
  };
}

export function toHsdsService(row: DirectoryOrganisationRow, served: Served, publicUrl: string) {
  const serviceId = hsdsId('service', row.id);
  const activities = served.activities.filter((a) => a.organisation_id === row.id);
  return {
    id: serviceId,
    organization_id: hsdsId('organisation', row.id),
    name: row.name,
    description: activities.length
      ? `Community activities: ${activities.map((a) => a.name).join(', ')}.`
      : 'Community activities (no figures published yet).',
    url: `${publicUrl}/v1/organisations/${row.id}`,
    status: 'active',
    last_modified: new Date(row.updated_at).toISOString(),
    organization: toHsdsOrganisation(row, publicUrl),
    service_areas: served.areas
      .filter((a) => a.organisation_id === row.id)
      .map((a) => ({
        id: hsdsId('service-area', `${row.id}:${a.code}`),
        service_id: serviceId,
        name: a.name,
        description: `ONS area ${a.code}`,
        extent: a.code,
        extent_type: 'text',
        uri: `${publicUrl}/v1/areas/${a.code}`,
      })),
    attributes: activities.map((a) => {
      const term = served.terms.get(a.code);
      return {
        id: hsdsId('service-activity', `${row.id}:${a.code}`),
        link_id: serviceId,
        link_type: 'service',
        link_entity: 'service',
        taxonomy_term_id: hsdsId('activity', a.code),
        value: a.code,
        ...(term ? { taxonomy_term: toTaxonomyTerm(term, new Set()) } : {}),
      };
    }),
  };
}
