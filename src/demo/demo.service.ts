import type { Db } from '../db/client.js';
import { recordSubmission } from '../modules/figures/figures.service.js';
import { publishRelease, type PublishedRelease } from '../modules/releases/releases.service.js';
import type { DisclosurePolicy } from '../domain/disclosure.js';
import { generateDemoData } from './demo.generator.js';
import {
  countDemoOrganisations,
  DEMO_CITY,
  DEMO_DISTRICTS,
  insertDemoOrganisations,
  isEmpty,
  listDistricts,
  listWards,
} from './demo.queries.js';

export const DEMO_SEED = 20250401;

/** Loads the demo organisations and their figures; does nothing when they are already there. */
export async function loadDemoData(db: Db, seed = DEMO_SEED): Promise<{ organisations: number; figures: number }> {
  if ((await countDemoOrganisations(db)) > 0) return { organisations: 0, figures: 0 };
  const districts = await listDistricts(db, DEMO_DISTRICTS);
  // Every Leeds ward, and a handful in each other district.
  const wards = (
    await Promise.all(districts.map(async (d) => (await listWards(db, d.code)).slice(0, d.code === DEMO_CITY ? undefined : 6)))
  ).flat();
  const data = generateDemoData({ seed, wards, districts });
  await insertDemoOrganisations(db, data);
  for (const organisation of data) {
    await recordSubmission(db, { organisationId: organisation.id, apiKeyId: null, format: 'demo', figures: organisation.figures });
  }
  return { organisations: data.length, figures: data.reduce((n, o) => n + o.figures.length, 0) };
}

/** First start of an empty embedded database: load the demo and publish release 1 from it. */
export async function loadDemoIfEmpty(db: Db, policy: DisclosurePolicy): Promise<PublishedRelease | undefined> {
  if (!(await isEmpty(db))) return undefined;
  await loadDemoData(db);
  return publishRelease(db, { policy, notes: 'Demonstration data: generated groups and figures, loaded on first start. Not real.' });
}
