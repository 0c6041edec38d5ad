import { z } from 'zod';
import { multiLineText } from '../../http/text.js';
import type { CsvColumn } from '../../http/csv.js';
import { Format, listOf, Pagination } from '../../http/responses.js';
import { Count, csvCount, toCount, unreportedRule } from '../../domain/disclosure.js';
import type { PublishedRow, ReleaseRow } from './releases.queries.js';

export const Release = z
  .object({
    id: z.number().int().describe('Release number: 1, 2, 3... in order of publication'),
    publishedAt: z.string().describe('ISO 8601 time of publication'),
    demo: z.boolean().describe('True when the release holds generated demonstration data'),
    policy: z
      .object({
        method: z
          .enum(['round', 'cell-key'])
          .describe('`round`: suppress small counts and round the others; `cell-key`: cell key perturbation (docs/disclosure.md)'),
        suppressFrom: z.number().int(),
        suppressUpTo: z.number().int().describe('Published counts from suppressFrom to this are suppressed'),
        roundTo: z.number().int().optional().describe('`round` only: other counts are rounded to the nearest multiple of this'),
        version: z.string().optional().describe('`cell-key` only: the perturbation table used'),
        keyRange: z.number().int().optional().describe('`cell-key` only: cell keys run from 0 to keyRange - 1'),
        maxChange: z.number().int().optional().describe('`cell-key` only: no published count differs from its exact count by more'),
        countCap: z.number().int().optional().describe('`cell-key` only: from this count on, every count takes the same changes'),
        variance: z.number().optional().describe('`cell-key` only: variance of the change from countCap on (its mean is 0)'),
        rows: z
          .array(
            z.object({
              countFrom: z.number().int(),
              countTo: z.number().int().nullable().describe('null: no upper bound'),
              keyFrom: z.number().int(),
              keyTo: z.number().int(),
              change: z.number().int(),
            }),
          )
          .max(1000)
          .optional()
          .describe(
            '`cell-key` only: the perturbation table: counts countFrom..countTo with a cell key in keyFrom..keyTo change by `change`',
          ),
        unreported: z
          .enum(['null', 'zero'])
          .describe(
            'What a total does with attendances, sessions or volunteers that some organisation did not report: `null`, published only where every organisation reported them, else flag x; `zero`, releases built before that rule, which counted them as 0 (their totals can be too low)',
          ),
        rules: z.array(z.string()).describe('The policy in words, including what it does not protect against'),
      })
      .describe('The disclosure control applied to this release'),
    counts: z.object({
      figures: z.number().int().describe('Figures in the snapshot'),
      organisations: z.number().int(),
      periods: z.number().int(),
      areas: z.number().int().describe('Areas with a published total'),
      activities: z.number().int().describe('Activities with a published total, besides all activities'),
      cells: z.number().int().describe('Published totals'),
    }),
    notes: z.string().nullable().describe('What changed in this release, as written by its publisher'),
    links: z.object({ self: z.string(), download: z.string() }),
  })
  .meta({ id: 'Release' });
export type Release = z.infer<typeof Release>;

export const toRelease = (row: ReleaseRow): Release => ({
  id: row.id,
  publishedAt: row.publishedAt.toISOString(),
  demo: row.isDemo,
  policy: {
    ...(row.policy as Omit<Release['policy'], 'unreported' | 'method'>),
    method: (row.policy as { method?: 'cell-key' }).method ?? 'round',
    unreported: unreportedRule(row.policy),
  },
  counts: row.counts as Release['counts'],
  notes: row.notes,
  links: { self: `/v1/releases/${row.id}`, download: `/v1/releases/${row.id}/download` },
});

export const ReleaseList = listOf(Release, 'ReleaseList');
export const ListReleasesQuery = z.object({ ...Pagination });
export const PublishReleaseRequest = z
  .object({ notes: multiLineText(2000).optional().describe('What changed since the last release; published with it') })
  .strict()
  .nullish()
  .meta({ id: 'PublishReleaseRequest' });

