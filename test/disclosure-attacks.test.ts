import type { Test } from 'tap';
import { figures as figureIdentities, organisations } from '../src/db/schema/index.js';
import type { Db } from '../src/db/client.js';
import { seededRandom } from '../src/demo/demo.generator.js';
import { DEFAULT_POLICY, type Count, type DisclosurePolicy } from '../src/domain/disclosure.js';
import { CELL_KEY_POLICY } from '../src/domain/perturbation.js';
import { recordSubmission, type FigureValues } from '../src/modules/figures/figures.service.js';
import { SubmissionReceipt } from '../src/modules/figures/figures.schemas.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { AreaStatistics, Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { forEachDatabase, json, type TestContext } from './helpers/app.js';
import {
  combineReleases,
  inferRanges,
  joinReadings,
  lineage,
  measureLeak,
  publicReader,
  query,
  readRelease,
  perturbationBounds,
  roundingBounds,
  trackerRange,
  type Bounds,
  type Interval,
  type Leak,
  type Observation,
  type PublicReader,
  type Reading,
} from './helpers/attacks.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';
import { ARDSLEY, ARMLEY, BRAMLEY, LEEDS } from './fixtures/statistics-fixture.js';

// Measures what differencing recovers from a release, so that a change of disclosure policy is
// judged by what an attacker gets, not by what the rules say. Two attackers: an outside reader of
// the public API (interval inference over everything published), and an insider that pads the
// victim's cells with counts it knows (the tracker found in practice). Under rounding to 5 the
// outside reader pins nothing on the generated groups (exact integer programming over the same
// equations and bounds pins nothing more): a value only collapses when the exact values sit at
// the edge of their bands, as the lunch clubs below do, and the tracker puts them there itself.

export type AttackFigures = {
  /** The outside attacker on the generated groups. */
  generated: Leak;
  /** The outside attacker on four lunch clubs at the top of the suppressed band (worked out below). */
  edge: Leak;
  /** Observations whose inferred range excludes the exact value: any is a bug in the attack, never a finding. */
  misplaced: string[];
  tracker: { victims: number; recovered: number; recoveredAfterOne: number; cellsPerRelease: number; releases: number };
};

export type AttackedPolicy = {
  name: string;
  policy: DisclosurePolicy;
  /** What a published count says about its exact value, from the parameters the release publishes with it. */
  bounds: Bounds;
  expect: (t: Test, figures: AttackFigures) => void;
};

/**
 * The policies the suite attacks, each on a fresh database: rounding, where the attacks are known
 * to succeed (so the suite proves it can find a leak), and cell key perturbation, with bounds from
 * its published largest change, where no suppressed value may collapse to one value and the
 * tracker may pin none of the seven victims in three releases.
 */
export const ATTACKED_POLICIES: AttackedPolicy[] = [
  {
    name: 'rounding',
    policy: DEFAULT_POLICY,
    bounds: roundingBounds(DEFAULT_POLICY),
    expect: (t, figures) => {
      // By hand: Leeds publishes 30 for lunch clubs, so exactly 28 to 32; the four ward totals are
      // suppressed (at most 7 each) and nothing was reported for Leeds itself, so each is 7. Each
      // ward's lunch club total and "other organisations" row, and its community activity total
      // and row (at least the lunch club, at most 7), are the same 7: 16 values.
      t.same([figures.edge.suppressed, figures.edge.toOne], [16, 16], 'a district minus its wards pins all four lunch clubs');
      t.equal(figures.tracker.victims, 7, 'the tracker finds all seven lone victims from organisation counts');
      t.equal(figures.tracker.recovered, 7, 'the tracker pins every victim count from 1 to 7');
      // By hand: padding by 10, 11 and 12 moves v + offset across a rounding step (…12|13…17|18…) for
      // v = 3 (offset 10), v = 2 and 7 (offset 11) and v = 6 (offset 12), which splits 1..7 into
      // {1} {2} {3,4,5} {6} {7}; offsets 13 and 14 split {3,4,5} in the second release.
      t.equal(figures.tracker.recoveredAfterOne, 4, 'one release pins 1, 2, 6 and 7');
      t.equal(figures.tracker.releases, 2, 'two releases pin them all');
    },
  },
  {
    name: 'cell key perturbation',
    policy: CELL_KEY_POLICY,
    bounds: perturbationBounds(CELL_KEY_POLICY),
    expect: (t, figures) => {
      t.same([figures.generated.toOne, figures.edge.toOne], [0, 0], 'no suppressed value collapses to one value');
      t.equal(figures.tracker.recovered, 0, 'the tracker pins none of the seven victims');
    },
  },
];

