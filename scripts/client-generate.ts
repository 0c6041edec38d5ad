// Regenerates clients/typescript/src/schema.d.ts from the committed OpenAPI document
// (`npm run client:generate`, after `npm run openapi`). A test fails when the two drift.
import { writeFileSync } from 'node:fs';
import { generateClientTypes, CLIENT_TYPES } from './client-types.js';

writeFileSync(CLIENT_TYPES, await generateClientTypes());
console.log(`wrote ${CLIENT_TYPES}`);
