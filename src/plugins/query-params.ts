// Unknown query parameters are refused on the API: every distinct URL is a new ETag and a new
// response-cache entry, so accepting `?x=<random>` would let any client fill (and so empty) the
// cache, and a misspelt parameter (`?perod=2025`) would silently answer for the default instead.
// A route accepts exactly the keys of its querystring schema; a route without one accepts none.
// Pages and documentation are left alone: links to them carry tracking parameters.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { pointerTo, ProblemError } from '../http/problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The query keys the route's schema declares (set for every API route by this plugin). */
    queryKeys?: ReadonlySet<string>;
  }
}

const API_PREFIX = '/v1/';

function declaredKeys(schema: unknown): ReadonlySet<string> {
  if (schema instanceof z.ZodObject) return new Set(Object.keys(schema.shape));
  // A plain JSON schema, as a route may give it.
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return new Set(properties ? Object.keys(properties) : []);
}

async function queryParamsPlugin(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(API_PREFIX)) return;
    route.config = { ...route.config, queryKeys: declaredKeys(route.schema?.querystring) };
  });

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const allowed = request.routeOptions.config?.queryKeys;
    if (!allowed) return;
    const unknown = Object.keys((request.query ?? {}) as Record<string, unknown>).filter((key) => !allowed.has(key));
    if (unknown.length === 0) return;
    const accepted = allowed.size ? `This endpoint accepts ${[...allowed].sort().join(', ')}.` : 'This endpoint takes no query parameters.';
    const errors = unknown
      .slice(0, 20)
      .map((key) => ({ pointer: pointerTo('query', key), detail: `Unknown parameter "${key.slice(0, 100)}"` }));
    throw new ProblemError('validation', `${errors.map((e) => e.detail).join('; ')}. ${accepted}`, { errors });
  });
}

export default fp(queryParamsPlugin, { name: 'query-params', dependencies: ['problems'] });
