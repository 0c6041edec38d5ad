import { z } from 'zod';
import type { CsvColumn } from '../../http/csv.js';
import { SearchText } from '../../http/search.js';
import { Format, listOf, Pagination } from '../../http/responses.js';
import { AreaCode, AreaRef } from '../areas/areas.schemas.js';

export const OrganisationId = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$/, 'must be a lower-case slug such as `leeds-ballet-club`')
  .describe('Stable slug id');

export const OrgIdIdentifier = z
  .string()
  .regex(/^[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9./-]{1,60}$/, 'must be in org-id.guide form, e.g. `GB-CHC-1234567`')
  .describe('Identifier in org-id.guide form: `GB-CHC-` (Charity Commission), `GB-COH-` (Companies House), `GB-SC-`, `GB-NIC-`, `GB-CASC-`, ...');

export const Organisation = z
  .object({
    id: OrganisationId,
    name: z.string().describe('Name, shown only because the organisation agreed to be named'),
    identifiers: z.array(OrgIdIdentifier).describe('Registered identifiers; empty for unregistered groups'),
    homeArea: AreaRef.nullable().describe('Where the organisation is based; null when not given'),
    named: z.boolean().describe('Consent to be shown by name; unnamed organisations are counted only within "other organisations"'),
    demo: z.boolean().describe('True for the generated demonstration organisations, which are not real'),
  })
  .meta({ id: 'Organisation' });
export type Organisation = z.infer<typeof Organisation>;

export const OrganisationList = listOf(Organisation, 'OrganisationList');

export const ListOrganisationsQuery = z.object({
  q: SearchText.optional().describe('Text in the name'),
  area: AreaCode.optional().describe('Only organisations based in this area or any area inside it'),
  ...Pagination,
  format: Format,
});

export const OrganisationParams = z.object({ id: OrganisationId });

export const ORGANISATION_CSV: CsvColumn<Organisation>[] = [
  { header: 'id', value: (o) => o.id },
  { header: 'name', value: (o) => o.name },
  { header: 'identifiers', value: (o) => o.identifiers.join(';') },
  { header: 'home_area_code', value: (o) => o.homeArea?.code },
  { header: 'home_area_name', value: (o) => o.homeArea?.name },
  { header: 'demo', value: (o) => o.demo },
];
