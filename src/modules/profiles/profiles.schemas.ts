import { z } from 'zod';
import { Count } from '../../domain/disclosure.js';
import { PeriodParam } from '../../domain/period.js';
import { AreaRef } from '../areas/areas.schemas.js';
import { ActivityRef, CommonQuery, ReleaseQuery, StatisticsMeta } from '../statistics/statistics.schemas.js';

export const ProfileQuery = z.object({
  period: PeriodParam.optional().describe('The latest period with figures for the area when left out'),
  ...CommonQuery,
});

export const MapQuery = z.object({
  period: PeriodParam.optional().describe('The latest period with figures for the area when left out'),
  release: ReleaseQuery,
});

const Significance = z
  .enum(['higher', 'similar', 'lower'])
  .nullable()
  .describe(
    'Significantly higher or lower than the comparator when the 95% intervals do not overlap, otherwise similar; null when either rate is missing',
  );

export const ProfileRate = z
  .object({
    per1000: z.number().nullable().describe('Published participants per 1,000 residents, 4 decimals; null when `reason` says why'),
    lower95: z.number().nullable().describe('Lower bound of the 95% confidence interval per 1,000 (Wilson score), 4 decimals'),
    upper95: z.number().nullable().describe('Upper bound of the 95% confidence interval per 1,000 (Wilson score), 4 decimals'),
    population: z.number().int().nullable().describe('Residents (ONS mid-year estimate) used as the denominator'),
    populationYear: z.number().int().nullable().describe('Year of the population estimate'),
    reason: z.string().nullable().describe('Why there is no rate; null when there is one'),
  })
  .meta({ id: 'ProfileRate' });

export const ProfileActivity = z
  .object({
    activity: ActivityRef.nullable().describe('The activity, counted with everything beneath it; null = all activities'),
    parentActivity: z
      .string()
      .nullable()
      .describe('For the largest child of a top-level activity, the id of that top-level activity; otherwise null'),
    participants: Count,
    organisations: z.number().int().describe('Organisations that reported (not rounded: not a count of people)'),
    rate: ProfileRate,
    comparisons: z
      .array(z.object({ area: AreaRef, rate: ProfileRate, significance: Significance }))
      .describe('The parent area and England for the same activity and period'),
  })
  .meta({ id: 'ProfileActivity' });

export const ProfileTrendRow = z
  .object({
    period: z.string().describe('A period of the same kind as the profile period, oldest first'),
    activity: z.string().nullable().describe('Activity id; null = all activities'),
    participants: Count,
    organisations: z.number().int().describe('Organisations that reported'),
    rate: ProfileRate,
  })
  .meta({ id: 'ProfileTrendRow' });

export const ProfileCommunity = z
  .object({
    organisations: z.number().int().describe('Organisations that reported figures for the area in the period (all activities)'),
    volunteers: Count.nullable().describe('Volunteers, summed over organisations; flag x when one did not report them'),
    previousPeriod: z.string().nullable().describe('The previous comparable period: the same period one year earlier'),
    previousOrganisations: z
      .number()
      .int()
      .nullable()
      .describe('Organisations that reported in the previous comparable period; null when none did'),
    organisationsChange: z.number().int().nullable().describe('Organisations now minus then; null without figures then'),
    previousVolunteers: Count.nullable().describe('Volunteers in the previous comparable period; null without figures then'),
    volunteersChange: z.number().int().nullable().describe('Published volunteers now minus then; null when either is not published'),
  })
  .meta({ id: 'ProfileCommunity' });

export const ProfileBenchmark = z
  .object({
    area: AreaRef.describe('The area the indicator was published for (the nearest containing area that has one)'),
    source: z.string().describe('Id of the source in `/v1/meta`'),
    indicatorId: z.string().describe('Stable indicator id, as in `/v1/areas/{code}/benchmarks`'),
    indicator: z.string().describe('What the value measures, as published'),
    period: z.string().describe('Survey year, e.g. `2024/25`: the latest for the area'),
    value: z.number().describe('The published value, in `unit`'),
    unit: z.string().describe('`%`: percentage of adults'),
    lowerCi: z.number().nullable().describe('Lower bound of the published 95% confidence interval, or null'),
    upperCi: z.number().nullable().describe('Upper bound of the published 95% confidence interval, or null'),
    comparedToEngland: z.string().nullable().describe('Significance against England as published, or null'),
    england: z.number().nullable().describe("England's value for the same indicator and year; null when not published"),
  })
  .meta({ id: 'ProfileBenchmark' });

export const ProfileChild = z
  .object({
    area: AreaRef.nullable().describe('The child area; null for figures not attributed to a child area'),
    label: z.string().describe('Area name, or "Not attributed to a ward" (or region, local authority)'),
    rank: z.number().int().nullable().describe('1 for the highest, by `rankedBy`; ties share a rank; null when not ranked'),
    participants: Count,
    organisations: z.number().int().describe('Organisations that reported'),
    rate: ProfileRate,
  })
  .meta({ id: 'ProfileChild' });

export const ProfileDeprivation = z
  .object({
    source: z.string().describe('Id of the source in `/v1/meta`'),
    year: z.number().int().describe('Edition of the English Indices of Deprivation'),
    averageScore: z.number().nullable().describe('IMD average score of the district; higher is more deprived; null when `reason` says why'),
    mostDeprived10: z.number().nullable().describe("Share (0 to 1) of the district's neighbourhoods in England's most deprived 10%"),
    reason: z.string().nullable().describe('Why there is no figure; null when there is one'),
  })
  .meta({ id: 'ProfileDeprivation' });

export const AreaProfile = z
  .object({
    ...StatisticsMeta,
    area: AreaRef,
    period: z.string().describe('The profile period'),
    previousPeriod: z.string().nullable().describe('The previous comparable period (one year earlier)'),
    method: z.object({
      interval: z.string().describe('How the 95% confidence intervals are computed'),
      comparison: z.string().describe('How significance against a comparator is decided'),
    }),
    activities: z.array(ProfileActivity).describe('All activities, each top-level activity with figures, and its largest child'),
    trend: z.array(ProfileTrendRow).describe('The same activities in every period of the same kind up to the profile period'),
    community: ProfileCommunity,
    benchmarks: z.array(ProfileBenchmark).describe('Official survey indicators beside England'),
    children: z.object({
      childType: z.string().describe('What the child areas are'),
      rankedBy: z.enum(['rate', 'participants']).describe('`rate`, or `participants` where no child area has a population (wards)'),
      data: z.array(ProfileChild),
    }),
    map: z
      .object({
        url: z.string().describe('SVG map of the districts shaded by all-activity rate (`getAreaProfileMap`), pinned to the release'),
        districts: z
          .array(z.object({ area: AreaRef, participants: Count, rate: ProfileRate }))
          .describe("The map's numbers: districts with figures, highest rate first; districts not listed have none"),
      })
      .nullable()
      .describe('For England and regions; null otherwise'),
    deprivation: ProfileDeprivation.nullable().describe('For districts; null for other areas'),
  })
  .meta({ id: 'AreaProfile' });
export type AreaProfile = z.infer<typeof AreaProfile>;

export const DistrictMapSvg = z
  .string()
  .describe(
    'An SVG 1.1 image: the districts shaded by all-activity participants per 1,000 residents, with a legend, the release, licence and permalink',
  );
