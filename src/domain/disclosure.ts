import { z } from 'zod';

/**
 * Disclosure control, applied once when a release is built (see docs/disclosure.md). Counts
 * from 1 to `suppressUpTo` are suppressed; every other count is rounded to the nearest
 * `roundTo` (halves up); 0 stays 0. Totals are summed from unrounded values and
 * rounded afterwards; shares and rates use published values.
 */
export type DisclosurePolicy = Readonly<{ suppressUpTo: number; roundTo: number }>;

export const DEFAULT_POLICY: DisclosurePolicy = { suppressUpTo: 7, roundTo: 5 };

/** The policy as stored with a release and shown by `GET /v1/releases/{id}`. */
export function describePolicy(policy: DisclosurePolicy) {
  return {
    suppressFrom: 1,
    suppressUpTo: policy.suppressUpTo,
    roundTo: policy.roundTo,
    rules: [
      `A published count from 1 to ${policy.suppressUpTo} is suppressed: {"value": null, "flag": "c"} in JSON, [c] in CSV.`,
      `Every other count is rounded to the nearest ${policy.roundTo}; 0 stays 0.`,
      'Totals are summed from unrounded values and rounded afterwards, so published parts need not add up exactly to a published total.',
      'Organisations that did not agree to be named, or whose own count is suppressed, are merged into one "other organisations" row, itself suppressed or rounded like any count.',
      'Shares and rates are computed from published values; a share is null when either side is suppressed.',
      'Not protected against: differencing across overlapping totals (e.g. a total minus its published parts) can narrow a suppressed count to a range; rounding widens that range but there is no secondary suppression.',
    ],
  };
}

export const Count = z
  .object({
    value: z
      .number()
      .int()
      .nullable()
      .describe('Published count: rounded to the release policy (nearest 5 by default); null when suppressed'),
    flag: z.literal('c').optional().describe('`c` (confidential) when the count is suppressed because it is from 1 to 7'),
  })
  .meta({ id: 'Count', description: '`{ "value": 45 }`, or `{ "value": null, "flag": "c" }` when suppressed' });
export type Count = z.infer<typeof Count>;

export const toCount = (value: number | null): Count => (value === null ? { value: null, flag: 'c' } : { value });

/** A published count in CSV: the number, or `[c]` when suppressed (the ONS convention). */
export const csvCount = (count: Count) => (count.value === null ? '[c]' : count.value);
