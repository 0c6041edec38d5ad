import { z } from 'zod';
import { AGE_BANDS, NOT_RECORDED, SEXES } from '../../domain/demographics.js';
import { PeriodParam } from '../../domain/period.js';
import type { CsvColumn } from '../../http/csv.js';
import { Format, listOf, Pagination } from '../../http/responses.js';
import { ActivityId } from '../activities/activities.schemas.js';
import { AreaCode } from '../areas/areas.schemas.js';
import { OrganisationId } from '../organisations/organisations.schemas.js';

export const MAX_COUNT = 10_000_000;

const count = (what: string) =>
  z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(MAX_COUNT, 'must be at most 10000000')
    .describe(`${what}; a whole number from 0 to 10,000,000`);

// In a batch the period is checked row by row (figures.validation.ts, with the rules of
// domain/period.ts) so that every bad row is reported at once; here it only has to be text.
const SubmittedPeriod = z
  .string({ error: 'must be a period such as 2025-26' })
  .max(20)
  .describe('`2025` (calendar year), `2025-26` (financial year), `2025-Q3` (quarter) or `2025-09` (month); it must have started');

export const FigureInput = z
  .object({
    activity: ActivityId,
    area: AreaCode.describe('ONS code of the area where the activity takes place, as small as known (a ward, or a whole LAD)'),
    period: SubmittedPeriod,
    participants: count('Distinct people the organisation saw. Required unless `withdraw` is true').optional(),
    attendances: count('Visits in total; at least `participants`. Null or absent: not known').nullable().optional(),
    sessions: count('Sessions run. Null or absent: not known').nullable().optional(),
    volunteers: count('Distinct volunteers. Null or absent: not known').nullable().optional(),
    ageBand: z
      .enum([...AGE_BANDS, NOT_RECORDED], { error: `must be one of ${[...AGE_BANDS, NOT_RECORDED].join(', ')}` })
      .optional()
      .describe(
        'Optional: the age band of these participants (unions of the ONS 5-year bands). Rows for the same activity, area and period with `ageBand` or `sex` are one breakdown, summed into one figure; a cell is either a plain total or a breakdown, never both. Left out on a breakdown row: not recorded',
      ),
    sex: z
      .enum([...SEXES, NOT_RECORDED], { error: `must be one of ${[...SEXES, NOT_RECORDED].join(', ')}` })
      .optional()
      .describe(
        'Optional: the sex of these participants, as the ONS estimates give it, or `not-recorded`. Left out on a breakdown row: not recorded',
      ),
    withdraw: z
      .boolean({ error: 'must be true or false' })
      .optional()
      .describe('True withdraws the figure for this activity, area and period (it must have a current value); give no counts with it'),
    organisation: OrganisationId.optional().describe(
      'Not needed. When given it must be the organisation in the path, else the row is rejected',
    ),
  })
  .strict()
  .meta({ id: 'FigureInput' });
export type FigureInput = z.infer<typeof FigureInput>;

export const FigureBatch = z
  .object({
    figures: z
      .array(FigureInput)
      .max(1_000_000)
      .describe(
        'One entry per (activity, area, period); each key at most once per batch. At most MAX_BATCH_FIGURES (default 10,000): more is a 413',
      ),
    organisation: OrganisationId.optional().describe('Not needed. When given it must be the organisation in the path'),
  })
  .strict()
  .meta({
    id: 'FigureBatch',
    description:
      'Also accepted as CSV (`Content-Type: text/csv`) with a header row naming these columns: activity, area, period, participants, attendances, sessions, volunteers, withdraw (optional), age_band and sex (optional: a breakdown of the cell by age band and sex).',
  });

const changed = (what: string) => z.number().int().min(0).describe(what);

export const SubmissionChanges = z
  .object({
    new: changed('Figures the organisation had no current value for'),
    revised: changed('Figures whose current value this changed'),
    unchanged: changed('Figures sent again with the values they already had (a revision is still recorded)'),
    withdrawn: changed('Figures withdrawn'),
  })
  .meta({ id: 'SubmissionChanges' });

