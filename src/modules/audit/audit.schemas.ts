import { z } from 'zod';
import type { CsvColumn } from '../../http/csv.js';
import { Format, listOf, Pagination } from '../../http/responses.js';
import type { AuditRow } from './audit.queries.js';

const Filter = (what: string) => z.string().min(1).max(100).optional().describe(what);

export const ListAuditQuery = z.object({
  organisation: Filter('Only entries about this organisation id'),
  key: Filter('Only entries made with this API key id (as listed by the keys routes, never the key itself)'),
  person: Filter('Only entries made by this signed-in person (their id, as `GET /v1/organisations/{id}/people` lists it)'),
  action: Filter('Only this action (`release.publish`), or every action under a prefix (`release`, `figures`)'),
  ...Pagination,
  format: Format,
});

export const AuditEntry = z
  .object({
    id: z.number().int().describe('Increases with every entry'),
    at: z.string().describe('ISO 8601 time of the change'),
    action: z.string().describe('What was done, such as `figures.submit`, `release.publish`, `demo.remove`'),
    organisationId: z.string().nullable().describe('The organisation it concerned; null for changes not about one'),
    apiKeyId: z.string().nullable().describe('The key that made it; null for command-line tools and start-up steps'),
    personId: z.string().nullable().describe('The signed-in person who made it; null for a key, a command-line tool or a start-up step'),
    requestId: z.string().nullable().describe('The request it came in, to find it in the log'),
    detail: z.record(z.string(), z.unknown()).describe('What changed, in the words of the action'),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditList = listOf(AuditEntry, 'AuditList');

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.createdAt.toISOString(),
  action: row.action,
  organisationId: row.organisationId,
  apiKeyId: row.apiKeyId,
  personId: row.personId,
  requestId: row.requestId,
  detail: (row.detail ?? {}) as Record<string, unknown>,
});

export const AUDIT_CSV: CsvColumn<AuditEntry>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'at', value: (r) => r.at },
  { header: 'action', value: (r) => r.action },
  { header: 'organisation_id', value: (r) => r.organisationId },
  { header: 'api_key_id', value: (r) => r.apiKeyId },
  { header: 'person_id', value: (r) => r.personId },
  { header: 'request_id', value: (r) => r.requestId },
  { header: 'detail', value: (r) => JSON.stringify(r.detail) },
];
