import type { FigureValues } from '../modules/figures/figures.service.js';
import { NOT_RECORDED, type AgeBand, type Band } from '../domain/demographics.js';

/**
 * Deterministic demonstration data: the same seed and places always give the same organisations
 * and figures. Everything generated is labelled demo (ids start `demo-`, names end "(demo)").
 * The mix is chosen so disclosure control shows: small counts (1-7), zeros, unnamed groups,
 * figures reported for a whole district rather than a ward, and several kinds of period.
 */
export type DemoPlace = { code: string; name: string };
export type DemoOrganisation = { id: string; name: string; named: boolean; homeAreaCode: string; figures: FigureValues[] };
export type DemoOptions = { seed: number; wards: DemoPlace[]; districts: DemoPlace[]; organisationsPerWard?: number };

const ACTIVITIES = [
  { id: 'dance', noun: 'Dance Group' },
  { id: 'ballet', noun: 'Ballet Club' },
  { id: 'running', noun: 'Running Club' },
  { id: 'walking_football', noun: 'Walking Football' },
  { id: 'advice', noun: 'Advice Centre' },
  { id: 'befriending', noun: 'Befriending Scheme' },
  { id: 'choir_and_singing', noun: 'Community Choir' },
] as const;

const YEARS = ['2024-25', '2025-26'];
const QUARTERS = ['2025-Q1', '2025-Q2', '2025-Q3'];
const MONTHS = ['2025-09', '2025-10'];

/** mulberry32: a small, fast, seedable generator; good enough for demo data, never for secrets. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 50);

/** Participants: a quarter small enough to be suppressed, a few zeros, mostly tens, some hundreds. */
function participants(random: () => number): number {
  const r = random();
  if (r < 0.05) return 0;
  if (r < 0.3) return 1 + Math.floor(random() * 7);
  if (r < 0.85) return 8 + Math.floor(random() * 60);
  return 60 + Math.floor(random() * 300);
}

function figure(random: () => number, activity: string, area: string, period: string): FigureValues {
  const people = participants(random);
  const withDetail = random() < 0.6;
  return {
    activity,
    area,
    period,
    participants: people,
    attendances: withDetail ? people * (1 + Math.floor(random() * 12)) : null,
    sessions: withDetail ? Math.floor(random() * 50) : null,
    volunteers: random() < 0.5 ? Math.floor(random() * 12) : null,
  };
}

function periodsFor(random: () => number): string[] {
  const kind = random();
  if (kind < 0.7) return random() < 0.7 ? YEARS : [YEARS[1]!];
  return kind < 0.9 ? QUARTERS : MONTHS;
}

function wardOrganisation(random: () => number, ward: DemoPlace, index: number): DemoOrganisation {
  const main = ACTIVITIES[Math.floor(random() * ACTIVITIES.length)]!;
  const base = `${ward.name} ${main.noun}${index ? ` ${index + 1}` : ''}`;
  const name = `${base} (demo)`;
  const activities = random() < 0.25 ? [main.id, ACTIVITIES[Math.floor(random() * ACTIVITIES.length)]!.id] : [main.id];
  const periods = periodsFor(random);
  const figures = [...new Set(activities)].flatMap((a) => periods.map((p) => figure(random, a, ward.code, p)));
  return { id: `demo-${slug(base)}`, name, named: random() >= 0.2, homeAreaCode: ward.code, figures };
}

/** District-wide services report for the whole district, not a ward: the "not attributed" rows. */
function districtOrganisations(random: () => number, district: DemoPlace): DemoOrganisation[] {
  return (['advice', 'befriending', 'running'] as const).map((activity, i) => {
    const noun = ACTIVITIES.find((a) => a.id === activity)!.noun;
    const base = `${district.name} ${noun} Network`;
    return {
      id: `demo-${slug(base)}`,
      name: `${base} (demo)`,
      named: i !== 2,
      homeAreaCode: district.code,
      figures: YEARS.map((p) => figure(random, activity, district.code, p)),
    };
  });
}

/** A fixed, named anchor so the README's examples always show the same group. */
function anchor(wards: DemoPlace[]): DemoOrganisation[] {
  const armley = wards.find((w) => w.name === 'Armley') ?? wards[0]!;
  return [
    {
      id: 'demo-armley-ballet-club',
      name: 'Armley Ballet Club (demo)',
      named: true,
      homeAreaCode: armley.code,
      figures: [
        { activity: 'ballet', area: armley.code, period: '2025-26', participants: 45, attendances: 620, sessions: 38, volunteers: 4 },
        { activity: 'ballet', area: armley.code, period: '2024-25', participants: 38, attendances: 510, sessions: 36, volunteers: 3 },
      ],
    },
  ];
}

// Who takes part, for about a third of the larger figures: a fixed split by age band and sex, chosen
// by a hash of the figure's key so that the random stream, and so every other demo number, is unchanged.
const AGE_WEIGHTS: ReadonlyArray<[AgeBand, number]> = [
  ['0-14', 0.12],
  ['15-24', 0.18],
  ['25-34', 0.17],
  ['35-44', 0.15],
  ['45-54', 0.13],
  ['55-64', 0.11],
  ['65-74', 0.08],
  ['75+', 0.04],
];

function withBands(organisationId: string, f: FigureValues): FigureValues {
  const hash = [...`${organisationId}|${f.activity}|${f.period}`].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  const people = f.participants ?? 0;
  if (hash % 3 !== 0 || people < 20) return f;
  const bands: Band[] = AGE_WEIGHTS.flatMap(([ageBand, weight]): Band[] => {
    const n = Math.floor(people * weight);
    const female = Math.round(n * 0.55);
    return [
      { ageBand, sex: 'female' as const, participants: female },
      { ageBand, sex: 'male' as const, participants: n - female },
    ].filter((b) => b.participants > 0);
  });
  const placed = bands.reduce((sum, b) => sum + b.participants, 0);
  if (placed < people) bands.push({ ageBand: NOT_RECORDED, sex: NOT_RECORDED, participants: people - placed });
  return { ...f, bands };
}

export function generateDemoData(options: DemoOptions): DemoOrganisation[] {
  const random = seededRandom(options.seed);
  const perWard = options.organisationsPerWard ?? 2;
  const organisations = [
    ...anchor(options.wards),
    ...options.wards.flatMap((ward) =>
      Array.from({ length: 1 + Math.floor(random() * perWard * 2) }, (_, i) => wardOrganisation(random, ward, i)),
    ),
    ...options.districts.flatMap((district) => districtOrganisations(random, district)),
  ];
  const seen = new Set<string>();
  return organisations
    .filter((o) => !seen.has(o.id) && seen.add(o.id))
    .map((o) => ({ ...o, figures: o.figures.map((f) => withBands(o.id, f)) }));
}
