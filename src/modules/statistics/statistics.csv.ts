import type { CsvColumn } from '../../http/csv.js';
import { csvCount, type Count } from '../../domain/disclosure.js';

// CSV renderings of the statistics answers: a suppressed count is `[c]`, every row flat.

type TotalLike = { total: { participants: Count; attendances: Count; sessions: Count; volunteers: Count; organisations: number } };
type RateLike = { rate: { per1000: number | null; population: number | null } };

export function totalColumns<T extends TotalLike & Partial<RateLike>>(): CsvColumn<T>[] {
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
export const AREA_STATISTICS_CSV: CsvColumn<AreaRow>[] = [
  { header: 'area_code', value: (r) => r.area?.code },
  { header: 'label', value: (r) => r.label },
  ...totalColumns<AreaRow>(),
];

type ActivityRow = TotalLike & RateLike & { activity: { id: string; label: string } };
export const ACTIVITY_STATISTICS_CSV: CsvColumn<ActivityRow>[] = [
  { header: 'activity_id', value: (r) => r.activity.id },
  { header: 'label', value: (r) => r.activity.label },
  ...totalColumns<ActivityRow>(),
];

type SeriesRow = TotalLike & RateLike & { period: string };
export const SERIES_CSV: CsvColumn<SeriesRow>[] = [{ header: 'period', value: (r) => r.period }, ...totalColumns<SeriesRow>()];

type BreakdownCsvRow = {
  row: 'total' | 'organisation' | 'other';
  organisation: { id: string } | null;
  label: string;
  participants: Count;
  organisations: number;
  share: number | null;
  rank: number | null;
};
export const SUMMARY_CSV: CsvColumn<BreakdownCsvRow>[] = [
  { header: 'row', value: (r) => r.row },
  { header: 'organisation_id', value: (r) => r.organisation?.id },
  { header: 'label', value: (r) => r.label },
  { header: 'participants', value: (r) => csvCount(r.participants) },
  { header: 'organisations', value: (r) => r.organisations },
  { header: 'share', value: (r) => r.share },
  { header: 'rank', value: (r) => r.rank },
];
