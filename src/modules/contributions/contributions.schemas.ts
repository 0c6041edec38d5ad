import { z } from 'zod';
import { ActivityId } from '../activities/activities.schemas.js';
import { ActivityRef, CommonQuery, ReleaseQuery, StatisticsMeta } from '../statistics/statistics.schemas.js';
import { Count } from '../../domain/disclosure.js';
import { PeriodParam } from '../../domain/period.js';
import { AreaCode, AreaRef } from '../areas/areas.schemas.js';
import { OrganisationId } from '../organisations/organisations.schemas.js';

export const ContributionRow = z
  .object({
    area: AreaRef,
    activity: ActivityRef.nullable().describe('null means all activities'),
    period: PeriodParam,
    participants: Count.describe("The organisation's published count in this area, activity and period"),
    total: Count.describe('The published total for the area, activity and period, all organisations together'),
    share: z
      .number()
      .nullable()
      .describe(
        'Fraction of 1, from published values, rounded to 4 decimals; null when either is suppressed. For a percentage, divide the two counts and round once: 0.2555 may be 25.547%, which reads 25.5%',
      ),
    rank: z.number().int().nullable().describe('1 for the largest named organisation; null when the count is suppressed'),
    sentence: z
      .string()
      .describe(
        'A ready-to-paste statement with its source and permalink; its percentage is rounded once from the two counts, and from a demonstration release it ends "(Demonstration data: do not cite.)"',
      ),
    url: z.string().describe('Permalink to the summary of this cell, pinned to the release'),
  })
  .meta({ id: 'ContributionRow' });

export const Contribution = z
  .object({
    ...StatisticsMeta,
    organisation: z.object({ id: OrganisationId, name: z.string() }),
    period: PeriodParam.nullable().describe('The period asked for; null for every period'),
    data: z
      .array(ContributionRow)
      .describe(
        'Every area (the reported one and those containing it) and activity (with its broader ones and all activities) where the organisation has figures',
      ),
  })
  .meta({ id: 'Contribution' });

export const ContributionParams = z.object({ id: OrganisationId });

export const ContributionQuery = z.object({
  period: PeriodParam.optional().describe('Only this period; every period when left out'),
  ...CommonQuery,
});

export const ContributionChartQuery = z.object({
  area: AreaCode.describe("The area whose total the chart shows, e.g. the organisation's ward or district"),
  activity: ActivityId.optional().describe('The activity, counted with everything beneath it; all activities when left out'),
  period: PeriodParam.optional().describe(
    'The latest period in which the organisation has figures for this area and activity when left out',
  ),
  release: ReleaseQuery,
});

export const ContributionChartSvg = z
  .string()
  .describe(
    "An SVG 1.1 image: the organisation's published count beside the total and the other named organisations, with the source, release, licence and permalink written in the image",
  );
