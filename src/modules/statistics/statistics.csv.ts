import type { CsvColumn } from '../../http/csv.js';
import { csvCount, type Count } from '../../domain/disclosure.js';

// CSV renderings of the statistics answers: `[c]` suppressed, `[x]` not reported by every
// organisation, every row flat. A CSV file travels without its request, so every row also names
// the release (and whether it is demonstration data), the area, the activity and the period.

type TotalLike = { total: { participants: Count; attendances: Count; sessions: Count; volunteers: Count; organisations: number } };
type RateLike = { rate: { per1000: number | null; population: number | null } };
type Answer = { release: { id: number }; demo: boolean };
type AreaRef = { code: string; name: string };
type ActivityRef = { id: string; label: string } | null;

const fixed = <T>(header: string, value: string | number): CsvColumn<T> => ({ header, value: () => value });

function releaseColumns<T>(answer: Answer): CsvColumn<T>[] {
  // csv-stringify writes false as an empty cell, which reads as "unknown".
  return [fixed('release', answer.release.id), fixed('demo', String(answer.demo))];
}

function areaColumns<T>(area: AreaRef, prefix = 'area'): CsvColumn<T>[] {
  return [fixed(`${prefix}_code`, area.code), fixed(`${prefix}_name`, area.name)];
}

function activityColumns<T>(activity: ActivityRef): CsvColumn<T>[] {
  return [fixed('activity_id', activity?.id ?? 'all'), fixed('activity_label', activity?.label ?? 'All activities')];
}

function totalColumns<T extends TotalLike & Partial<RateLike>>(): CsvColumn<T>[] {
  return [
    { header: 'participants', value: (r) => csvCount(r.total.participants) },
    { header: 'attendances', value: (r) => csvCount(r.total.attendances) },
    { header: 'sessions', value: (r) => csvCount(r.total.sessions) },
    { header: 'volunteers', value: (r) => csvCount(r.total.volunteers) },
    { header: 'organisations', value: (r) => r.total.organisations },
    { header: 'population', value: (r) => r.rate?.population },
    { header: 'per_1000', value: (r) => r.rate?.per1000 },
  ];
}

type AreaRow = TotalLike & RateLike & { area: { code: string } | null; label: string };
export const areaStatisticsCsv = (answer: Answer & { parent: AreaRef; activity: ActivityRef; period: string }): CsvColumn<AreaRow>[] => [
  ...releaseColumns<AreaRow>(answer),
  fixed('period', answer.period),
  ...areaColumns<AreaRow>(answer.parent, 'parent'),
  ...activityColumns<AreaRow>(answer.activity),
  { header: 'area_code', value: (r) => r.area?.code },
  { header: 'label', value: (r) => r.label },
  ...totalColumns<AreaRow>(),
];

type ActivityRow = TotalLike & RateLike & { activity: { id: string; label: string } };
export const activityStatisticsCsv = (
  answer: Answer & { area: AreaRef; parent: ActivityRef; period: string },
): CsvColumn<ActivityRow>[] => [
  ...releaseColumns<ActivityRow>(answer),
  fixed('period', answer.period),
  ...areaColumns<ActivityRow>(answer.area),
  fixed('parent_activity_id', answer.parent?.id ?? ''),
  { header: 'activity_id', value: (r) => r.activity.id },
  { header: 'label', value: (r) => r.activity.label },
  ...totalColumns<ActivityRow>(),
];

type SeriesRow = TotalLike & RateLike & { period: string };
export const seriesCsv = (answer: Answer & { area: AreaRef; activity: ActivityRef }): CsvColumn<SeriesRow>[] => [
  ...releaseColumns<SeriesRow>(answer),
  ...areaColumns<SeriesRow>(answer.area),
  ...activityColumns<SeriesRow>(answer.activity),
  { header: 'period', value: (r) => r.period },
  ...totalColumns<SeriesRow>(),
];

type BreakdownCsvRow = {
  row: 'total' | 'organisation' | 'other';
  organisation: { id: string } | null;
  label: string;
  participants: Count;
  organisations: number;
  share: number | null;
  rank: number | null;
};
type SummaryLike = Answer & {
  area: AreaRef;
  activity: ActivityRef;
  period: string;
  total: { participants: Count; organisations: number };
  breakdown: Omit<BreakdownCsvRow, 'row'>[];
};

/** The summary as one table: its total, then the breakdown rows, as the page shows them. */
export function summaryCsv(summary: SummaryLike) {
  const columns: CsvColumn<BreakdownCsvRow>[] = [
    ...releaseColumns<BreakdownCsvRow>(summary),
    fixed('period', summary.period),
    ...areaColumns<BreakdownCsvRow>(summary.area),
    ...activityColumns<BreakdownCsvRow>(summary.activity),
    { header: 'row', value: (r) => r.row },
    { header: 'organisation_id', value: (r) => r.organisation?.id },
    { header: 'label', value: (r) => r.label },
    { header: 'participants', value: (r) => csvCount(r.participants) },
    { header: 'organisations', value: (r) => r.organisations },
    { header: 'share', value: (r) => r.share },
    { header: 'rank', value: (r) => r.rank },
  ];
  const total: BreakdownCsvRow = {
    row: 'total',
    organisation: null,
    label: 'Total',
    participants: summary.total.participants,
    organisations: summary.total.organisations,
    share: null,
    rank: null,
  };
  const rows = summary.breakdown.map((b): BreakdownCsvRow => ({ ...b, row: b.organisation ? 'organisation' : 'other' }));
  return { columns, rows: [total, ...rows] };
}
