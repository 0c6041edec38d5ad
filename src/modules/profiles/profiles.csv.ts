// An area profile as one CSV table: one row per line of the profile, its `section` saying which part.
import { csvCount, type Count } from '../../domain/disclosure.js';
import type { CsvColumn } from '../../http/csv.js';
import type { AreaProfile } from './profiles.schemas.js';

type Rate = AreaProfile['activities'][number]['rate'];
export type ProfileCsvRow = {
  section: 'activity' | 'comparison' | 'trend' | 'community' | 'benchmark' | 'child' | 'deprivation';
  area?: { code: string; name: string } | null;
  label?: string;
  activity?: string | null;
  period?: string;
  participants?: Count | null;
  organisations?: number | null;
  volunteers?: Count | null;
  rate?: Rate;
  significance?: string | null;
  indicator?: string;
  value?: number | null;
  england?: number | null;
  rank?: number | null;
  note?: string | null;
};

const count = (c: Count | null | undefined) => (c ? csvCount(c) : null);

export const PROFILE_CSV: CsvColumn<ProfileCsvRow>[] = [
  { header: 'section', value: (r) => r.section },
  { header: 'area_code', value: (r) => r.area?.code },
  { header: 'area_name', value: (r) => r.area?.name ?? r.label },
  { header: 'activity', value: (r) => r.activity },
  { header: 'period', value: (r) => r.period },
  { header: 'participants', value: (r) => count(r.participants) },
  { header: 'organisations', value: (r) => r.organisations },
  { header: 'volunteers', value: (r) => count(r.volunteers) },
  { header: 'per_1000', value: (r) => r.rate?.per1000 },
  { header: 'lower_95', value: (r) => r.rate?.lower95 },
  { header: 'upper_95', value: (r) => r.rate?.upper95 },
  { header: 'population', value: (r) => r.rate?.population },
  { header: 'significance', value: (r) => r.significance },
  { header: 'rank', value: (r) => r.rank },
  { header: 'indicator', value: (r) => r.indicator },
  { header: 'value', value: (r) => r.value },
  { header: 'england_value', value: (r) => r.england },
  { header: 'note', value: (r) => r.note ?? r.rate?.reason },
];

export function profileCsvRows(p: AreaProfile): ProfileCsvRow[] {
  const period = p.period;
  return [
    ...p.activities.flatMap((a): ProfileCsvRow[] => [
      {
        section: 'activity',
        area: p.area,
        activity: a.activity?.id ?? null,
        period,
        participants: a.participants,
        organisations: a.organisations,
        rate: a.rate,
      },
      ...a.comparisons.map((c): ProfileCsvRow => ({
        section: 'comparison',
        area: c.area,
        activity: a.activity?.id ?? null,
        period,
        rate: c.rate,
        significance: c.significance,
      })),
    ]),
    ...p.trend.map((t): ProfileCsvRow => ({
      section: 'trend',
      area: p.area,
      activity: t.activity,
      period: t.period,
      participants: t.participants,
      organisations: t.organisations,
      rate: t.rate,
    })),
    { section: 'community', area: p.area, period, organisations: p.community.organisations, volunteers: p.community.volunteers },
    ...(p.community.previousPeriod
      ? [
          {
            section: 'community' as const,
            area: p.area,
            period: p.community.previousPeriod,
            organisations: p.community.previousOrganisations,
            volunteers: p.community.previousVolunteers,
          },
        ]
      : []),
    ...p.benchmarks.map((b): ProfileCsvRow => ({
      section: 'benchmark',
      area: b.area,
      period: b.period,
      indicator: b.indicatorId,
      value: b.value,
      england: b.england,
    })),
    ...p.children.data.map((c): ProfileCsvRow => ({
      section: 'child',
      area: c.area,
      label: c.label,
      period,
      participants: c.participants,
      organisations: c.organisations,
      rate: c.rate,
      rank: c.rank,
    })),
    ...(p.deprivation
      ? [
          {
            section: 'deprivation' as const,
            area: p.area,
            period: String(p.deprivation.year),
            indicator: 'imd-average-score',
            value: p.deprivation.averageScore,
            note: p.deprivation.reason,
          },
        ]
      : []),
  ];
}
