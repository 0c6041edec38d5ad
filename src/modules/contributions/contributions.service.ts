import type { Db } from '../../db/client.js';
import { comparePeriods } from '../../domain/period.js';
import { requireNamedOrganisation } from '../organisations/organisations.service.js';
import { formatPercent, toCount, type DisclosurePolicy } from '../../domain/disclosure.js';
import { citable } from '../../domain/publication.js';
import type { ReleaseRow } from '../releases/releases.service.js';
import { listContributions, type ContributionRow } from './contributions.queries.js';
import { getSummary, latestPeriod, noFigures, requireRelease, statisticsMeta } from '../statistics/statistics.service.js';

const TYPE_ORDER = { ward: 0, lad: 1, region: 2, country: 3 } as const;
const number = (n: number) => n.toLocaleString('en-GB');

function summaryUrl(publicUrl: string, releaseId: number, row: ContributionRow) {
  const params = new URLSearchParams({
    area: row.area_code,
    ...(row.activity_id ? { activity: row.activity_id } : {}),
    period: row.period,
    release: String(releaseId),
  });
  return `${publicUrl}/v1/statistics/summary?${params.toString()}`;
}

/**
 * "Armley Ballet Club provided 45 of the 1,230 dance participations in Leeds in 2025-26 (3.7%). Source: ...",
 * and, from a demonstration release, a warning that goes wherever the sentence is pasted.
 */
function sentence(row: ContributionRow, release: ReleaseRow, url: string) {
  const what = row.activity_label ? `${row.activity_label.toLowerCase()} participations` : 'participations in all activities';
  const source = `Source: Participation API release ${release.id}, ${url}`;
  if (row.participants === null) {
    return citable(
      `${row.organisation_name}'s count of ${what} in ${row.area_name} in ${row.period} is too small to publish on its own; it is included in "other organisations". ${source}`,
      release.isDemo,
    );
  }
  const percent = row.share === null ? null : formatPercent(toCount(row.participants), toCount(row.total));
  const share = percent === null ? '' : ` (${percent})`;
  const total = row.total === null ? 'a suppressed number of' : `the ${number(row.total)}`;
  return citable(
    `${row.organisation_name} provided ${number(row.participants)} of ${total} ${what} in ${row.area_name} in ${row.period}${share}. ${source}`,
    release.isDemo,
  );
}

export async function getContribution(db: Db, publicUrl: string, q: { id: string; period?: string; release?: number }) {
  const organisation = await requireNamedOrganisation(db, q.id);
  const release = await requireRelease(db, q.release);
  const rows = await listContributions(db, { releaseId: release.id, organisationId: organisation.id, period: q.period });
  if (rows.length === 0) {
    throw noFigures(`Release ${release.id} has no figures from ${organisation.name}${q.period ? ` in ${q.period}` : ''}.`);
  }
  rows.sort((a, b) => comparePeriods(b.period, a.period) || TYPE_ORDER[a.area_type] - TYPE_ORDER[b.area_type]);
  const name = rows[0]!.organisation_name;
  return {
    ...statisticsMeta(release, publicUrl, {
      what: `contribution of ${name}`,
      path: `/v1/organisations/${organisation.id}/contribution`,
      query: { period: q.period },
    }),
    organisation: { id: organisation.id, name },
    period: q.period ?? null,
    data: rows.map((row) => {
      const url = summaryUrl(publicUrl, release.id, row);
      return {
        area: { code: row.area_code, name: row.area_name, type: row.area_type },
        activity: row.activity_id ? { id: row.activity_id, label: row.activity_label! } : null,
        period: row.period,
        participants: toCount(row.participants),
        total: toCount(row.total),
        share: row.share,
        rank: row.rank,
        sentence: sentence(row, release, url),
        url,
      };
    }),
  };
}

type ChartQuery = { id: string; area: string; activity?: string; period?: string; release?: number };

/**
 * What the contribution chart draws: the organisation's row for one area, activity and period and
 * that cell's summary, both read from the same release, so the image shows exactly what the JSON
 * answers give.
 */
export async function getContributionChart(db: Db, publicUrl: string, q: ChartQuery) {
  const release = await requireRelease(db, q.release);
  const contribution = await getContribution(db, publicUrl, { id: q.id, period: q.period, release: release.id });
  const rows = contribution.data.filter((r) => r.area.code === q.area && r.activity?.id === q.activity);
  const period = latestPeriod(rows.map((r) => r.period));
  const row = rows.find((r) => r.period === period);
  if (!row) {
    const what = q.activity ? `activity ${q.activity}` : 'all activities';
    throw noFigures(
      `Release ${release.id} has no figures from ${contribution.organisation.name} for ${what} in area ${q.area}${q.period ? ` in ${q.period}` : ''}.`,
    );
  }
  const summary = await getSummary(db, publicUrl, { area: q.area, activity: q.activity, period: row.period, release: release.id });
  return { organisation: contribution.organisation, row, summary, policy: release.policy as DisclosurePolicy };
}

export type ContributionChart = Awaited<ReturnType<typeof getContributionChart>>;
