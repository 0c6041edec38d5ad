import type { Db } from '../../db/client.js';
import { parsePeriod } from '../../domain/period.js';
import { listPeriodReturns } from './returns.queries.js';

export type ReturnStatus = 'sent' | 'missing';

export type OrganisationReturn = {
  organisation: { id: string; name: string; named: boolean; demo: boolean };
  status: ReturnStatus;
  figures: number;
  firstSentAt: Date | null;
  lastSentAt: Date | null;
  /** For a missing return: the latest earlier period of the same kind it sent figures for. */
  lastPeriod: string | null;
};

/**
 * For one period: every organisation with current figures for it ("sent"), and every one with
 * none although it had some for an earlier period of the same kind ("missing"; months are compared
 * with months, quarters with quarters). Sent first, then missing, each by name.
 */
export async function listReturns(db: Db, periodId: string, status?: ReturnStatus): Promise<OrganisationReturn[]> {
  const period = parsePeriod(periodId);
  if (!period) return [];
  const byOrganisation = new Map<string, OrganisationReturn>();
  for (const row of await listPeriodReturns(db)) {
    const organisation = { id: row.organisation_id, name: row.organisation_name, named: row.named, demo: row.demo };
    const entry = byOrganisation.get(row.organisation_id) ?? {
      organisation,
      status: 'missing',
      figures: 0,
      firstSentAt: null,
      lastSentAt: null,
      lastPeriod: null,
    };
    if (row.period === period.id) {
      Object.assign(entry, {
        status: 'sent',
        figures: row.figures,
        firstSentAt: new Date(row.first_sent_at),
        lastSentAt: new Date(row.last_sent_at),
      });
    } else {
      const other = parsePeriod(row.period);
      if (other?.kind === period.kind && other.end < period.start && (entry.lastPeriod === null || row.period > entry.lastPeriod))
        entry.lastPeriod = row.period;
    }
    byOrganisation.set(row.organisation_id, entry);
  }
  return [...byOrganisation.values()]
    .map((e) => (e.status === 'sent' ? { ...e, lastPeriod: null } : e))
    .filter((e) => e.status === 'sent' || e.lastPeriod !== null)
    .filter((e) => status === undefined || e.status === status)
    .sort(
      (a, b) =>
        (a.status === b.status ? 0 : a.status === 'sent' ? -1 : 1) ||
        a.organisation.name.localeCompare(b.organisation.name) ||
        a.organisation.id.localeCompare(b.organisation.id),
    );
}
