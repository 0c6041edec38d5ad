// The same release as CSV on the Web metadata (W3C Metadata Vocabulary for Tabular Data): one table
// group, a column description per CSV column, the missing-value markers as `null`, and the keys.
import { ATTRIBUTION, LICENCE, TOTALS_NOTE } from '../../domain/publication.js';
import type { Release } from '../releases/releases.schemas.js';
import { packageSources } from './packages.datapackage.js';
import { MISSING_VALUES, PACKAGE_TABLES, type FieldType, type PackageTable } from './packages.tables.js';

const DATATYPES: Record<FieldType, string> = { string: 'string', integer: 'integer', number: 'decimal', boolean: 'boolean' };

const table = (t: PackageTable) => ({
  url: t.path,
  'dc:title': t.title,
  'dc:description': t.description,
  tableSchema: {
    columns: t.fields.map((f) => ({
      name: f.name,
      titles: f.name,
      'dc:description': f.description,
      datatype: f.type === 'boolean' ? { base: 'boolean', format: 'true|false' } : DATATYPES[f.type],
      ...(f.required ? { required: true } : {}),
    })),
    primaryKey: t.primaryKey,
    ...(t.foreignKeys.length
      ? {
          foreignKeys: t.foreignKeys.map((k) => ({
            columnReference: k.fields,
            reference: { resource: PACKAGE_TABLES.find((o) => o.name === k.resource)!.path, columnReference: k.resourceFields },
          })),
        }
      : {}),
  },
});

export function releaseCsvw(release: Release, publicUrl: string) {
  const self = `${publicUrl}/v1/releases/${release.id}`;
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'en' }],
    '@id': `${self}/csv-metadata.json`,
    '@type': 'TableGroup' as const,
    'dc:title': `Community participation, release ${release.id}${release.demo ? ' (demonstration data)' : ''}`,
    'dc:description': [TOTALS_NOTE, ...release.policy.rules].join(' '),
    'dc:created': { '@value': release.publishedAt, '@type': 'xsd:dateTime' },
    'dc:license': { '@id': LICENCE.url },
    'dc:publisher': { 'schema:name': 'Participation API', 'schema:url': { '@id': publicUrl } },
    'dc:source': packageSources().map((s) => ('path' in s ? s.path : s.title)),
    'dcat:keyword': ['participation', 'community groups'],
    'schema:citation': ATTRIBUTION,
    dialect: { encoding: 'utf-8', header: true, delimiter: ',', lineTerminator: '\r\n' },
    null: MISSING_VALUES,
    tables: PACKAGE_TABLES.map(table),
  };
}
