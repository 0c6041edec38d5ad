import type { CsvColumn } from '../../http/csv.js';
import { csvCount, type Count } from '../../domain/disclosure.js';

type ContributionCsvRow = {
  area: { code: string; name: string };
  activity: { id: string } | null;
  period: string;
  participants: Count;
  total: Count;
  share: number | null;
  rank: number | null;
  sentence: string;
  url: string;
};
export const CONTRIBUTION_CSV: CsvColumn<ContributionCsvRow>[] = [
  { header: 'area_code', value: (r) => r.area.code },
  { header: 'area_name', value: (r) => r.area.name },
  { header: 'activity_id', value: (r) => r.activity?.id ?? 'all' },
  { header: 'period', value: (r) => r.period },
  { header: 'participants', value: (r) => csvCount(r.participants) },
  { header: 'total', value: (r) => csvCount(r.total) },
  { header: 'share', value: (r) => r.share },
  { header: 'rank', value: (r) => r.rank },
  { header: 'sentence', value: (r) => r.sentence },
  { header: 'url', value: (r) => r.url },
];
