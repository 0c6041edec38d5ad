import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ok, problems } from '../../http/responses.js';
import { FeedQuery, OrganisationFeedPage, ReleaseFeedPage } from './feeds.schemas.js';
import { readOrganisationFeed, readReleaseFeed } from './feeds.service.js';

const tags = ['Open data'];
const HOW =
  'An RPDE change feed (OpenActive Realtime Paged Data Exchange): items in order of `modified`, then `id`. Start without parameters, then follow `next` until it returns no items; poll the last `next` to stay in sync. An item changed again later appears again, later in the feed.';

export const feedRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/feeds/releases',
    {
      // Changes only when a release is published.
      config: { cache: 'latest' },
      schema: {
        operationId: 'getReleaseFeed',
        tags,
        summary: 'Change feed of releases (RPDE)',
        description: HOW,
        querystring: FeedQuery,
        response: { 200: ok(ReleaseFeedPage, 'A page of the feed'), ...problems() },
      },
    },
    async (request) => readReleaseFeed(app.readDb, app.config.publicUrl, request.query),
  );

  app.get(
    '/feeds/organisations',
    {
      // Names organisations: its ETag follows their consent, so a withdrawal retires it at once.
      config: { cache: 'consent' },
      schema: {
        operationId: 'getOrganisationFeed',
        tags,
        summary: 'Change feed of named organisations (RPDE)',
        description: `${HOW} An organisation that withdraws its consent to be named appears as a deleted item, with its id and no data; one that never agreed to be named never appears.`,
        querystring: FeedQuery,
        response: { 200: ok(OrganisationFeedPage, 'A page of the feed'), ...problems() },
      },
    },
    async (request) => readOrganisationFeed(app.readDb, app.config.publicUrl, request.query),
  );
};
