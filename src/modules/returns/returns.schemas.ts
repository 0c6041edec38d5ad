import { z } from 'zod';
import type { CsvColumn } from '../../http/csv.js';
import { Format, listOf, Pagination } from '../../http/responses.js';
import { parsePeriod, PeriodParam } from '../../domain/period.js';
import type { OrganisationReturn } from './returns.service.js';

export const ListReturnsQuery = z.object({
  period: PeriodParam.refine((p) => parsePeriod(p) !== undefined, 'is not a period: a month from 01 to 12, a year from 2015'),
  status: z.enum(['sent', 'missing']).optional().describe('Only organisations that sent figures for the period, or only those missing'),
  ...Pagination,
  format: Format,
});

export const OrganisationReturnItem = z
  .object({
    organisation: z.object({
      id: z.string(),
      name: z.string(),
      named: z.boolean().describe('Whether it agreed to be named in public'),
      demo: z.boolean().describe('True for a generated demonstration organisation'),
    }),
    status: z
      .enum(['sent', 'missing'])
      .describe(
        '`sent`: it has current figures for the period; `missing`: none, although it sent figures for an earlier period of the same kind',
      ),
    figures: z.number().int().describe('Current figures for the period'),
    firstSentAt: z.string().nullable().describe('ISO 8601 time its first figure for the period arrived; null when missing'),
    lastSentAt: z.string().nullable().describe('ISO 8601 time of its latest change to a figure for the period; null when missing'),
    lastPeriod: z.string().nullable().describe('For a missing return: the latest earlier period (same kind) it sent figures for'),
  })
  .meta({ id: 'OrganisationReturn' });
export type OrganisationReturnItem = z.infer<typeof OrganisationReturnItem>;

export const ReturnList = listOf(OrganisationReturnItem, 'ReturnList');

export const toReturnItem = (r: OrganisationReturn): OrganisationReturnItem => ({
  organisation: r.organisation,
  status: r.status,
  figures: r.figures,
  firstSentAt: r.firstSentAt?.toISOString() ?? null,
  lastSentAt: r.lastSentAt?.toISOString() ?? null,
  lastPeriod: r.lastPeriod,
});

export const returnsCsv = (period: string): CsvColumn<OrganisationReturnItem>[] => [
  { header: 'period', value: () => period },
  { header: 'organisation_id', value: (r) => r.organisation.id },
  { header: 'organisation_name', value: (r) => r.organisation.name },
  { header: 'status', value: (r) => r.status },
  { header: 'figures', value: (r) => r.figures },
  { header: 'first_sent_at', value: (r) => r.firstSentAt },
  { header: 'last_sent_at', value: (r) => r.lastSentAt },
  { header: 'last_period', value: (r) => r.lastPeriod },
  { header: 'demo', value: (r) => String(r.organisation.demo) },
];
