// The community page at `/`: plain HTML, CSS and one ES module from public/, which call only the
// public API. @fastify/static registers one route per file found at start-up (no wildcard), so any
// other path still answers the API's 404 problem; the routes are hidden from the OpenAPI document.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../../http/problem.js';

export const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));
const AREA_PROFILE_PAGE = fileURLToPath(new URL('../../../public/areas/index.html', import.meta.url));
const GSS_CODE = /^[A-Z][0-9]{8}$/;
const PERIOD_RULES = fileURLToPath(new URL('../../domain/period-rules.js', import.meta.url));
const PORTAL_SECTIONS = fileURLToPath(new URL('../../../public/portal/sections/', import.meta.url));

// Stricter than the API-wide policy, which lets Swagger UI use inline styles: the page has none,
// and its script sets sizes through the DOM, which a style-src without 'unsafe-inline' allows.
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

// The file names carry no content hash, so browsers keep a copy but revalidate it on every visit
// (a 304 from the ETag and Last-Modified): a new deployment is seen at once, never half old.
const PAGE_CACHE_CONTROL = 'public, no-cache';

export const pageRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('content-security-policy', PAGE_CSP);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', reply.statusCode < 400 ? PAGE_CACHE_CONTROL : 'no-store');
    return payload;
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, wildcard: false, decorateReply: false, cacheControl: false, index: 'index.html' });
  // The period rules the API itself uses, so the page reads periods exactly as the API does.
  const rules = readFileSync(PERIOD_RULES);
  const etag = `"${createHash('sha256').update(rules).digest('base64url').slice(0, 27)}"`;
  app.get('/period-rules.js', { schema: { hide: true } }, async (request, reply) => {
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(rules);
  });
  // The portal's sections present in this build, so the portal offers only those it can open
  // (several people write them; one not there yet is "coming soon", not a failed import).
  const sections = existsSync(PORTAL_SECTIONS)
    ? readdirSync(PORTAL_SECTIONS)
        .filter((file) => /^[a-z]+\.js$/.test(file))
        .map((file) => file.slice(0, -3))
        .sort()
    : [];
  app.get('/portal/sections.json', { schema: { hide: true } }, async () => ({ sections }));
  app.get('/portal', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/portal/', 301));
  // The printable area profile: one page for every area; the script reads the code from the path.
  const profilePage = readFileSync(AREA_PROFILE_PAGE);
  app.get<{ Params: { code: string } }>('/areas/:code', { schema: { hide: true } }, async (request, reply) => {
    if (!GSS_CODE.test(request.params.code)) throw notFound(`There is no area with code ${request.params.code}.`);
    return reply.type('text/html; charset=utf-8').send(profilePage);
  });
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/', 301));
};
