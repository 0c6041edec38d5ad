// Fuzzes every write operation in the OpenAPI document with an admin key: bodies drawn from the
// declared request schema, and bodies broken on purpose. Nothing may answer 5xx or an undeclared
// status, a 4xx must leave every stored row as it was, and broken input never gets a 2xx.
import fc from 'fast-check';
import type { App } from '../src/app.js';
import { Problem } from '../src/http/problem.js';
import { OrganisationFigureList } from '../src/modules/figures/figures.schemas.js';
import { IssuedKey } from '../src/modules/keys/keys.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { buildUrl, operations, servedDocument, validValue, type Operation } from './helpers/contract.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_WRITE_RUNS ?? 15);
// Far above the writes made here: with the default of 60 a minute, most requests were answered 429
// by the rate limiter and never reached the operation under test.
const LIMITS = { RATE_LIMIT_WRITE_PER_MINUTE: '100000' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Bodies that break the declared schema: wrong JSON types, unknown properties, wrong field types. */
function brokenBodies(example: unknown): unknown[] {
  const base = example && typeof example === 'object' && !Array.isArray(example) ? (example as Record<string, unknown>) : {};
  const wrongTypes = Object.keys(base).map((k) => ({ ...base, [k]: typeof base[k] === 'string' ? 12345 : 'not-the-right-type' }));
  return [[], 'a string', 42, { ...base, unexpectedProperty: '=cmd|calc', __proto__: { admin: true } }, ...wrongTypes];
}

const send = (app: App, op: Operation, url: string, headers: Record<string, string>, payload: unknown) =>
  app.inject({
    method: op.method as 'POST',
    url,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

forEachDatabase(async (t, { app, database }) => {
  const admin = await adminKey(database.db);
  const clubKey = await organisationWithKey(app, admin, 'fuzz-club');
  const stored = await app.inject({
    method: 'POST',
    url: '/v1/organisations/fuzz-club/figures',
    headers: bearer(clubKey),
    payload: { figures: [{ activity: 'running', area: 'E05011385', period: '2025-09', participants: 30 }] },
  });
  t.equal(stored.statusCode, 201, 'the figure is stored');
  const [figure] = json(
    await app.inject({ url: '/v1/organisations/fuzz-club/figures', headers: bearer(clubKey) }),
    OrganisationFigureList,
  ).data;
  t.match(
    figure,
    { id: UUID, activity: 'running', participants: 30, withdrawn: false },
    'the figure in the paths is the one just stored, and its owner reads it',
  );
  const issued = await app.inject({ method: 'POST', url: '/v1/organisations/fuzz-club/keys', headers: bearer(admin), payload: {} });
  t.equal(issued.statusCode, 201, 'the key in the paths is issued');
  const pathValues = { id: 'fuzz-club', figureId: figure!.id, keyId: json(issued, IssuedKey).id };

  const document = await servedDocument(app);
  const writes = operations(document).filter((op) => op.method !== 'GET' && op.requestBody?.content['application/json']);
  t.ok(writes.length >= 5, `${writes.length} write operations with JSON bodies`);
  t.comment(`fuzz seed ${SEED} (set FUZZ_SEED to replay), ${RUNS} runs per operation`);

  for (const op of writes) {
    const schema = op.requestBody!.content['application/json']!.schema;
    const url = buildUrl(op, pathValues);

    t.test(`${op.operationId}: fuzzed bodies never get a 5xx or an undeclared status, and a 4xx changes nothing`, async (t) => {
      await fc.assert(
        fc.asyncProperty(validValue(document, schema), async (body) => {
          const before = await fingerprint(database.db);
          const res = await send(app, op, url, bearer(admin), body);
          if (res.statusCode >= 500) throw new Error(`${op.method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (res.statusCode === 429) throw new Error(`${op.method} ${url}: rate limited, so the operation was not reached`);
          if (!op.responses[String(res.statusCode)]) throw new Error(`${op.method} ${url}: undeclared status ${res.statusCode}`);
          if (res.statusCode >= 400) {
            if (json(res, Problem).status !== res.statusCode) throw new Error('problem status differs from the HTTP status');
            const after = await fingerprint(database.db);
            if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`a ${res.statusCode} changed stored data`);
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
      t.pass(`${RUNS} fuzzed bodies`);
    });

    t.test(`${op.operationId}: a broken body gets a 4xx problem, never a 2xx, and changes nothing`, async (t) => {
      const [example] = fc.sample(validValue(document, schema), { numRuns: 1, seed: SEED });
      for (const body of brokenBodies(example)) {
        const before = await fingerprint(database.db);
        const res = await send(app, op, url, bearer(admin), body);
        const shown = JSON.stringify(body).slice(0, 60);
        t.ok(res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 429, `${shown} -> ${res.statusCode}`);
        t.equal(json(res, Problem).status, res.statusCode, `${shown}: a problem with the same status`);
        t.same(await fingerprint(database.db), before, `${shown}: nothing changed`);
      }
    });
  }
}, LIMITS);
