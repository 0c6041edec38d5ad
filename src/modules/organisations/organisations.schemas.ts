import { z } from 'zod';
import { singleLineText } from '../../http/text.js';
import type { CsvColumn } from '../../http/csv.js';
import { SearchText } from '../../http/text.js';
import { Format, listOf, Pagination } from '../../http/responses.js';
import { ActivityId } from '../activities/activities.schemas.js';
import { AreaCode, AreaRef } from '../areas/areas.schemas.js';
import { identifierProblem } from './organisations.identifiers.js';

export const OrganisationId = z
  .string()
  .max(80)
  .regex(/^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$/, 'must be a lower-case slug such as `leeds-ballet-club`')
  .describe('Stable slug id');

export const OrgIdIdentifier = z
  .string()
  .max(80)
  .regex(/^[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9./-]{1,60}$/, 'must be in org-id.guide form, e.g. `GB-CHC-1234567`')
  .describe(
    'Identifier in org-id.guide form: `GB-CHC-` (Charity Commission), `GB-COH-` (Companies House), `GB-SC-`, `GB-NIC-`, `GB-CASC-`, ...',
  );

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
  activity: ActivityId.optional().describe(
    'Only organisations with figures for this activity, or any activity beneath it, in the latest release',
  ),
  ...Pagination,
  format: Format,
});

/** The steward's list: every organisation, named or not, demo or real. */
export const ListAllOrganisationsQuery = ListOrganisationsQuery.omit({ activity: true });

const KnownIdentifier = OrgIdIdentifier.superRefine((value, ctx) => {
  const problem = identifierProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const Identifiers = z
  .array(KnownIdentifier)
  .max(20)
  .refine((list) => new Set(list).size === list.length, 'must not repeat an identifier')
  .describe(
    'org-id.guide identifiers; the register prefix must be a known one (`GB-CHC`, `GB-COH`, `GB-SC`, `GB-NIC`, `GB-CASC`, `GB-REV`, `GB-EDU`, `GB-LAE`, `GB-MPR`, `GB-NHS`, `GB-GOR`, `GB-UKPRN`, `GB-SHPE`, `XI-...`)',
  );

const OrganisationName = singleLineText(200, 'The name').describe('Name as the organisation wants it shown');

export const CreateOrganisationBody = z
  .object({
    id: OrganisationId,
    name: OrganisationName,
    identifiers: Identifiers.optional(),
    homeArea: AreaCode.nullable().optional().describe('Code of the area where the organisation is based'),
    named: z.boolean().describe('Whether it agreed to be shown by name; false keeps it inside "other organisations"'),
  })
  .strict()
  .meta({ id: 'CreateOrganisationBody' });
export type CreateOrganisationBody = z.infer<typeof CreateOrganisationBody>;

export const UpdateOrganisationBody = z
  .object({
    name: OrganisationName.optional(),
    identifiers: Identifiers.optional(),
    homeArea: AreaCode.nullable().optional().describe('Code of the area where the organisation is based; null to clear it'),
    named: z.boolean().optional().describe('Consent to be shown by name'),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field')
  .meta({ id: 'UpdateOrganisationBody' });
export type UpdateOrganisationBody = z.infer<typeof UpdateOrganisationBody>;

export const OrganisationParams = z.object({ id: OrganisationId });

export const ConsentBody = z
  .object({
    named: z.boolean().describe('true: shown by name with its own row and share; false: counted only within "other organisations"'),
  })
  .strict()
  .meta({ id: 'ConsentBody' });

export const Consent = z
  .object({
    organisation: OrganisationId,
    named: z.boolean().describe('Whether the organisation agreed to be shown by name'),
    appliesFrom: z
      .literal('next-release')
      .describe('A change applies from the next release: releases already published never change, and keep what they showed'),
    updatedAt: z.string().describe('When the organisation was last changed (ISO 8601, UTC)'),
  })
  .meta({ id: 'Consent' });

export const ORGANISATION_CSV: CsvColumn<Organisation>[] = [
  { header: 'id', value: (o) => o.id },
  { header: 'name', value: (o) => o.name },
  { header: 'identifiers', value: (o) => o.identifiers.join(';') },
  { header: 'home_area_code', value: (o) => o.homeArea?.code },
  { header: 'home_area_name', value: (o) => o.homeArea?.name },
  { header: 'demo', value: (o) => o.demo },
];
