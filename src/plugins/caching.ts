// HTTP caching for every GET: a route names its policy in its config and gets an ETag, a
// Cache-Control header and 304 answers, without hashing any body.
//
//   app.get('/v1/areas', { config: { cache: 'reference' } }, handler)
//
// - 'reference': reference lists and organisations; short max-age; ETag from the reference data
//   version, which the meta module provides with `app.cacheVersions.setReference(fn)` and every
//   successful write bumps (see the onSend hook below).
// - 'release-pinned': the URL names a release (/v1/releases/:id); a year and `immutable`.
// - 'latest': follows the latest release; short max-age; ETag from the latest release id, which
//   the releases module provides with `app.cacheVersions.setLatestRelease(fn)`.
// - 'release': statistics: 'release-pinned' when `?release=ID` is given, 'latest' otherwise.
// - 'consent': answers about a named organisation, or filtered by what organisations published
//   (contributions, the organisations list): they read a release AND the organisation's current
//   consent, which an admin can withdraw at any time. The ETag follows both the release (pinned or
//   latest) and the reference version that every change of an organisation moves, so a withdrawal
//   retires every such answer at once; never `immutable`, and only ever a short max-age, so no
//   shared cache keeps a name after consent is withdrawn.
// - 'private': `no-store`, no ETag (keyed reads, operational routes). Any request that carries
//   Authorization is treated as private whatever its route says.
//
// The ETag is a hash of the build, the version token, the URL and the representation Accept asks
// for (JSON or CSV: clients that send `*/*`, `application/json` or nothing share one), so it is
// known in onRequest: a matching If-None-Match answers 304 before any database work, and before
// the rate limiter's route-level hook runs, so a 304 costs no quota.
//
// Answers read from a release ('release', 'release-pinned') never change for a given ETag, so
// their serialised bodies are also kept in memory (http/response-cache.ts, keyed by ETag) and
// served again without touching the database. A hit is served after the rate limiter (it still
// counts), before validation. A statistics request that follows the latest release reads the
// release its ETag names (`request.latestReleaseId`), so body and ETag always agree.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import fresh from 'fresh';
import { CacheVersions } from '../http/cache-versions.js';
import { wantsCsv } from '../http/csv.js';
import { ResponseCache } from '../http/response-cache.js';

export type CachePolicy = 'reference' | 'release' | 'release-pinned' | 'latest' | 'consent' | 'private';

const PINNED_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const ETAG_MEMO_MAX = 10_000;
const NO_STORE = 'no-store';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    cache?: CachePolicy;
    /** A POST that stores nothing (a preview): its answer retires no ETag. */
    changesNothing?: boolean;
  }
  interface FastifyInstance {
    cacheVersions: CacheVersions;
    responseCache: ResponseCache;
  }
  interface FastifyRequest {
    /** The latest release when the ETag was made, for answers that follow the latest release. */
    latestReleaseId?: number;
    /** Set when the answer may be kept in, or served from, the response cache. */
    responseCacheKey?: string;
  }
}

/** `keepsBody`: the token names everything the answer depends on, so its body may be kept and served again. */
type Resolved = { token: string; cacheControl: string; keepsBody: boolean; latestReleaseId?: number };
const CACHEABLE_BODIES = new Set<CachePolicy>(['release', 'release-pinned', 'consent']);

function namesRelease(request: FastifyRequest): boolean {
  const release = (request.query as { release?: unknown } | undefined)?.release;
  return typeof release === 'string' && release !== '' && release !== 'latest';
}

/** The query with the release the ETag was made for: the latest one when `release` is not given. */
export const pinned = <Q extends { release?: number }>(query: Q, request: FastifyRequest): Q => ({
  ...query,
  release: query.release ?? request.latestReleaseId,
});

/**
 * Weak comparison, as RFC 9110 prescribes for If-None-Match. `*` is not a tag: it asks whether the
 * resource exists at all, which only the handler knows (see wildcard below). Only the header is
 * handed over: a request's `Cache-Control: no-cache` speaks to caches on the way, and the origin
 * still answers its conditional request.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  return header !== undefined && header !== '*' && fresh({ 'if-none-match': header }, { etag });
}

/**
 * ETags by build, version token, URL and representation. Dashboards ask for the same URLs again
 * and again: a hash made once is looked up, not recomputed (a twentieth of a 304's time).
 */
export function etagMemo(build: string): (token: string, url: string, representation: 'csv' | 'json') => string {
  // A Map emptied when full, not an LRU: a hit is the 304 path's commonest step, and lru-cache's
  // get (which also reorders) made the whole lookup 3-5% slower, while with a long tail of URLs
  // (Zipf over 50,000) the two were level (scripts/bench/http-cache.ts).
  const etags = new Map<string, string>();
  return (token, url, representation) => {
    const input = [build, token, url, representation].join('\0');
    let etag = etags.get(input);
    if (etag === undefined) {
      etag = `"${createHash('sha256').update(input).digest('base64url').slice(0, 27)}"`;
      if (etags.size >= ETAG_MEMO_MAX) etags.clear();
      etags.set(input, etag);
    }
    return etag;
  };
}