const KIRKSTALL = 'E05011402';
const WARDS = [ARMLEY, BRAMLEY, ARDSLEY, KIRKSTALL];
// Wards where a single group reports, one victim each: Headingley & Hyde Park, Hunslet & Riverside,
// Middleton Park, Moortown, Rothwell, Roundhay, Weetwood.
const QUIET_WARDS = ['E05011397', 'E05011399', 'E05011404', 'E05011405', 'E05011410', 'E05011411', 'E05011413'];
const PERIODS = ['2024-25', '2025-26'];
const LATEST = '2025-26';
const SEED = 2026;

// The OpenActive and local hierarchy of the activities used, as written down here (the attackers read
// it from the API; the exact values below must not depend on the code under test).
const PARENT: Record<string, string> = {
  ballet: 'dance',
  tap: 'dance',
  street_dance: 'dance',
  '5_a_side': 'small_sided_football',
  small_sided_football: 'football',
  walking_football: 'football',
  lunch_club: 'community_activity',
};
const REPORTED = ['ballet', 'tap', 'street_dance', 'dance', '5_a_side', 'walking_football'];

type Figure = FigureValues & { organisation: string; participants: number };
type Group = { id: string; named: boolean; figures: Figure[] };

/** Forty groups, a third of them unnamed, mostly small: the counts suppression is for. */
function generateGroups(): Group[] {
  const random = seededRandom(SEED);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const participants = () => (random() < 0.8 ? 1 + Math.floor(random() * 15) : 16 + Math.floor(random() * 30));
  return Array.from({ length: 40 }, (_, i) => {
    const id = `group-${i + 1}`;
    // A few groups work across the district and report for it, not for a ward.
    const area = i < 4 ? LEEDS : pick(WARDS);
    const activities = [...new Set(random() < 0.5 ? [pick(REPORTED)] : [pick(REPORTED), pick(REPORTED)])];
    const periods = random() < 0.6 ? PERIODS : [pick(PERIODS)];
    const figures = periods.flatMap((period) =>
      activities.map((activity) => ({ organisation: id, activity, area, period, participants: participants() })),
    );
    return { id, named: random() < 0.65, figures };
  });
}

/** Victim v reports v in ballet, alone in its ward. */
const VICTIMS: Group[] = QUIET_WARDS.map((area, i) => ({
  id: `quiet-group-${i + 1}`,
  named: false,
  figures: [{ organisation: `quiet-group-${i + 1}`, activity: 'ballet', area, period: LATEST, participants: i + 1 }],
}));
/** Four lunch clubs of 7, one per ward: suppressed everywhere but in the district, which their sum gives away. */
const LUNCH_CLUBS: Group[] = WARDS.map((area, i) => ({
  id: `lunch-club-${i + 1}`,
  named: false,
  figures: [{ organisation: `lunch-club-${i + 1}`, activity: 'lunch_club', area, period: LATEST, participants: 7 }],
}));
const EDGE_ACTIVITIES = ['lunch_club', 'community_activity'];
const NEWCOMER: Group = {
  id: 'newcomer',
  named: true,
  // Large enough to be listed under every policy (30 moves by at most 3), so the second release's
  // notes are all an outside reader needs to link the two.
  figures: [{ organisation: 'newcomer', activity: 'tap', area: ARMLEY, period: LATEST, participants: 30 }],
};

// Record keys are secret and random in production; here they come from a seed, so that what the
// attacks recover under perturbation is the same on every run and every database.
let recordKeys = seededRandom(SEED + 1);

/** Stores each figure's identity first, with its record keys from the seed; the submission then finds it. */
async function seedRecordKeys(db: Db, organisationId: string, figures: readonly { activity: string; area: string; period: string }[]) {
  if (figures.length === 0) return;
  await db
    .insert(figureIdentities)
    .values(
      figures.map((f) => ({
        organisationId,
        activityId: f.activity,
        areaCode: f.area,
        period: f.period,
        recordKey: Math.floor(recordKeys() * 2 ** 32),
      })),
    )
    .onConflictDoNothing();
}

async function loadGroups(db: Db, groups: readonly Group[]) {
  await db.insert(organisations).values(groups.map((g) => ({ id: g.id, name: `Group ${g.id}`, named: g.named })));
  for (const group of groups) {
    const figures = group.figures.map(({ organisation: _, ...figure }) => figure);
    await seedRecordKeys(db, group.id, figures);
    await recordSubmission(db, { organisationId: group.id, apiKeyId: null, format: 'demo', figures });
  }
}