export const SubmissionReceipt = z
  .object({
    submissionId: z.uuid().describe('Id of the stored submission; every revision it made carries it'),
    figures: z.number().int().describe('How many figures it stored (new values and withdrawals)'),
    changes: SubmissionChanges.optional().describe(
      'What it changed, compared with the current figures just before it was stored. Absent only when replaying the answer of a submission stored before receipts said so',
    ),
  })
  .meta({ id: 'SubmissionReceipt' });

export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'must be 1 to 200 visible ASCII characters')
    .optional()
    .describe(
      'Any unique string (a UUID is ideal). A retry with the same key and body replays the first answer and stores nothing more; the same key with a different body is a 422. Kept per organisation, for good',
    ),
});

export const OrganisationFigure = z
  .object({
    id: z.uuid().describe('Figure id: the same for every revision of this (activity, area, period)'),
    activity: ActivityId,
    area: AreaCode,
    period: z.string().describe('Reporting period'),
    participants: z.number().int().nullable().describe('Distinct people; null only on a withdrawal'),
    attendances: z.number().int().nullable().describe('Visits; null when not given'),
    sessions: z.number().int().nullable().describe('Sessions; null when not given'),
    volunteers: z.number().int().nullable().describe('Volunteers; null when not given'),
    withdrawn: z.boolean().describe('True when this revision withdrew the figure'),
    revision: z.number().int().describe('Revision number, increasing over the whole service; the highest is current'),
    submissionId: z.uuid().describe('The submission that made this revision'),
    recordedAt: z.string().describe('When this revision was stored (ISO 8601, UTC)'),
  })
  .meta({ id: 'OrganisationFigure' });
export type OrganisationFigure = z.infer<typeof OrganisationFigure>;

export const OrganisationFigureList = listOf(OrganisationFigure, 'OrganisationFigureList');

export const ListFiguresQuery = z.object({
  history: z
    .enum(['true', 'false'])
    .default('false')
    .describe('`true`: every revision, oldest first, including withdrawals; `false`: the current figures'),
  period: PeriodParam.optional().describe('Only this period'),
  activity: ActivityId.optional().describe('Only this activity'),
  area: AreaCode.optional().describe('Only this area'),
  ...Pagination,
  format: Format,
});

export const FigureParams = z.object({ id: OrganisationId, figureId: z.uuid().describe('Figure id') });

export const FIGURE_CSV: CsvColumn<OrganisationFigure>[] = [
  { header: 'figure_id', value: (f) => f.id },
  { header: 'activity', value: (f) => f.activity },
  { header: 'area', value: (f) => f.area },
  { header: 'period', value: (f) => f.period },
  { header: 'participants', value: (f) => f.participants },
  { header: 'attendances', value: (f) => f.attendances },
  { header: 'sessions', value: (f) => f.sessions },
  { header: 'volunteers', value: (f) => f.volunteers },
  { header: 'withdrawn', value: (f) => String(f.withdrawn) },
  { header: 'revision', value: (f) => f.revision },
  { header: 'submission_id', value: (f) => f.submissionId },
  { header: 'recorded_at', value: (f) => f.recordedAt },
];

export const SubmissionSummary = z
  .object({
    id: z.uuid().describe('Submission id: every revision it made carries it as `submissionId`'),
    recordedAt: z.string().describe('When it was stored (ISO 8601, UTC)'),
    format: z.string().describe('How it came in: `json`, `csv`, a spreadsheet, the demo loader, or `withdrawal`'),
    figures: z.number().int().describe('Figures in it'),
    by: z
      .object({
        kind: z
          .enum(['person', 'key', 'system'])
          .describe('`person`: a signed-in person; `key`: an API key; `system`: a script or the demo loader'),
        name: z.string().nullable().describe("The person's display name, or the key's label; null when there is none"),
        keyId: z.string().nullable().describe('The key used; null for a person or the system'),
      })
      .describe('Who sent it'),
  })
  .meta({ id: 'SubmissionSummary' });

export const SubmissionList = listOf(SubmissionSummary, 'SubmissionList');
export const ListSubmissionsQuery = z.object({ ...Pagination });
