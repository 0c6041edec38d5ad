import { z } from 'zod';
import { singleLineText } from '../../http/text.js';
import { OrganisationId } from '../organisations/organisations.schemas.js';

export const KeyId = z
  .string()
  .length(16)
  .regex(/^key_[A-Za-z0-9_-]{12}$/, 'must be a key id such as `key_AbC123dEf456`')
  .describe('Key id (not the key itself)');

export const IssueKeyBody = z
  .object({ label: singleLineText(200).optional().describe('A note to tell keys apart, e.g. who holds it') })
  .strict()
  .meta({ id: 'IssueKeyBody' });

export const IssuedKey = z
  .object({
    id: KeyId,
    key: z.string().describe('The key, shown this once: only its SHA-256 hash is stored. Send it as `Authorization: Bearer <key>`'),
    kind: z.enum(['admin', 'organisation']).describe("`organisation`: writes and reads only that organisation's figures"),
    organisation: OrganisationId.nullable().describe('The organisation the key acts for; null for an admin key'),
    label: z.string().nullable().describe('The note given when it was issued; null when none'),
  })
  .meta({ id: 'IssuedKey' });

export const KeyParams = z.object({ keyId: KeyId });

export const OrganisationKeyParams = z.object({ id: OrganisationId, keyId: KeyId });

export const KeySummary = z
  .object({
    id: KeyId,
    label: z.string().nullable().describe('The note given when it was issued; null when none'),
    createdAt: z.string().describe('When it was issued (ISO 8601, UTC)'),
    revokedAt: z.string().nullable().describe('When it was revoked; null while it works'),
  })
  .meta({ id: 'KeySummary' });

export const KeySummaryList = z
  .object({ data: z.array(KeySummary).describe("The organisation's keys, newest first; the keys themselves are never shown again") })
  .meta({ id: 'KeySummaryList' });
