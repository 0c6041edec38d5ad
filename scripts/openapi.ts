// Writes openapi/openapi.json from the route schemas. pg pools connect lazily, so no database is needed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectPostgres } from '../src/db/client.js';
import { OPENAPI_PATH, renderOpenApi } from '../src/plugins/openapi-document.js';

const database = connectPostgres({ url: 'postgres://localhost/openapi-generation-needs-no-database' });
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), database });
await app.ready();
mkdirSync(new URL('.', `file://${OPENAPI_PATH}`), { recursive: true });
writeFileSync(OPENAPI_PATH, renderOpenApi(app.swagger()));
await app.close();
await database.close();
process.stdout.write('wrote openapi/openapi.json\n');
