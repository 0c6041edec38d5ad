// A release as a schema.org Dataset (JSON-LD), for dataset search engines. One function, so the
// public page and the area profile embed the same description: pass `area` for a page about one
// area (its name goes into the title, its code into spatialCoverage).
import { ATTRIBUTION, LICENCE, TOTALS_NOTE } from '../../domain/publication.js';
import type { Release } from '../releases/releases.schemas.js';

export type DatasetArea = { code: string; name: string };

export function buildDatasetJsonLd(release: Release, publicUrl: string, options: { area?: DatasetArea; url?: string } = {}) {
  const self = `${publicUrl}/v1/releases/${release.id}`;
  const where = options.area ? ` in ${options.area.name}` : '';
  return {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    '@id': options.area ? `${publicUrl}/areas/${options.area.code}#dataset` : `${self}#dataset`,
    name: `Community participation${where}, release ${release.id}${release.demo ? ' (demonstration data)' : ''}`,
    description: `How many people take part in community activities${where} (sport, dance, arts, advice, volunteering), as reported by community organisations, by area, activity and period, next to ONS population estimates. ${TOTALS_NOTE} Small counts are protected by disclosure control.`,
    url: options.url ?? `${publicUrl}/`,
    identifier: self,
    version: String(release.id),
    datePublished: release.publishedAt,
    license: LICENCE.url,
    isAccessibleForFree: true,
    creditText: ATTRIBUTION,
    keywords: ['participation', 'community groups', 'sport', 'physical activity', 'volunteering'],
    creator: { '@type': 'Organization', name: 'Community organisations reporting to the Participation API' },
    publisher: { '@type': 'Organization', name: 'Participation API', url: publicUrl },
    ...(options.area
      ? {
          spatialCoverage: {
            '@type': 'Place',
            name: options.area.name,
            identifier: options.area.code,
            sameAs: `http://statistics.data.gov.uk/id/statistical-geography/${options.area.code}`,
          },
        }
      : { spatialCoverage: { '@type': 'Place', name: 'United Kingdom' } }),
    variableMeasured: ['participants', 'attendances', 'sessions', 'volunteers', 'participants per 1,000 residents'],
    distribution: [
      { '@type': 'DataDownload', encodingFormat: 'text/csv', contentUrl: `${self}/download?format=csv` },
      { '@type': 'DataDownload', encodingFormat: 'application/json', contentUrl: `${self}/download` },
      {
        '@type': 'DataDownload',
        encodingFormat: 'application/zip',
        contentUrl: `${self}/package.zip`,
        description: 'Data Package: CSV tables with datapackage.json and csv-metadata.json',
      },
    ],
  };
}
