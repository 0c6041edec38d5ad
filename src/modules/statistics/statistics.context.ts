import type { Db } from '../../db/client.js';
import { disclosureNote, NOT_REPORTED_REASON, unreportedRule } from '../../domain/disclosure.js';
import { ATTRIBUTION, citable, DEMO_NOTE, LICENCE, TOTALS_NOTE } from '../../domain/publication.js';
import { notFound, ProblemError } from '../../http/problem.js';
import { latestPeriod } from '../../domain/period.js';
import { findActivityRow } from '../activities/activities.service.js';
import { findArea } from '../areas/areas.service.js';
import { findRelease, type ReleaseRow } from '../releases/releases.service.js';

// What every statistics answer shares: the release it reads, and the metadata that makes it citable.

// A published release never changes, so a row read once is kept, per database handle (tests
// open several), for every later answer that names it. Releases are few; the bound is generous.
const RELEASES_KEPT = 1000;
const releasesByDb = new WeakMap<Db, Map<number, ReleaseRow>>();

async function findReleaseOnce(db: Db, id: number | undefined): Promise<ReleaseRow | undefined> {
  let kept = releasesByDb.get(db);
  if (!kept) releasesByDb.set(db, (kept = new Map<number, ReleaseRow>()));
  const known = id === undefined ? undefined : kept.get(id);
  if (known) return known;
  const release = await findRelease(db, id);
  if (release && kept.size < RELEASES_KEPT) kept.set(release.id, release);
  return release;
}

export async function requireRelease(db: Db, id: number | undefined): Promise<ReleaseRow> {
  const release = await findReleaseOnce(db, id);
  if (release) return release;
  throw notFound(
    id === undefined
      ? 'No release has been published yet, so there are no statistics. The steward who runs this service publishes one with an admin key (`POST /v1/releases`, or `npm run release` on the server).'
      : `There is no release ${id}; GET /v1/releases lists the published ones.`,
  );
}

export async function requireArea(db: Db, code: string) {
  const area = await findArea(db, code);
  if (!area) throw notFound(`There is no area with code ${code}.`);
  return { code: area.code, name: area.name, type: area.type };
}

export async function requireActivity(db: Db, id: string | undefined) {
  if (id === undefined) return null;
  const activity = await findActivityRow(db, id);
  if (!activity) throw notFound(`There is no activity with id ${id}.`);
  return { id: activity.id, label: activity.label };
}

export { latestPeriod };

export const noFigures = (detail: string) => new ProblemError('no-figures', detail);

export function describeCell(
  release: ReleaseRow,
  area: { name: string; code: string },
  activity: { label: string } | null,
  period?: string,
) {
  const what = activity ? `${activity.label} (and the activities beneath it)` : 'any activity';
  return `Release ${release.id} has no figures for ${what} in ${area.name} (${area.code})${period ? ` in ${period}` : ' in any period'}`;
}

function policyNotes(policy: unknown): string[] {
  return [
    disclosureNote(policy),
    unreportedRule(policy) === 'null'
      ? `Attendances, sessions and volunteers are published only where every organisation reported them; otherwise they are ${NOT_REPORTED_REASON} (flag x, [x] in CSV).`
      : 'In this release an organisation that did not report attendances, sessions or volunteers counts as 0 in them, so those totals can be lower than what took place.',
  ];
}

/** The metadata of a statistics answer; `path` is the request with its query, pinned to the release. */
export function statisticsMeta(
  release: ReleaseRow,
  publicUrl: string,
  cite: { what: string; path: string; query: Record<string, string | undefined> },
) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(cite.query)) if (value !== undefined) params.set(key, value);
  params.set('release', String(release.id));
  const date = release.publishedAt.toISOString().slice(0, 10);
  return {
    release: { id: release.id, publishedAt: release.publishedAt.toISOString() },
    demo: release.isDemo,
    licence: LICENCE,
    attribution: ATTRIBUTION,
    citation: {
      text: citable(`Participation API, release ${release.id} (published ${date}): ${cite.what}.`, release.isDemo),
      url: `${publicUrl}${cite.path}?${params.toString()}`,
    },
    notes: [TOTALS_NOTE, ...policyNotes(release.policy), ...(release.isDemo ? [DEMO_NOTE] : [])],
  };
}
