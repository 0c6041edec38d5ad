import { PassThrough, type Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import type { Db } from '../../db/client.js';
import { toCsv } from '../../http/csv.js';
import { findRelease, listPublishedRows, type ReleaseRow } from '../releases/releases.service.js';
import { toRelease } from '../releases/releases.schemas.js';
import { releaseCsvw } from './packages.csvw.js';
import { releaseDataPackage } from './packages.datapackage.js';
import { listReleaseActivities, listReleaseAreas } from './packages.queries.js';
import { ACTIVITIES, activityColumns, ALL_ACTIVITIES, AREAS, areaColumns, PUBLISHED, publishedColumns } from './packages.tables.js';

export { findRelease };

export const PACKAGE_FILES = ['published.csv', 'areas.csv', 'activities.csv'] as const;
export type PackageFile = (typeof PACKAGE_FILES)[number];

export const describeDataPackage = (release: ReleaseRow, publicUrl: string) => releaseDataPackage(toRelease(release), publicUrl);
export const describeCsvw = (release: ReleaseRow, publicUrl: string) => releaseCsvw(toRelease(release), publicUrl);

/** One CSV file of a release package. */
export async function packageFile(db: Db, release: ReleaseRow, file: PackageFile): Promise<string> {
  if (file === 'published.csv') return toCsv(publishedColumns(release), await listPublishedRows(db, release.id));
  if (file === 'areas.csv') return toCsv(areaColumns, await listReleaseAreas(db, release.id));
  // `all` is the activity id of every all-activities row, so the foreign key holds for it too.
  const activities = [{ ...ALL_ACTIVITIES, uri: null }, ...(await listReleaseActivities(db, release.id))];
  return toCsv(activityColumns, activities);
}

/**
 * The whole release as a zip: the two metadata files and the CSV files they describe, at the paths
 * they name. The files are read before the first byte is sent, so a database error is still an
 * error answer; the archive itself is compressed as it streams out.
 */
export async function packageZip(db: Db, release: ReleaseRow, publicUrl: string): Promise<Readable> {
  const files = await Promise.all(PACKAGE_FILES.map(async (file) => [file, await packageFile(db, release, file)] as const));
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const out = new PassThrough();
  zip.on('error', (error) => out.destroy(error));
  zip.pipe(out);
  const date = release.publishedAt;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  zip.append(json(describeDataPackage(release, publicUrl)), { name: 'datapackage.json', date });
  zip.append(json(describeCsvw(release, publicUrl)), { name: 'csv-metadata.json', date });
  for (const [file, csv] of files) zip.append(csv, { name: `data/${file}`, date });
  void zip.finalize();
  return out;
}

export const TABLE_PATHS = { published: PUBLISHED.path, areas: AREAS.path, activities: ACTIVITIES.path };
