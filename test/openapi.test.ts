import { readFileSync } from 'node:fs';
import { OPENAPI_PATH, renderOpenApi } from '../src/plugins/openapi-document.js';
import { forEachDatabase, json } from './helpers/app.js';
import { OpenApiDocument, operations, servedDocument } from './helpers/contract.js';

forEachDatabase(async (t, { app }) => {
  t.test('serves the same OpenAPI 3.1 document as the one committed (run `npm run openapi` after changing a route)', async (t) => {
    const res = await app.inject('/openapi.json');
    t.equal(res.statusCode, 200);
    const served = json(res, OpenApiDocument);
    t.equal(served.openapi, '3.1.0');
    t.equal(renderOpenApi(served), readFileSync(OPENAPI_PATH, 'utf8'));
  });

  t.test('documents every operation with an id, summary, tag and error responses', async (t) => {
    const document = await servedDocument(app);
    const documented = operations(document);
    t.ok(documented.length >= 10);
    for (const op of documented) {
      t.ok(op.operationId && op.summary && op.tags?.length, op.operationId);
      t.notOk(
        Object.values(op.responses).some((r) => r.description === 'Default Response'),
        `${op.operationId} describes its responses`,
      );
    }
    t.notOk(
      Object.keys(document.components.schemas).some((name) => name.endsWith('Input') && name.slice(0, -5) in document.components.schemas),
      'no duplicated input components',
    );
  });

  t.test('renders the documentation page at /docs', async (t) => {
    const page = await app.inject('/docs/');
    t.equal(page.statusCode, 200);
    t.match(page.headers['content-type'], /text\/html/);
    t.match(page.body, /swagger-ui/i);
    // Under the Content-Security-Policy every script is a file from this origin, never inline.
    t.match(page.headers['content-security-policy'], /script-src 'self'[;]/);
    t.notMatch(page.body, /<script>(?!\s*<\/script>)|<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
    for (const script of ['swagger-initializer.js', 'swagger-ui-bundle.js']) {
      const res = await app.inject(`/docs/static/${script}`);
      t.equal(res.statusCode, 200, script);
      t.match(res.headers['content-type'], /javascript/, script);
    }
  });
});