export const ReleaseParams = z.object({ id: z.coerce.number().int().min(1).max(2_000_000_000).describe('Release number') });
export const DownloadQuery = z.object({ format: Format });

export const PublishedTableRow = z
  .object({
    period: z.string(),
    areaCode: z.string(),
    areaName: z.string(),
    activityId: z.string().nullable().describe('null: all activities'),
    row: z
      .enum(['total', 'not-attributed', 'organisation', 'other'])
      .describe(
        '`total` of the area; `not-attributed`: reported for the area itself, not a child; `organisation` or `other` organisations',
      ),
    organisationId: z.string().nullable(),
    organisationName: z.string().nullable(),
    participants: Count,
    attendances: Count.nullable(),
    sessions: Count.nullable(),
    volunteers: Count.nullable(),
    organisations: z.number().int(),
    population: z.number().int().nullable(),
    per1000: z.number().nullable(),
    share: z.number().nullable(),
    rank: z.number().int().nullable(),
  })
  .meta({ id: 'PublishedTableRow' });

export const PublishedTable = z
  .object({
    release: Release,
    licence: z.object({ name: z.string(), url: z.string() }),
    attribution: z.string(),
    notes: z.array(z.string()),
    data: z.array(PublishedTableRow).describe('Every published row of the release'),
  })
  .meta({ id: 'PublishedTable' });

const isTotal = (row: PublishedRow) => row.row_type === 'total' || row.row_type === 'not-attributed';

export const toPublishedTableRow = (row: PublishedRow): z.infer<typeof PublishedTableRow> => ({
  period: row.period,
  areaCode: row.area_code,
  areaName: row.area_name,
  activityId: row.activity_id,
  row: row.row_type,
  organisationId: row.organisation_id,
  organisationName: row.organisation_name,
  participants: toCount(row.participants),
  attendances: isTotal(row) ? toCount(row.attendances, row.attendances_reported) : null,
  sessions: isTotal(row) ? toCount(row.sessions, row.sessions_reported) : null,
  volunteers: isTotal(row) ? toCount(row.volunteers, row.volunteers_reported) : null,
  organisations: row.organisations,
  population: row.population,
  per1000: row.per_1000,
  share: row.share,
  rank: row.rank,
});

/** The whole table as CSV; every row names its release, as a file travels without its request. */
export const publishedCsv = (release: ReleaseRow): CsvColumn<PublishedRow>[] => [
  { header: 'release', value: () => release.id },
  // csv-stringify writes false as an empty cell, which reads as "unknown".
  { header: 'demo', value: () => String(release.isDemo) },
  { header: 'period', value: (r) => r.period },
  { header: 'area_code', value: (r) => r.area_code },
  { header: 'area_name', value: (r) => r.area_name },
  { header: 'activity_id', value: (r) => r.activity_id ?? 'all' },
  { header: 'row', value: (r) => r.row_type },
  { header: 'organisation_id', value: (r) => r.organisation_id },
  { header: 'organisation_name', value: (r) => r.organisation_name },
  { header: 'participants', value: (r) => csvCount(toCount(r.participants)) },
  { header: 'attendances', value: (r) => (isTotal(r) ? csvCount(toCount(r.attendances, r.attendances_reported)) : '') },
  { header: 'sessions', value: (r) => (isTotal(r) ? csvCount(toCount(r.sessions, r.sessions_reported)) : '') },
  { header: 'volunteers', value: (r) => (isTotal(r) ? csvCount(toCount(r.volunteers, r.volunteers_reported)) : '') },
  { header: 'organisations', value: (r) => r.organisations },
  { header: 'population', value: (r) => r.population },
  { header: 'per_1000', value: (r) => r.per_1000 },
  { header: 'share', value: (r) => r.share },
  { header: 'rank', value: (r) => r.rank },
];
