import { z } from 'zod';
import type { CsvColumn } from '../../http/csv.js';
import { csvCount, Count } from '../../domain/disclosure.js';
import { PeriodParam } from '../../domain/period.js';
import { ActivityId } from '../activities/activities.schemas.js';
import { AreaCode, AreaRef } from '../areas/areas.schemas.js';
import { ActivityRef, CommonQuery, StatisticsMeta } from '../statistics/statistics.schemas.js';

export const DemographicsQuery = z.object({
  area: AreaCode,
  activity: ActivityId.optional().describe('Activity, counted with everything beneath it; all activities when left out'),
  period: PeriodParam.optional().describe('The latest period with figures for this area and activity when left out'),
  ...CommonQuery,
});

export const DemographicBand = z
  .object({
    band: z
      .string()
      .describe('Age band (`0-14` … `75+`) or sex (`female`, `male`); `not-recorded` for participants a breakdown did not place'),
    participants: Count.describe(
      'Published participants in the band, never above the published total; 0 when no breakdown reported the band',
    ),
    share: z
      .number()
      .nullable()
      .describe("The band's share of the participants with a breakdown (`withBreakdown`), 0 to 1; null when either is not published"),
    population: z
      .number()
      .int()
      .nullable()
      .describe('ONS mid-2022 residents in the band; null for `not-recorded` and areas with no estimate (wards)'),
    populationShare: z
      .number()
      .nullable()
      .describe("The band's share of the area's residents, 0 to 1: set beside `share` to see who is under-served"),
    rate: z
      .object({
        per1000: z.number().nullable().describe('Participants per 1,000 residents of the band, 4 decimals'),
        lower95: z.number().nullable().describe('Lower bound of the 95% interval (Wilson score)'),
        upper95: z.number().nullable().describe('Upper bound of the 95% interval (Wilson score)'),
        reason: z.string().nullable().describe('Why there is no rate; null when there is one'),
      })
      .describe('Rate per 1,000 of the matching population'),
  })
  .meta({ id: 'DemographicBand' });

export const Demographics = z
  .object({
    ...StatisticsMeta,
    area: AreaRef,
    activity: ActivityRef.nullable().describe('Null: all activities'),
    period: z.string().describe('The period'),
    total: z.object({
      participants: Count.describe('Published participants of the cell, with or without a breakdown: each group counts once'),
      organisations: z.number().int().describe('Organisations that reported'),
    }),
    withBreakdown: Count.describe('Published participants of the figures that came broken down by age band and sex'),
    coverage: z.number().nullable().describe('`withBreakdown` over the total, 0 to 1; null when either is not published or the total is 0'),
    population: z.object({
      year: z.number().int().nullable().describe('Year of the ONS estimate by age and sex; null when there is none for the area'),
      reason: z.string().nullable().describe('Why there is no matching population; null when there is one'),
    }),
    ageBands: z.array(DemographicBand).describe('Every age band, then `not-recorded`'),
    sexes: z.array(DemographicBand).describe('`female`, `male`, then `not-recorded`'),
  })
  .meta({ id: 'Demographics' });
export type Demographics = z.infer<typeof Demographics>;

type CsvRow = z.infer<typeof DemographicBand> & { dimension: 'age' | 'sex' };

export const DEMOGRAPHICS_CSV: CsvColumn<CsvRow>[] = [
  { header: 'dimension', value: (r) => r.dimension },
  { header: 'band', value: (r) => r.band },
  { header: 'participants', value: (r) => csvCount(r.participants) },
  { header: 'share', value: (r) => r.share },
  { header: 'population', value: (r) => r.population },
  { header: 'population_share', value: (r) => r.populationShare },
  { header: 'per_1000', value: (r) => r.rate.per1000 },
  { header: 'lower_95', value: (r) => r.rate.lower95 },
  { header: 'upper_95', value: (r) => r.rate.upper95 },
  { header: 'note', value: (r) => r.rate.reason },
];

export const demographicsCsvRows = (d: Demographics): CsvRow[] => [
  ...d.ageBands.map((b) => ({ ...b, dimension: 'age' as const })),
  ...d.sexes.map((b) => ({ ...b, dimension: 'sex' as const })),
];
