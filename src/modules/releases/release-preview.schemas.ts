import { z } from 'zod';
import type { CsvColumn } from '../../http/csv.js';
import { Format, Page, Pagination } from '../../http/responses.js';
import { Count, csvCount, toCount } from '../../domain/disclosure.js';
import type { CellChangeRow, CellValuesRow, NamingChangeRow, OwnCellRow } from './release-preview.queries.js';
import type { ReleasePreview as Preview } from './releases.service.js';

export const PreviewReleaseRequest = z.object({}).strict().nullish().meta({ id: 'PreviewReleaseRequest' });
export const PreviewReleaseQuery = z.object({ ...Pagination, format: Format });

const CellValues = z
  .object({
    participants: Count,
    attendances: Count,
    sessions: Count,
    volunteers: Count,
    organisations: z.number().int().describe('Organisations that reported in the cell'),
    per1000: z.number().nullable().describe('Published participants per 1,000 population; null without a population or a count'),
  })
  .meta({ id: 'PreviewCellValues' });

const CellChange = z
  .object({
    change: z
      .enum(['new', 'gone', 'changed', 'suppressed', 'unsuppressed'])
      .describe(
        '`new`: not in the latest release; `gone`: in the latest release, not in the next; `suppressed` or `unsuppressed`: the participants count becomes or stops being suppressed; `changed`: any other published value differs',
      ),
    period: z.string(),
    area: z.object({ code: z.string(), name: z.string() }),
    activityId: z.string().nullable().describe('null: all activities'),
    row: z.enum(['total', 'not-attributed']).describe('`total` of the area, or what was reported for the area itself and not a child'),
    before: CellValues.nullable().describe('As published in the latest release; null when the cell is new'),
    after: CellValues.nullable().describe('As the next release would publish it; null when the cell is gone'),
  })
  .meta({ id: 'PreviewCellChange' });

const PreviewCounts = z.object({
  figures: z.number().int().describe('Current figures in the release'),
  cells: z.number().int().describe('Published totals'),
  breakdownRows: z.number().int().describe('Published breakdown rows: named organisations and "other organisations"'),
  organisations: z.number().int().describe('Organisations with figures in the release'),
});

const NamedOrganisation = z.object({ id: z.string(), name: z.string().describe('The name as it would be (or was last) published') });

export const ReleasePreview = z
  .object({
    latest: z
      .object({ id: z.number().int(), publishedAt: z.string() })
      .nullable()
      .describe('The release compared against; null before the first'),
    next: z.object({
      id: z.number().int().describe('The number the next release would take if published now'),
      demo: z.boolean().describe('True when it would hold demonstration figures'),
    }),
    counts: z.object({ before: PreviewCounts.nullable(), after: PreviewCounts }),
    naming: z.object({
      firstNamed: z.array(NamedOrganisation).describe('Shown by name for the first time'),
      noLongerNamed: z.array(NamedOrganisation).describe('Shown by name in the latest release, not in the next'),
    }),
    data: z.array(CellChange).describe('A page of the cells whose published values would change'),
    page: Page,
  })
  .meta({ id: 'ReleasePreview' });

const toValues = (v: CellValuesRow | null): z.infer<typeof CellValues> | null =>
  v && {
    participants: toCount(v.participants),
    attendances: toCount(v.attendances, v.attendances_reported),
    sessions: toCount(v.sessions, v.sessions_reported),
    volunteers: toCount(v.volunteers, v.volunteers_reported),
    organisations: v.organisations,
    per1000: v.per_1000 === null ? null : Number(v.per_1000),
  };

export const toCellChange = (r: CellChangeRow): z.infer<typeof CellChange> => ({
  change: r.change,
  period: r.period,
  area: { code: r.area_code, name: r.area_name },
  activityId: r.activity_id,
  row: r.scope === 0 ? 'total' : 'not-attributed',
  before: toValues(r.before),
  after: toValues(r.after),
});

const named = (rows: NamingChangeRow[], change: NamingChangeRow['change']) =>
  rows.filter((r) => r.change === change).map((r) => ({ id: r.organisation_id, name: r.organisation_name }));

export const toReleasePreview = (p: Preview, page: { limit: number; offset: number }): z.infer<typeof ReleasePreview> => ({
  latest: p.latest && { id: p.latest.id, publishedAt: p.latest.publishedAt.toISOString() },
  next: p.next,
  counts: p.counts,
  naming: { firstNamed: named(p.naming, 'first-named'), noLongerNamed: named(p.naming, 'no-longer-named') },
  data: p.changes.map(toCellChange),
  page: { ...page, total: p.total },
});

