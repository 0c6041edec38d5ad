// A release as a Frictionless Data Package (v2): its tables with their Table Schemas, licence,
// sources, contributors and the disclosure policy the release was built with.
import { ATTRIBUTION, LICENCE, TOTALS_NOTE } from '../../domain/publication.js';
import { REFERENCE_SOURCES } from '../../reference/reference.sources.js';
import type { Release } from '../releases/releases.schemas.js';
import { MISSING_VALUES, PACKAGE_TABLES, type PackageTable } from './packages.tables.js';

export const DATA_PACKAGE_PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json';

/** The licence of published figures, by its Open Definition id. */
export const PACKAGE_LICENCE = { name: 'CC-BY-4.0', path: LICENCE.url, title: LICENCE.name };

export const packageSources = () => [
  { title: 'Figures reported by community organisations (participants, attendances, sessions, volunteers)' },
  ...REFERENCE_SOURCES.map((s) => ({ title: `${s.title} (${s.publisher}; ${s.licence.name})`, path: s.url })),
];

export const packageContributors = (publicUrl: string) => [
  { title: 'Participation API', path: publicUrl, roles: ['publisher'] },
  { title: 'Community organisations that reported figures', roles: ['creator'] },
];

const tableSchema = (table: PackageTable) => ({
  fields: table.fields.map((f) => ({
    name: f.name,
    type: f.type,
    description: f.description,
    ...(f.type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
    ...(f.required || f.enum ? { constraints: { ...(f.required ? { required: true } : {}), ...(f.enum ? { enum: f.enum } : {}) } } : {}),
  })),
  missingValues: MISSING_VALUES,
  primaryKey: table.primaryKey,
  ...(table.foreignKeys.length
    ? {
        foreignKeys: table.foreignKeys.map((k) => ({
          fields: [k.fields],
          reference: { resource: k.resource, fields: [k.resourceFields] },
        })),
      }
    : {}),
});

const resource = (table: PackageTable) => ({
  name: table.name,
  path: table.path,
  type: 'table',
  title: table.title,
  description: table.description,
  format: 'csv',
  mediatype: 'text/csv',
  encoding: 'utf-8',
  // The files start with a byte-order mark (for spreadsheets); readers that honour utf-8 skip it.
  dialect: { header: true, delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true },
  schema: tableSchema(table),
});

export function releaseDataPackage(release: Release, publicUrl: string) {
  const self = `${publicUrl}/v1/releases/${release.id}`;
  return {
    $schema: DATA_PACKAGE_PROFILE,
    name: `participation-release-${release.id}`,
    id: self,
    title: `Community participation, release ${release.id}${release.demo ? ' (demonstration data)' : ''}`,
    description: [
      'Participation figures reported by community organisations, by area, activity and period, with a breakdown per named organisation.',
      TOTALS_NOTE,
      ...release.policy.rules,
    ].join(' '),
    homepage: self,
    version: String(release.id),
    created: release.publishedAt,
    keywords: ['participation', 'community groups', 'sport', 'physical activity', 'volunteering'],
    licenses: [PACKAGE_LICENCE],
    sources: packageSources(),
    contributors: packageContributors(publicUrl),
    attribution: ATTRIBUTION,
    demo: release.demo,
    disclosure: release.policy,
    resources: PACKAGE_TABLES.map(resource),
  };
}
