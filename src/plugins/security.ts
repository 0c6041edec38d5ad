// Headers for a public, read-mostly API: CORS open to any origin for reads without credentials,
// and helmet's security headers with a Content-Security-Policy the /docs page (Swagger UI, all
// scripts served from here) works under.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const EXPOSED_HEADERS = [
  'etag', 'x-request-id', 'retry-after', 'content-disposition',
  'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset',
];

async function securityPlugin(app: FastifyInstance) {
  await app.register(cors, {
    origin: '*',
    methods: ['GET', 'HEAD'],
    allowedHeaders: ['Accept', 'If-None-Match', 'X-Request-Id'],
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 86_400,
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // Swagger UI sets inline styles and shows data: images; its scripts are files under /docs.
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    // Data is meant to be fetched and embedded from other sites.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}

export default fp(securityPlugin, { name: 'security' });
