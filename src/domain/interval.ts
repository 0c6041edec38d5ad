// Confidence intervals for rates per 1,000 residents, and how two areas compare: the methods of
// public health profiles (PHE/OHID Fingertips), written once so every answer uses the same.

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export const INTERVAL_METHOD =
  'Wilson score interval for a proportion (95%, z = 1.96): participants as a proportion of the ONS mid-year resident population, times 1,000. Participants are published (disclosure-controlled) counts; where they exceed the population the proportion is taken as 1.';

export const COMPARISON_METHOD =
  'Significantly higher or lower when the two 95% confidence intervals do not overlap, similar when they do (the Fingertips comparison for rates); not compared when either rate is missing.';

export type Interval = { lower: number; upper: number };

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The Wilson score interval of `count` out of `population`, per 1,000, to 4 decimals; null without
 * a count or a population. Wilson rather than the normal approximation: it stays inside 0 to 1000
 * and behaves for small counts (Newcombe 1998; the Fingertips method for proportions).
 */
export function wilsonPer1000(count: number | null, population: number | null, z = Z_95): Interval | null {
  if (count === null || population === null || population <= 0 || count < 0) return null;
  const n = population;
  const p = Math.min(count, n) / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  return { lower: round4((1000 * (centre - spread)) / denominator), upper: round4((1000 * (centre + spread)) / denominator) };
}

export type Comparison = 'higher' | 'similar' | 'lower';

/** `area` against `benchmark` by overlap of their intervals; null when either is missing. */
export function compareIntervals(area: Interval | null, benchmark: Interval | null): Comparison | null {
  if (!area || !benchmark) return null;
  if (area.lower > benchmark.upper) return 'higher';
  if (area.upper < benchmark.lower) return 'lower';
  return 'similar';
}