const within = (value: number, range: Interval) => range.lo <= value && value <= range.hi;

/** The exact value behind an observation, from the figures themselves. */
function exactValue(figures: readonly Figure[], { cell, row }: Observation): number {
  const lineageOf = (activity: string): string[] => [activity, ...(PARENT[activity] ? lineageOf(PARENT[activity]) : [])];
  const inCell = figures.filter(
    (f) =>
      f.period === cell.period &&
      (cell.area === LEEDS || f.area === cell.area) &&
      (cell.activity === null || lineageOf(f.activity).includes(cell.activity)),
  );
  const sum = (list: readonly Figure[]) => list.reduce((n, f) => n + f.participants, 0);
  if (row.kind === 'total') return sum(inCell);
  if (row.kind === 'not-attributed') return sum(inCell.filter((f) => f.area === cell.area));
  if (row.kind === 'organisation') return sum(inCell.filter((f) => f.organisation === row.id));
  return sum(inCell.filter((f) => !row.listed.includes(f.organisation)));
}

async function attackFromOutside(reader: PublicReader, bounds: Bounds, figures: Map<number, Figure[]>) {
  const readings: Reading[] = [];
  for (const release of [1, 2]) {
    const periods: Reading[] = [];
    for (const period of PERIODS) periods.push(await readRelease(reader, release, period, LEEDS));
    readings.push(joinReadings(periods));
  }
  const reading = combineReleases(readings[0]!, readings[1]!);
  const ranges = inferRanges(reading, bounds);
  const misplaced = reading.observations
    .filter((o) => !within(exactValue(figures.get(o.release)!, o), ranges.get(o.key)))
    .map((o) => `release ${o.release}: ${o.key}`);
  const atEdge = (o: Observation) => o.cell.period === LATEST && EDGE_ACTIVITIES.includes(o.cell.activity ?? '');
  return {
    generated: measureLeak(
      ranges,
      reading.observations.filter((o) => !atEdge(o)),
      bounds,
    ),
    edge: measureLeak(ranges, reading.observations.filter(atEdge), bounds),
    misplaced,
  };
}

type Target = { area: string; prior: Interval; readings: { count: Count; offset: number }[] };
type Padding = { activity: string; participants: number }[];

/** Wards where ballet is suppressed and only one organisation reports anything: its victim is alone there. */
async function findLoneVictims(reader: PublicReader, release: number, bounds: Bounds): Promise<Target[]> {
  const byWard = (activity?: string) =>
    reader.get(`/v1/statistics/areas?${query({ parent: LEEDS, activity, period: LATEST, release })}`, AreaStatistics);
  const [ballet, all] = [await byWard('ballet'), await byWard()];
  const alone = new Set(all.data.flatMap((row) => (row.area && row.total.organisations === 1 ? [row.area.code] : [])));
  return ballet.data.flatMap((row) =>
    row.area && alone.has(row.area.code) && row.total.participants.value === null
      ? [{ area: row.area.code, prior: bounds(row.total.participants), readings: [] }]
      : [],
  );
}

/** Reads the padded chain of one ward: each published total is the victim's count plus what the insider put there. */
async function readPadded(reader: PublicReader, target: Target, chain: readonly (string | null)[], padding: Padding) {
  for (const activity of chain) {
    let offset = 0;
    for (const own of padding)
      if (activity === null || (await lineage(reader, own.activity)).includes(activity)) offset += own.participants;
    const params = { area: target.area, activity, period: LATEST };
    target.readings.push({ count: (await reader.get(`/v1/statistics/summary?${query(params)}`, Summary)).total.participants, offset });
  }
}

/**
 * The insider: its own group, its own key. Next to each lone victim it reports a known count in
 * ballet, 1 in every activity above ballet and 1 in an unrelated activity, so that ballet, its
 * ancestors and all activities publish the victim's count plus distinct known offsets; each
 * release it raises its ballet count by the length of that chain, for offsets never read before.
 */
