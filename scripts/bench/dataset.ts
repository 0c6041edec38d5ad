// A national-scale, deterministic dataset: real English wards and districts, real activities,
// monthly and annual periods. Most organisations are small groups sending one batch of a few
// dozen figures; a few umbrella bodies (county partnerships) send full-size batches.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/db/client.js';
import { seededRandom } from '../../src/demo/demo.generator.js';
import type { FigureValues } from '../../src/modules/figures/figures.service.js';

export const PERIODS = [
  '2024-25',
  '2025-26',
  ...Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1;
    return `${month >= 4 ? 2025 : 2026}-${String(month).padStart(2, '0')}`;
  }),
];

export type Places = { lads: string[]; wardsByLad: Map<string, string[]>; wardsByRegion: Map<string, string[]>; activities: string[] };
export type Batch = { organisationId: string; figures: FigureValues[] };

export async function loadPlaces(db: Db): Promise<Places> {
  const wards = await queryRows<{ code: string; lad: string; region: string }>(
    db,
    sql`select w.code, w.parent_code as lad, l.parent_code as region
    from areas w join areas l on l.code = w.parent_code where w.type = 'ward' and w.code like 'E%' order by w.code`,
  );
  const activities = await queryRows<{ id: string }>(db, sql`select id from activities order by id`);
  const wardsByLad = new Map<string, string[]>();
  const wardsByRegion = new Map<string, string[]>();
  for (const w of wards) {
    wardsByLad.set(w.lad, [...(wardsByLad.get(w.lad) ?? []), w.code]);
    wardsByRegion.set(w.region, [...(wardsByRegion.get(w.region) ?? []), w.code]);
  }
  return { lads: [...wardsByLad.keys()], wardsByLad, wardsByRegion, activities: activities.map((a) => a.id) };
}

const UMBRELLA_BATCH = 10_000;

export type Plan = { organisations: number; smallFigures: number; umbrellas: number };

/** About a fifth of the figures (at most 200,000) come from umbrella bodies in full batches. */
export function planDataset(figures: number, organisations: number): Plan {
  const umbrellas = Math.min(20, Math.floor((figures * 0.2) / UMBRELLA_BATCH));
  return { organisations, smallFigures: figures - umbrellas * UMBRELLA_BATCH, umbrellas };
}

export const organisationId = (i: number) => `bench-${String(i).padStart(6, '0')}`;
export const umbrellaId = (i: number) => `bench-umbrella-${String(i).padStart(2, '0')}`;

export function organisationRows(plan: Plan, random = seededRandom(7)) {
  const small = Array.from({ length: plan.organisations }, (_, i) => ({
    id: organisationId(i),
    name: `Bench Community Group ${i}`,
    named: random() < 0.85,
  }));
  const umbrellas = Array.from({ length: plan.umbrellas }, (_, i) => ({
    id: umbrellaId(i),
    name: `Bench County Partnership ${i}`,
    named: true,
  }));
  return [...small, ...umbrellas];
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** `count` distinct (activity, area, period) keys drawn from the given sets. */
function distinctFigures(random: () => number, count: number, areas: string[], activities: string[]): FigureValues[] {
  const keys = new Map<string, FigureValues>();
  while (keys.size < count) {
    const f = { activity: pick(random, activities), area: pick(random, areas), period: pick(random, PERIODS) };
    const participants = Math.floor(random() * random() * 300);
    keys.set(`${f.activity}|${f.area}|${f.period}`, { ...f, participants, attendances: participants * (1 + Math.floor(random() * 8)) });
  }
  return [...keys.values()];
}

/** One small group's batch: a home district, a few of its wards (or the district itself), one or two activities. */
function smallBatch(random: () => number, places: Places, id: string, count: number): Batch {
  const lad = pick(random, places.lads);
  const wards = places.wardsByLad.get(lad)!;
  const areas = new Set<string>([random() < 0.1 ? lad : pick(random, wards)]);
  const activities = new Set<string>([pick(random, places.activities)]);
  while (areas.size * activities.size * PERIODS.length < count * 1.5) {
    if (areas.size <= activities.size * 2 && areas.size < wards.length) areas.add(pick(random, wards));
    else activities.add(pick(random, places.activities));
  }
  return { organisationId: id, figures: distinctFigures(random, count, [...areas], [...activities]) };
}

/** Small-group batches, lazily: sizes vary around the mean so the total is exactly `plan.smallFigures`. */
export function* smallBatches(plan: Plan, places: Places, random = seededRandom(11)): Generator<Batch> {
  let left = plan.smallFigures;
  for (let i = 0; i < plan.organisations && left > 0; i++) {
    const mean = left / (plan.organisations - i);
    const count = i === plan.organisations - 1 ? left : Math.max(1, Math.min(left, Math.round(mean * (0.4 + random() * 1.2))));
    left -= count;
    yield smallBatch(random, places, organisationId(i), count);
  }
}

/** Full-size batches from umbrella bodies, each across the wards of one region. */
export function* umbrellaBatches(plan: Plan, places: Places, random = seededRandom(13)): Generator<Batch> {
  const regions = [...places.wardsByRegion.keys()].sort();
  for (let i = 0; i < plan.umbrellas; i++) {
    const wards = places.wardsByRegion.get(regions[i % regions.length]!)!;
    const activities = new Set<string>();
    while (activities.size < 3 || wards.length * activities.size * PERIODS.length < UMBRELLA_BATCH * 1.5)
      activities.add(pick(random, places.activities));
    yield { organisationId: umbrellaId(i), figures: distinctFigures(random, UMBRELLA_BATCH, wards, [...activities]) };
  }
}
