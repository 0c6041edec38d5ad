import type { Db } from '../../db/client.js';
import { notFound } from '../../http/problem.js';
import { findArea } from '../areas/areas.service.js';
import { toRelease } from '../releases/releases.schemas.js';
import { findRelease, listAllReleases } from '../releases/releases.service.js';
import { dcatCatalog } from './catalog.dcat.js';
import { buildDatasetJsonLd } from './catalog.schemaorg.js';

// For pages that embed the schema.org description (the area profile): build it from a release.
export { buildDatasetJsonLd, type DatasetArea } from './catalog.schemaorg.js';

export async function getCatalog(db: Db, publicUrl: string) {
  return dcatCatalog((await listAllReleases(db)).map(toRelease), publicUrl);
}

/**
 * A release (the latest unless `release` is given) as a schema.org Dataset; with `area`, the
 * description of the area profile page `/areas/{code}` built on it.
 */
export async function getDataset(db: Db, publicUrl: string, options: { area?: string; release?: number } = {}) {
  const release = await findRelease(db, options.release);
  if (!release)
    throw notFound(options.release === undefined ? 'No release has been published yet.' : `There is no release ${options.release}.`);
  if (options.area === undefined) return buildDatasetJsonLd(toRelease(release), publicUrl);
  const area = await findArea(db, options.area);
  if (!area) throw notFound(`There is no area with code ${options.area}.`);
  return buildDatasetJsonLd(toRelease(release), publicUrl, {
    area: { code: area.code, name: area.name },
    url: `${publicUrl}/areas/${area.code}`,
  });
}
