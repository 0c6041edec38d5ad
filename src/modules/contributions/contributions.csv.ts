import type { CsvColumn } from '../../http/csv.js';
import { csvCount, type Count } from '../../domain/disclosure.js';

type ContributionCsvRow = {
  area: { code: string; name: string };
  activity: { id: string; label: string } | null;
  period: string;
  participants: Count;
  total: Count;
  share: number | null;
  rank: number | null;
  sentence: string;
  url: string;
};
type ContributionAnswer = { release: { id: number }; demo: boolean; organisation: { id: string; name: string } };

/** Every row names its release and organisation too: a CSV file travels without the request that made it. */
export const contributionCsv = (answer: ContributionAnswer): CsvColumn<ContributionCsvRow>[] => [
  { header: 'release', value: () => answer.release.id },
  // csv-stringify writes false as an empty cell, which reads as "unknown".
  { header: 'demo', value: () => String(answer.demo) },
  { header: 'organisation_id', value: () => answer.organisation.id },
  { header: 'organisation_name', value: () => answer.organisation.name },
  { header: 'area_code', value: (r) => r.area.code },
  { header: 'area_name', value: (r) => r.area.name },
  { header: 'activity_id', value: (r) => r.activity?.id ?? 'all' },
  { header: 'activity_label', value: (r) => r.activity?.label ?? 'All activities' },
  { header: 'period', value: (r) => r.period },
  { header: 'participants', value: (r) => csvCount(r.participants) },
  { header: 'total', value: (r) => csvCount(r.total) },
  { header: 'share', value: (r) => r.share },
  { header: 'rank', value: (r) => r.rank },
  { header: 'sentence', value: (r) => r.sentence },
  { header: 'url', value: (r) => r.url },
];
