import { z } from 'zod';
import { Release } from '../releases/releases.schemas.js';

export const FeedQuery = z.object({
  afterTimestamp: z.coerce
    .number()
    .int()
    .min(0)
    .max(8_640_000_000_000)
    .optional()
    .describe('The `modified` of the last item already read (milliseconds since 1970); give it with afterId'),
  afterId: z.string().min(1).max(100).optional().describe('The `id` of the last item already read; give it with afterTimestamp'),
  limit: z.coerce.number().int().min(1).max(500).default(500).describe('Items per page, 1 to 500'),
});
export type FeedQuery = z.infer<typeof FeedQuery>;

const itemFields = {
  id: z.string().describe('The item id: a release number or an organisation id'),
  modified: z.number().int().describe('Milliseconds since 1970 of the last change; strictly increasing within the feed'),
};

const deleted = z
  .object({ state: z.literal('deleted'), kind: z.string(), ...itemFields })
  .describe('A tombstone: the item is gone (an organisation that withdrew its consent). It carries no data.');

export const FeedOrganisation = z
  .object({
    id: z.string(),
    name: z.string(),
    identifiers: z.array(z.string()).describe('org-id.guide identifiers'),
    homeArea: z.string().nullable().describe('GSS code of the area the organisation is based in'),
    url: z.string().describe('The organisation in this API'),
  })
  .meta({ id: 'FeedOrganisation' });

const page = <T extends z.ZodType>(updated: T, id: string) =>
  z
    .object({
      next: z.string().describe('The URL of the next page; the same URL as this page once the feed is read to its end'),
      items: z.array(
        z.discriminatedUnion('state', [z.object({ state: z.literal('updated'), kind: z.string(), ...itemFields, data: updated }), deleted]),
      ),
      license: z.string().describe('The licence of the data'),
    })
    .meta({ id });

export const ReleaseFeedPage = page(Release, 'ReleaseFeedPage');
export const OrganisationFeedPage = page(FeedOrganisation, 'OrganisationFeedPage');
export type FeedPage<T> = {
  next: string;
  items: (
    | { state: 'updated'; kind: string; id: string; modified: number; data: T }
    | { state: 'deleted'; kind: string; id: string; modified: number }
  )[];
  license: string;
};
