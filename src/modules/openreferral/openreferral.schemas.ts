import { z } from 'zod';

export const DirectoryPageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe('Page number, from 1'),
  per_page: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page, 1 to 500'),
});
export type DirectoryPageQuery = z.infer<typeof DirectoryPageQuery>;

export const DirectoryIdParams = z.object({ id: z.uuid().describe('The HSDS id (a UUID) of the item') });

const HsdsObject = z.looseObject({ id: z.string().describe('UUID'), name: z.string().optional() });
export const HsdsItem = HsdsObject.describe('An HSDS 3.0 object (organization, service or taxonomy term)').meta({ id: 'HsdsItem' });

export const HsdsPage = z
  .object({
    total_items: z.number().int(),
    total_pages: z.number().int(),
    page_number: z.number().int(),
    size: z.number().int().describe('Items in this page'),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean(),
    contents: z.array(HsdsObject),
  })
  .meta({ id: 'HsdsPage', description: 'A page of HSDS 3.0 objects, as the Open Referral API pages them' });

export const HsdsApiInfo = z.object({ version: z.string(), profile: z.string(), openapi_url: z.string() }).meta({ id: 'HsdsApiInfo' });
