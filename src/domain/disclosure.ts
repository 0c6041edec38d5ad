import { z } from 'zod';
import { describeCellKeyPolicy, type CellKeyPolicy } from './perturbation.js';

/**
 * Disclosure control, applied once when a release is built (see docs/disclosure.md), by one of two
 * methods. Rounding (releases 1 onwards, the default): counts from 1 to `suppressUpTo` are
 * suppressed; every other count is rounded to the nearest `roundTo` (halves up); 0 stays 0; totals
 * are summed from unrounded values and rounded afterwards. Cell key perturbation (perturbation.ts):
 * every count gets a change from a published table by its exact value and its cell's key, then 1 to
 * `suppressUpTo` is suppressed. Shares and rates always use published values.
 */
export type RoundingPolicy = Readonly<{ method?: 'round'; suppressUpTo: number; roundTo: number }>;
export type DisclosurePolicy = RoundingPolicy | CellKeyPolicy;

export const DEFAULT_POLICY: RoundingPolicy = { suppressUpTo: 7, roundTo: 5 };

export const isCellKey = (policy: DisclosurePolicy): policy is CellKeyPolicy => policy.method === 'cell-key';

/**
 * What a release did with a measure (attendances, sessions, volunteers) that some figures left out:
 * `null` publishes it only where every figure reported it, else null with flag x; `zero`, the rule of
 * releases built before, counted it as 0. Releases are never rebuilt, so old ones keep their zeros.
 */
export type UnreportedRule = 'null' | 'zero';
export const NOT_REPORTED_REASON = 'not reported by every organisation';

/** The rule a stored policy records; policies stored before the rule existed do not name it. */
export const unreportedRule = (policy: unknown): UnreportedRule =>
  (policy as { unreported?: UnreportedRule } | null)?.unreported === 'null' ? 'null' : 'zero';

const UNREPORTED_RULE = `Attendances, sessions and volunteers are published only where every organisation reported them; otherwise {"value": null, "flag": "x", "reason": "${NOT_REPORTED_REASON}"} in JSON, [x] in CSV. Participants are always reported.`;

type StoredPolicy = { method?: string; suppressUpTo?: number; roundTo?: number; maxChange?: number };

/** What a release's stored policy did to its counts, in words: the notes of every statistics answer. */
export function disclosureNote(stored: unknown): string {
  const p = stored as StoredPolicy;
  if (p.method === 'cell-key') {
    return `Disclosure control: every count carries a small deliberate change (at most ${p.maxChange} either way, averaging zero) and counts from 1 to ${p.suppressUpTo} are not published (flag c, [c] in CSV); parts and totals are changed independently, so they need not add up exactly.`;
  }
  return `Disclosure control: counts from 1 to ${p.suppressUpTo} are suppressed (flag c, [c] in CSV) and the others rounded to the nearest ${p.roundTo}; totals are rounded after summing, so published parts need not add up exactly.`;
}

/** The same, short enough for the footer of a chart. */
export function disclosureFootnote(stored: unknown): string {
  const p = stored as StoredPolicy;
  const hidden = `counts from 1 to ${p.suppressUpTo} are not published.`;
  if (p.method === 'cell-key') return `Counts carry a small deliberate change (at most ${p.maxChange} either way); ${hidden}`;
  return `Counts are rounded to the nearest ${p.roundTo}; ${hidden}`;
}

/** The policy as stored with a release and shown by `GET /v1/releases/{id}`. */
export function describePolicy(policy: DisclosurePolicy) {
  if (isCellKey(policy)) {
    const described = describeCellKeyPolicy(policy);
    return { ...described, unreported: 'null' satisfies UnreportedRule, rules: [...described.rules, UNREPORTED_RULE] };
  }
  return {
    suppressFrom: 1,
    suppressUpTo: policy.suppressUpTo,
    roundTo: policy.roundTo,
    unreported: 'null' satisfies UnreportedRule,
    rules: [
      `A published count from 1 to ${policy.suppressUpTo} is suppressed: {"value": null, "flag": "c"} in JSON, [c] in CSV.`,
      `Every other count is rounded to the nearest ${policy.roundTo}; 0 stays 0.`,
      UNREPORTED_RULE,
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
      .describe('Published count: rounded to the release policy (nearest 5 by default); null when `flag` says why'),
    flag: z
      .enum(['c', 'x'])
      .optional()
      .describe(
        '`c` (confidential): suppressed because the count is from 1 to 7. `x` (not available): attendances, sessions or volunteers that not every organisation in the total reported, so any sum would be an undercount; never on participants',
      ),
    reason: z.string().optional().describe(`With flag x, why in words: "${NOT_REPORTED_REASON}"`),
  })
  .meta({
    id: 'Count',
    description: `\`{ "value": 45 }\`; \`{ "value": null, "flag": "c" }\` when suppressed; \`{ "value": null, "flag": "x", "reason": "${NOT_REPORTED_REASON}" }\` when not available`,
  });
export type Count = z.infer<typeof Count>;

/**
 * A stored count as published. `reported` is false when a figure in the total left the measure out
 * (the value is then null), and null in releases built before that was recorded.
 */
export const toCount = (value: number | null, reported: boolean | null = true): Count =>
  reported === false ? { value: null, flag: 'x', reason: NOT_REPORTED_REASON } : value === null ? { value: null, flag: 'c' } : { value };

/** A published count in CSV: the number, `[c]` when suppressed, `[x]` when not available (the ONS markers). */
export const csvCount = (count: Count) => (count.value !== null ? count.value : count.flag === 'x' ? '[x]' : '[c]');

/**
 * A share as a percentage with one decimal, rounded once (half up) from the two published counts,
 * or null when either is not published or the total is 0. Never from the stored share: it is already
 * rounded to 4 decimals, and rounding it again can land on the wrong side (127,735 of 500,000 is
 * 25.547%, stored as 0.2555, which would read 25.6%). Integer arithmetic, so no binary fraction
 * tips a half either way.
 */
export function formatPercent(part: Count, whole: Count): string | null {
  if (part.value === null || whole.value === null || whole.value === 0) return null;
  const tenths = Math.floor((2000 * part.value + whole.value) / (2 * whole.value));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}