const hasWildcard = (header: string | undefined) => Boolean(header?.split(',').some((candidate) => candidate.trim() === '*'));

async function cachingPlugin(app: FastifyInstance, options: { build: string }) {
  const versions = new CacheVersions(app.config.cache.versionTtlMs);
  const bodies = new ResponseCache(app.config.cache.responseCacheMaxBytes);
  app.decorate('cacheVersions', versions);
  app.decorate('responseCache', bodies);
  const shortLived = `public, max-age=${app.config.cache.maxAgeSeconds}`;
  const pinned = `public, max-age=${PINNED_MAX_AGE_SECONDS}, immutable`;

  /** The latest release as a token and an id; the id is undefined before the first release ('none'). */
  async function latest(): Promise<{ token: string; id?: number } | undefined> {
    const token = await versions.latestRelease();
    if (token === undefined) return undefined;
    return { token, id: /^\d+$/.test(token) ? Number(token) : undefined };
  }

  async function resolve(policy: Exclude<CachePolicy, 'private'>, request: FastifyRequest): Promise<Resolved | undefined> {
    if (policy === 'consent') {
      const [reference, release] = await Promise.all([versions.reference(), namesRelease(request) ? undefined : latest()]);
      if (reference === undefined || (!namesRelease(request) && release === undefined)) return undefined;
      const releaseToken = release ? release.token : 'pinned';
      return {
        token: `consent:${releaseToken}:${reference}`,
        cacheControl: shortLived,
        keepsBody: releaseToken === 'pinned' || release?.id !== undefined,
        latestReleaseId: release?.id,
      };
    }
    if (policy === 'release-pinned' || (policy === 'release' && namesRelease(request)))
      return { token: 'pinned', cacheControl: pinned, keepsBody: true };
    if (policy === 'reference') {
      const token = await versions.reference();
      return token === undefined ? undefined : { token: `reference:${token}`, cacheControl: shortLived, keepsBody: false };
    }
    const release = await latest();
    if (release === undefined) return undefined;
    // Before the first release the token is 'none': the answer is a 404 now and a release later.
    const latestReleaseId = policy === 'release' ? release.id : undefined;
    return { token: `${policy}:${release.token}`, cacheControl: shortLived, keepsBody: latestReleaseId !== undefined, latestReleaseId };
  }

  const etagOf = etagMemo(options.build);
  const etagFor = (request: FastifyRequest, token: string) => etagOf(token, request.url, wantsCsv(request) ? 'csv' : 'json');

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const policy = request.routeOptions.config?.cache;
    if (!policy || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    if (policy === 'private' || request.headers.authorization) {
      reply.header('cache-control', NO_STORE);
      return;
    }
    const resolved = await resolve(policy, request);
    if (!resolved) return;
    const etag = etagFor(request, resolved.token);
    reply.header('etag', etag).header('cache-control', resolved.cacheControl).header('vary', 'Accept, Authorization');
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    request.latestReleaseId = resolved.latestReleaseId;
    if (bodies.enabled && resolved.keepsBody && request.method === 'GET' && CACHEABLE_BODIES.has(policy)) request.responseCacheKey = etag;
  });

  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.responseCacheKey) return;
    const hit = bodies.get(request.responseCacheKey);
    if (!hit) return;
    request.responseCacheKey = undefined;
    reply.code(200).type(hit.contentType);
    if (hit.contentDisposition) reply.header('content-disposition', hit.contentDisposition);
    return reply.send(hit.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.responseCacheKey && reply.statusCode === 200 && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      const disposition = reply.getHeader('content-disposition');
      bodies.set(request.responseCacheKey, {
        body: payload,
        contentType: String(reply.getHeader('content-type')),
        ...(typeof disposition === 'string' ? { contentDisposition: disposition } : {}),
      });
    }
    return payload;
  });

  // Every successful write may change public answers (organisations, activities, the figures that
  // `?activity=` reads, releases): retire the current ETags before the writer sees its answer, so
  // a read that follows the write never gets a stale 304. One hook, so no write route can forget.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.config?.changesNothing) return payload;
    if (WRITE_METHODS.has(request.method) && reply.statusCode >= 200 && reply.statusCode < 300) versions.bump();
    return payload;
  });

  // `If-None-Match: *` is false when the resource has a representation (RFC 9110 13.1.2): a GET
  // that found one answers 304, and one that found nothing keeps its 404.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 200 || !request.routeOptions.config?.cache || !hasWildcard(request.headers['if-none-match'])) return payload;
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
    reply.code(304).removeHeader('content-type').removeHeader('content-disposition');
    return null;
  });

  // Only a successful answer may be cached: errors, 429s and 503s are fetched again.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.routeOptions.config?.cache || reply.statusCode < 300 || reply.statusCode === 304) return payload;
    reply.removeHeader('etag');
    reply.header('cache-control', NO_STORE);
    return payload;
  });
}

export default fp(cachingPlugin, { name: 'caching' });
