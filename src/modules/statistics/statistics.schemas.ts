import { z } from 'zod';
import { Format } from '../../http/responses.js';
import { ActivityId } from '../activities/activities.schemas.js';
import { Count, toCount } from '../../domain/disclosure.js';
import type { CellRow } from './statistics.queries.js';

export const Total = z
  .object({
    participants: Count.describe('People each organisation saw, summed over organisations: a person in two groups counts twice'),
    attendances: Count.describe(
      'Visits, summed over organisations; flag x when one did not report them (releases whose policy has `unreported: zero` counted them as 0)',
    ),
    sessions: Count.describe(
      'Sessions run, summed over organisations; flag x when one did not report them (releases whose policy has `unreported: zero` counted them as 0)',
    ),
    volunteers: Count.describe(
      'Volunteers, summed over organisations; flag x when one did not report them (releases whose policy has `unreported: zero` counted them as 0)',
    ),
    organisations: z.number().int().describe('Number of organisations that reported (named or not); not a count of people, so not rounded'),
  })
  .meta({ id: 'Total' });

export const Rate = z
  .object({
    per1000: z.number().nullable().describe('Published participants per 1,000 residents, 4 decimals; null when `reason` says why'),
    population: z.number().int().nullable().describe('Residents (ONS mid-year estimate) used as the denominator'),
    populationYear: z.number().int().nullable().describe('Year of the population estimate'),
    reason: z.string().nullable().describe('Why there is no rate (no population for wards, suppressed count); null when there is one'),
  })
  .meta({ id: 'Rate' });

export const ActivityRef = z.object({ id: ActivityId, label: z.string().describe('Preferred label') }).meta({ id: 'ActivityRef' });

export const ReleaseRef = z
  .object({ id: z.number().int().describe('Release number'), publishedAt: z.string().describe('ISO 8601 time of publication') })
  .meta({ id: 'ReleaseRef' });

export const StatisticsMeta = {
  release: ReleaseRef,
  demo: z.boolean().describe('True when the release holds generated demonstration data, not real figures'),
  licence: z.object({ name: z.string(), url: z.string() }).describe('Licence of the published statistics'),
  attribution: z.string().describe('Attribution to repeat when republishing'),
  citation: z.object({
    text: z.string().describe('How to cite this answer'),
    url: z.string().describe('Permalink pinned to this release: it returns the same answer for ever'),
  }),
  notes: z.array(z.string()).describe('What the numbers mean and what they do not'),
};

export const ReleaseQuery = z.coerce
  .number()
  .int()
  .min(1)
  .max(2_000_000_000)
  .optional()
  .describe('Release number; the latest when left out');

export const CommonQuery = { release: ReleaseQuery, format: Format };

export function toTotal(cell: CellRow) {
  return {
    participants: toCount(cell.participants),
    attendances: toCount(cell.attendances, cell.attendances_reported),
    sessions: toCount(cell.sessions, cell.sessions_reported),
    volunteers: toCount(cell.volunteers, cell.volunteers_reported),
    organisations: cell.organisations,
  };
}

export function toRate(cell: CellRow, scope: 0 | 1 = 0) {
  const base = { per1000: cell.per_1000, population: cell.population, populationYear: cell.population_year };
  if (scope === 1) return { ...base, reason: 'Figures not attributed to a child area have no population of their own.' };
  if (cell.population === null) return { ...base, reason: 'ONS publishes no population estimate for this type of area (wards).' };
  if (cell.participants === null) return { ...base, reason: 'The participants count is suppressed.' };
  return { ...base, reason: null };
}