async function attackFromInside({ app, database }: TestContext, attacked: AttackedPolicy, reader: PublicReader) {
  const key = await organisationWithKey(app, await adminKey(database.db), 'tracker', true);
  const ancestors = await lineage(reader, 'ballet');
  const unrelated = 'walking';
  if ((await lineage(reader, unrelated)).some((a) => ancestors.includes(a))) throw new Error(`${unrelated} is not unrelated to ballet`);
  const chain = [...ancestors, null];
  const targets = await findLoneVictims(reader, 2, attacked.bounds);
  const pinnedAfter = new Map<string, number>();
  let releases = 0;
  while (releases < 3 && pinnedAfter.size < targets.length) {
    const padding = [
      { activity: 'ballet', participants: 10 + releases * chain.length },
      ...ancestors.slice(1).map((activity) => ({ activity, participants: 1 })),
      { activity: unrelated, participants: 1 },
    ];
    const payload = { figures: targets.flatMap(({ area }) => padding.map((own) => ({ ...own, area, period: LATEST }))) };
    await seedRecordKeys(database.db, 'tracker', payload.figures);
    json(await app.inject({ method: 'POST', url: '/v1/organisations/tracker/figures', headers: bearer(key), payload }), SubmissionReceipt);
    await publishRelease(database.db, { policy: attacked.policy, notes: 'Revised figures from one group.' });
    releases++;
    for (const target of targets) {
      await readPadded(reader, target, chain, padding);
      const range = trackerRange(target.prior, target.readings, attacked.bounds);
      if (range.lo === range.hi && !pinnedAfter.has(target.area)) pinnedAfter.set(target.area, releases);
    }
  }
  return { targets, pinnedAfter, releases, cellsPerRelease: chain.length };
}

/** Both attacks on a fresh database under one policy: the figures the suite reports and asserts. */
export async function runAttacks(context: TestContext, attacked: AttackedPolicy): Promise<AttackFigures> {
  const db = context.database.db;
  recordKeys = seededRandom(SEED + 1);
  const groups = [...generateGroups(), ...LUNCH_CLUBS, ...VICTIMS];
  await loadGroups(db, groups);
  await publishRelease(db, { policy: attacked.policy, notes: 'First release.' });
  await loadGroups(db, [NEWCOMER]);
  await publishRelease(db, { policy: attacked.policy, notes: 'Adds the first figure of one new group; no other figure changed.' });
  const figures = groups.flatMap((g) => g.figures);
  const reader = publicReader(context.app);
  const outside = await attackFromOutside(
    reader,
    attacked.bounds,
    new Map([
      [1, figures],
      [2, [...figures, ...NEWCOMER.figures]],
    ]),
  );
  const inside = await attackFromInside(context, attacked, reader);
  const victims = inside.targets.map((target) => {
    const exact = VICTIMS.find((v) => v.figures[0]!.area === target.area)!.figures[0]!.participants;
    return { target, exact, range: trackerRange(target.prior, target.readings, attacked.bounds) };
  });
  const misplaced = victims.filter((v) => !within(v.exact, v.range)).map((v) => `tracker: victim in ${v.target.area}`);
  return {
    ...outside,
    misplaced: [...outside.misplaced, ...misplaced],
    tracker: {
      victims: victims.length,
      recovered: inside.pinnedAfter.size,
      recoveredAfterOne: [...inside.pinnedAfter.values()].filter((n) => n === 1).length,
      cellsPerRelease: inside.cellsPerRelease,
      releases: inside.releases,
    },
  };
}

const describeLeak = (leak: Leak) =>
  `${leak.toOne} of ${leak.suppressed} suppressed values collapse to one value, ${leak.toTwo} to two, ${leak.narrowed} narrowed`;

const describeFigures = (name: string, f: AttackFigures) =>
  `${name}: generated groups: ${describeLeak(f.generated)}; lunch clubs at the band's edge: ${describeLeak(f.edge)}; ` +
  `tracker recovers ${f.tracker.recovered} of ${f.tracker.victims} ` +
  `(${f.tracker.cellsPerRelease} padded cells a release, ${f.tracker.releases} releases, ${f.tracker.recoveredAfterOne} after the first)`;

for (const attacked of ATTACKED_POLICIES)
  forEachDatabase(
    async (t, context) => {
      const started = Date.now();
      const figures = await runAttacks(context, attacked);
      t.comment(`${describeFigures(attacked.name, figures)} [${((Date.now() - started) / 1000).toFixed(1)} s]`);
      t.test(`under ${attacked.name}, every range the attacks infer holds the exact value`, async (t) => {
        t.same(figures.misplaced, [], 'no inferred range excludes the exact value');
        t.ok(figures.generated.suppressed > 0, `${figures.generated.suppressed} suppressed values attacked`);
      });
      t.test(`under ${attacked.name}, the attacks find what is known to leak`, async (t) => attacked.expect(t, figures));
    },
    { RATE_LIMIT_READ_PER_MINUTE: '1000000', RATE_LIMIT_WRITE_PER_MINUTE: '1000000' },
  );
