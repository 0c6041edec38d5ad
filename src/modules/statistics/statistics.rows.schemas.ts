import { z } from 'zod';
import { ActivityId } from '../activities/activities.schemas.js';
import { AreaCode, AreaRef } from '../areas/areas.schemas.js';
import { OrganisationId } from '../organisations/organisations.schemas.js';
import { ActivityRef, CommonQuery, Rate, StatisticsMeta, Total } from './statistics.schemas.js';
import { Count } from '../../domain/disclosure.js';
import { PeriodParam } from '../../domain/period.js';

export const BreakdownEntry = z
  .object({
    organisation: z
      .object({ id: OrganisationId, name: z.string() })
      .nullable()
      .describe('The named organisation; null for "other organisations" (unnamed, or with a suppressed count)'),
    label: z.string().describe('Name to display'),
    participants: Count,
    organisations: z.number().int().describe('Organisations in this row: 1 for a named one, more for "other organisations"'),
    share: z
      .number()
      .nullable()
      .describe(
        'Fraction of 1 of the published total, from published values, rounded to 4 decimals; null when either is suppressed. For a percentage, divide the two counts and round once: 0.2555 may be 25.547%, which reads 25.5%',
      ),
    rank: z
      .number()
      .int()
      .nullable()
      .describe('1 for the largest named organisation by published count (ties share a rank); null for "other organisations"'),
  })
  .meta({ id: 'BreakdownEntry' });

export const Comparison = z
  .object({ area: AreaRef, participants: Count, per1000: z.number().nullable().describe('Participants per 1,000 residents') })
  .meta({ id: 'Comparison' });

export const Summary = z
  .object({
    ...StatisticsMeta,
    area: AreaRef,
    activity: ActivityRef.nullable().describe('null means all activities'),
    period: PeriodParam,
    total: Total,
    rate: Rate,
    comparisons: z.array(Comparison).describe('The same activity and period in the parent area and in England'),
    breakdown: z.array(BreakdownEntry),
  })
  .meta({ id: 'StatisticsSummary' });

export const SummaryQuery = z.object({
  area: AreaCode,
  activity: ActivityId.optional().describe('Activity, counted with everything beneath it; all activities when left out'),
  period: PeriodParam.optional().describe('The latest period with figures for this area and activity when left out'),
  ...CommonQuery,
});

export const AreaStatisticsRow = z
  .object({
    area: AreaRef.nullable().describe('The child area; null for figures reported for the parent itself and not for a child'),
    label: z.string(),
    total: Total,
    rate: Rate,
  })
  .meta({ id: 'AreaStatisticsRow' });

export const AreaStatistics = z
  .object({
    ...StatisticsMeta,
    parent: AreaRef,
    activity: ActivityRef.nullable(),
    period: PeriodParam,
    total: Total.describe('The parent area: the rows add up to it before rounding'),
    data: z.array(AreaStatisticsRow).describe('One row per child area with figures, then the not-attributed row when there is one'),
  })
  .meta({ id: 'AreaStatistics' });

export const AreaStatisticsQuery = z.object({
  parent: AreaCode.describe('Area whose child areas to list'),
  activity: ActivityId.optional().describe('All activities when left out'),
  period: PeriodParam.optional().describe('The latest period with figures for the parent when left out'),
  ...CommonQuery,
});

export const ActivityStatisticsRow = z.object({ activity: ActivityRef, total: Total, rate: Rate }).meta({ id: 'ActivityStatisticsRow' });

export const ActivityStatistics = z
  .object({
    ...StatisticsMeta,
    area: AreaRef,
    parent: ActivityRef.nullable().describe('null: the top-level activities'),
    period: PeriodParam,
    data: z
      .array(ActivityStatisticsRow)
      .describe(
        'One row per child activity with figures, none when every figure for the parent was reported for it and not for anything beneath it; an activity with several parents appears under each',
      ),
  })
  .meta({ id: 'ActivityStatistics' });

export const ActivityStatisticsQuery = z.object({
  area: AreaCode,
  parent: ActivityId.optional().describe('Activity whose child activities to list; the top-level activities when left out'),
  period: PeriodParam.optional().describe('The latest period with figures for the area when left out'),
  ...CommonQuery,
});

export const SeriesRow = z.object({ period: PeriodParam, total: Total, rate: Rate }).meta({ id: 'SeriesRow' });

export const Series = z
  .object({
    ...StatisticsMeta,
    area: AreaRef,
    activity: ActivityRef.nullable(),
    data: z.array(SeriesRow).describe('One row per period, oldest first'),
  })
  .meta({ id: 'Series' });

export const SeriesQuery = z.object({
  area: AreaCode,
  activity: ActivityId.optional().describe('All activities when left out'),
  ...CommonQuery,
});
