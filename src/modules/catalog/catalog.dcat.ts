// The releases as a DCAT catalogue in JSON-LD, with the terms DCAT-AP (and DCAT-AP UK, which
// profiles it) require or recommend: each release a dcat:Dataset with its distributions.
import { ATTRIBUTION, LICENCE, TOTALS_NOTE } from '../../domain/publication.js';
import type { Release } from '../releases/releases.schemas.js';

export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  adms: 'http://www.w3.org/ns/adms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
};

const EU = 'http://publications.europa.eu/resource/authority';
const dateTime = (value: string) => ({ '@value': value, '@type': 'xsd:dateTime' });
const ref = (id: string) => ({ '@id': id });

const publisher = (publicUrl: string) => ({ '@id': `${publicUrl}/#publisher`, '@type': 'foaf:Agent', 'foaf:name': 'Participation API' });

function distribution(id: string, title: string, url: string, mediaType: string, format: string, conformsTo?: string) {
  return {
    '@id': `${url}#distribution`,
    '@type': 'dcat:Distribution',
    'dct:identifier': id,
    'dct:title': title,
    'dcat:accessURL': ref(url),
    'dcat:downloadURL': ref(url),
    'dcat:mediaType': ref(`https://www.iana.org/assignments/media-types/${mediaType}`),
    'dct:format': ref(`${EU}/file-type/${format}`),
    'dct:license': ref(LICENCE.url),
    ...(conformsTo ? { 'dct:conformsTo': ref(conformsTo) } : {}),
  };
}

export function releaseDataset(release: Release, publicUrl: string) {
  const self = `${publicUrl}/v1/releases/${release.id}`;
  return {
    '@id': self,
    '@type': 'dcat:Dataset',
    'dct:identifier': self,
    'dct:title': `Community participation, release ${release.id}${release.demo ? ' (demonstration data)' : ''}`,
    'dct:description': `Participation in community activities reported by community organisations, by area, activity and period, with a breakdown per named organisation. ${TOTALS_NOTE} ${release.policy.rules.join(' ')}`,
    'dct:issued': dateTime(release.publishedAt),
    'dct:modified': dateTime(release.publishedAt),
    'dct:publisher': ref(`${publicUrl}/#publisher`),
    'dct:creator': { '@type': 'foaf:Agent', 'foaf:name': 'Community organisations reporting to the Participation API' },
    'dct:license': ref(LICENCE.url),
    'dct:rights': ATTRIBUTION,
    'dct:accessRights': ref(`${EU}/access-right/PUBLIC`),
    'dct:language': ref(`${EU}/language/ENG`),
    'dct:spatial': ref(`${EU}/country/GBR`),
    'dct:accrualPeriodicity': ref(`${EU}/frequency/IRREG`),
    'dcat:version': String(release.id),
    'adms:versionNotes': release.notes ?? '',
    'dcat:theme': ref(`${EU}/data-theme/SOCI`),
    'dcat:keyword': ['participation', 'community groups', 'sport', 'physical activity', 'volunteering'],
    'dcat:landingPage': ref(`${publicUrl}/`),
    'dcat:contactPoint': { '@type': 'vcard:Organization', 'vcard:fn': 'Participation API', 'vcard:hasURL': ref(`${publicUrl}/v1/meta`) },
    'dcat:distribution': [
      distribution('csv', 'The published table as CSV', `${self}/download?format=csv`, 'text/csv', 'CSV'),
      distribution('json', 'The published table as JSON', `${self}/download`, 'application/json', 'JSON'),
      distribution(
        'zip',
        'Data Package: CSV tables with their metadata',
        `${self}/package.zip`,
        'application/zip',
        'ZIP',
        'https://datapackage.org/standard/data-package/',
      ),
      distribution(
        'datapackage',
        'Data Package descriptor',
        `${self}/datapackage.json`,
        'application/json',
        'JSON',
        'https://datapackage.org/standard/data-package/',
      ),
      distribution(
        'csvw',
        'CSV on the Web metadata',
        `${self}/csv-metadata.json`,
        'application/csvm+json',
        'JSON',
        'http://www.w3.org/TR/tabular-metadata/',
      ),
    ],
  };
}

export function dcatCatalog(releases: Release[], publicUrl: string) {
  return {
    '@context': DCAT_CONTEXT,
    '@id': `${publicUrl}/v1/catalog`,
    '@type': 'dcat:Catalog',
    'dct:title': 'Participation API: community participation releases',
    'dct:description': 'Every published release of community participation figures, each an immutable, citable dataset.',
    'dct:publisher': publisher(publicUrl),
    'dct:license': ref(LICENCE.url),
    'dct:language': ref(`${EU}/language/ENG`),
    'foaf:homepage': ref(`${publicUrl}/`),
    ...(releases[0] ? { 'dct:modified': dateTime(releases[0].publishedAt) } : {}),
    'dcat:dataset': releases.map((r) => releaseDataset(r, publicUrl)),
  };
}