type Change = z.infer<typeof CellChange>;
const MEASURES = ['participants', 'attendances', 'sessions', 'volunteers'] as const;
const valueColumns = (side: 'before' | 'after'): CsvColumn<Change>[] => [
  ...MEASURES.map((m) => ({ header: `${side}_${m}`, value: (r: Change) => (r[side] ? csvCount(r[side][m]) : '') })),
  { header: `${side}_organisations`, value: (r) => r[side]?.organisations },
  { header: `${side}_per_1000`, value: (r) => r[side]?.per1000 },
];

/** Every change as CSV; each row names the releases it compares, as a file travels without its request. */
export const previewCsv = (p: Preview): CsvColumn<Change>[] => [
  { header: 'latest_release', value: () => p.latest?.id ?? '' },
  { header: 'next_release', value: () => p.next.id },
  { header: 'change', value: (r) => r.change },
  { header: 'period', value: (r) => r.period },
  { header: 'area_code', value: (r) => r.area.code },
  { header: 'area_name', value: (r) => r.area.name },
  { header: 'activity_id', value: (r) => r.activityId ?? 'all' },
  { header: 'row', value: (r) => r.row },
  ...valueColumns('before'),
  ...valueColumns('after'),
];

export const OrganisationPreviewCell = z
  .object({
    period: z.string(),
    area: z.object({ code: z.string(), name: z.string(), type: z.string() }),
    activity: z.object({ id: z.string(), label: z.string() }).nullable().describe('null: all activities (every activity counts here too)'),
    total: z.object({
      participants: Count.describe('The cell total as it will be published'),
      organisations: z.number().int().describe('Organisations in the cell'),
    }),
    outcome: z
      .enum(['shown', 'suppressed', 'unnamed'])
      .describe(
        '`shown`: the organisation gets a row of its own, by name; `suppressed`: its published count would be small enough to point at people, so it is folded into "other organisations"; `unnamed`: it has not agreed to be named, so it is folded into "other organisations"',
      ),
    participants: Count.nullable().describe('Its own count as published: a value when shown, flag c when suppressed, null when unnamed'),
    share: z.number().nullable().describe('Its share of the published total, as a fraction of 1; null unless shown'),
    rank: z.number().int().nullable().describe('1 for the largest named organisation in the cell; null unless shown'),
    other: z
      .object({ participants: Count, organisations: z.number().int() })
      .nullable()
      .describe('The "other organisations" row of the cell, which holds it unless shown; null when the cell has none'),
  })
  .meta({ id: 'OrganisationPreviewCell' });

export const OrganisationPreview = z
  .object({
    organisation: z.object({ id: z.string(), name: z.string(), named: z.boolean().describe('Whether it has agreed to be named') }),
    nextRelease: z.number().int().describe('The number the next release would take if published now'),
    suppressUpTo: z.number().int().describe('Published counts from 1 to this are suppressed (flag c)'),
    data: z.array(OrganisationPreviewCell).describe('Every cell it contributes to, newest period first'),
    notes: z.array(z.string()),
  })
  .meta({ id: 'OrganisationPreview' });

type OwnCell = z.infer<typeof OrganisationPreviewCell>;

export function toOwnCell(r: OwnCellRow): OwnCell {
  const outcome = !r.own_row ? 'unnamed' : r.merged ? 'suppressed' : 'shown';
  return {
    period: r.period,
    area: { code: r.area_code, name: r.area_name, type: r.area_type },
    activity: r.activity_id === null ? null : { id: r.activity_id, label: r.activity_label ?? r.activity_id },
    total: { participants: toCount(r.total_participants), organisations: r.total_organisations },
    outcome,
    participants: outcome === 'unnamed' ? null : toCount(r.participants),
    share: outcome === 'shown' && r.share !== null ? Number(r.share) : null,
    rank: outcome === 'shown' ? r.rank : null,
    other: r.other_organisations === null ? null : { participants: toCount(r.other_participants), organisations: r.other_organisations },
  };
}

export const OWN_CELL_CSV: CsvColumn<OwnCell>[] = [
  { header: 'period', value: (r) => r.period },
  { header: 'area_code', value: (r) => r.area.code },
  { header: 'area_name', value: (r) => r.area.name },
  { header: 'activity_id', value: (r) => r.activity?.id ?? 'all' },
  { header: 'total_participants', value: (r) => csvCount(r.total.participants) },
  { header: 'outcome', value: (r) => r.outcome },
  { header: 'participants', value: (r) => (r.participants ? csvCount(r.participants) : '') },
  { header: 'share', value: (r) => r.share },
  { header: 'rank', value: (r) => r.rank },
  { header: 'other_participants', value: (r) => (r.other ? csvCount(r.other.participants) : '') },
];
