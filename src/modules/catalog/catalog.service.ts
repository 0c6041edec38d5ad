import type { Db } from '../../db/client.js';
import { notFound } from '../../http/problem.js';
import { toRelease } from '../releases/releases.schemas.js';
import { findRelease, listAllReleases } from '../releases/releases.service.js';
import { dcatCatalog } from './catalog.dcat.js';
import { buildDatasetJsonLd } from './catalog.schemaorg.js';

// For pages that embed the schema.org description (the area profile): build it from a release.
export { buildDatasetJsonLd, type DatasetArea } from './catalog.schemaorg.js';

export async function getCatalog(db: Db, publicUrl: string) {
  return dcatCatalog((await listAllReleases(db)).map(toRelease), publicUrl);
}

export async function getLatestDataset(db: Db, publicUrl: string) {
  const release = await findRelease(db);
  if (!release) throw notFound('No release has been published yet.');
  return buildDatasetJsonLd(toRelease(release), publicUrl);
}
