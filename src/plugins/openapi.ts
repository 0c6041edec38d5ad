import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { applyConventions, operationKey, type RouteFacts } from './openapi-conventions.js';
import { mergeIdenticalInputSchemas } from './openapi-document.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; description: string };

export const API_TAGS = [
  { name: 'Areas', description: 'ONS geography: countries, regions, local authority districts and wards, with populations' },
  { name: 'Activities', description: 'The OpenActive Activity List plus local community activities' },
  { name: 'Organisations', description: 'Community groups that report figures (only those that agreed to be named)' },
  { name: 'Figures', description: 'An organisation submits, reads back and withdraws its own exact figures (organisation or admin key)' },
  { name: 'People', description: 'Signing in with an invitation or a password, and the session a browser keeps (the portal uses these)' },
  { name: 'Admin', description: 'Organisations, local activities and keys (admin key)' },
  { name: 'Releases', description: 'Immutable, numbered snapshots of everything published: what makes a figure citable' },
  {
    name: 'Statistics',
    description: 'Published totals by area, activity and period, with rates, comparisons and the breakdown by organisation',
  },
  { name: 'Meta', description: 'Sources, licences and service health' },
];

async function openapiPlugin(app: FastifyInstance) {
  const facts: RouteFacts = { rateLimited: new Set() };
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Participation API',
        version: pkg.version,
        description: `${pkg.description}\n\nReading needs no key; writing needs \`Authorization: Bearer <key>\`. Totals are the sum of what organisations reported: a person who takes part with two groups counts twice.`,
        license: { name: 'MIT (code); data under the licences listed at /v1/meta', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'This deployment (production, or a local instance started with npm start)' }],
      tags: API_TAGS,
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An admin key (from `npm run admin:key`) or an organisation key (from `POST /v1/organisations/{id}/keys`). Keys are shown once.',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'pa_session',
            description:
              'The session cookie set by `POST /v1/session` or `POST /v1/invitations/accept`: a person acts for their own organisations, or as an admin. Every change made with it must also carry the session’s CSRF token in `X-CSRF-Token` (from `GET /v1/session`).',
          },
        },
      },
    },
    transform: (input) => {
      if (input.route.config?.rateLimit !== false) {
        for (const method of [input.route.method].flat()) facts.rateLimited.add(operationKey(method, input.url));
      }
      return jsonSchemaTransform(input);
    },
    transformObject: (input) => applyConventions(mergeIdenticalInputSchemas(jsonSchemaTransformObject(input)), facts),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true, validatorUrl: null } });
  app.get('/openapi.json', { schema: { hide: true }, config: { cache: 'reference' } }, async () => app.swagger());
}

export default fp(openapiPlugin, { name: 'openapi' });
