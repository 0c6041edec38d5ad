import { LICENCE } from '../../domain/publication.js';
import { ProblemError, pointerTo } from '../../http/problem.js';
import type { Db } from '../../db/client.js';
import { findRelease } from '../releases/releases.service.js';
import { toRelease, type Release } from '../releases/releases.schemas.js';
import { listFeedItems, listNamedOrganisations, type FeedName, type FeedRow } from './feeds.queries.js';
import type { FeedPage, FeedQuery } from './feeds.schemas.js';

type FeedOrganisation = { id: string; name: string; identifiers: string[]; homeArea: string | null; url: string };

function position(query: FeedQuery) {
  if ((query.afterTimestamp === undefined) !== (query.afterId === undefined)) {
    const missing = query.afterId === undefined ? 'afterId' : 'afterTimestamp';
    throw new ProblemError('validation', 'afterTimestamp and afterId go together: give both (from the last item read) or neither.', {
      errors: [{ pointer: pointerTo('query', missing), detail: `${missing} is required with the other` }],
    });
  }
  return query.afterTimestamp === undefined ? undefined : { modified: query.afterTimestamp, id: query.afterId! };
}

/** The next page's URL: after the last item, or this page's own position once the feed is read to its end. */
function nextUrl(base: string, query: FeedQuery, rows: FeedRow[]) {
  const last = rows.at(-1);
  const params = new URLSearchParams();
  const at = last ? { modified: last.modified, id: last.item_id } : position(query);
  if (at) {
    params.set('afterTimestamp', String(at.modified));
    params.set('afterId', at.id);
  }
  if (query.limit !== 500) params.set('limit', String(query.limit));
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

async function readFeed<T>(
  db: Db,
  feed: FeedName,
  kind: string,
  base: string,
  query: FeedQuery,
  load: (ids: string[]) => Promise<Map<string, T>>,
): Promise<FeedPage<T>> {
  const rows = await listFeedItems(db, feed, position(query), query.limit);
  const data = await load(rows.filter((r) => !r.deleted).map((r) => r.item_id));
  return {
    next: nextUrl(base, query, rows),
    items: rows.map((r) => {
      const item = data.get(r.item_id);
      // An item without current data (consent withdrawn since the row was read) is a tombstone too.
      return r.deleted || item === undefined
        ? { state: 'deleted' as const, kind, id: r.item_id, modified: r.modified }
        : { state: 'updated' as const, kind, id: r.item_id, modified: r.modified, data: item };
    }),
    license: LICENCE.url,
  };
}

export function readReleaseFeed(db: Db, publicUrl: string, query: FeedQuery): Promise<FeedPage<Release>> {
  return readFeed(db, 'releases', 'Release', `${publicUrl}/v1/feeds/releases`, query, async (ids) => {
    const releases = await Promise.all(ids.map((id) => findRelease(db, Number(id))));
    return new Map(releases.filter((r) => r !== undefined).map((r) => [String(r.id), toRelease(r)]));
  });
}

export function readOrganisationFeed(db: Db, publicUrl: string, query: FeedQuery): Promise<FeedPage<FeedOrganisation>> {
  return readFeed(db, 'organisations', 'Organization', `${publicUrl}/v1/feeds/organisations`, query, async (ids) => {
    const rows = await listNamedOrganisations(db, ids);
    return new Map(
      rows.map((o) => [
        o.id,
        { id: o.id, name: o.name, identifiers: o.identifiers, homeArea: o.home_area_code, url: `${publicUrl}/v1/organisations/${o.id}` },
      ]),
    );
  });
}
