import { z } from 'zod';
import { Problem } from '../src/http/problem.js';
import { forEachDatabase, json } from './helpers/app.js';

// The meta and health routes keep their schemas to themselves: these are the parts read here.
const Source = z.object({ id: z.string(), licence: z.object({ name: z.string(), url: z.string() }), attribution: z.string() });
const Meta = z.object({ sources: z.array(Source), reference: z.object({ checksum: z.string(), loadedAt: z.string() }).nullable() });
const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({ status: z.literal('ready'), database: z.enum(['postgres', 'pglite']) });

forEachDatabase(async (t, { app, database }) => {
  t.test('names every data source with its licence and attribution', async (t) => {
    const body = json(await app.inject('/v1/meta'), Meta);
    t.same(
      body.sources.map((s) => s.id),
      [
        'ons-geography-2023',
        'ons-mye-mid2022',
        'openactive-activity-list',
        'active-lives-fingertips',
        'dcms-participation-survey',
        'ons-mye-mid2022-age5',
        'ons-lad-2023-boundaries',
        'mhclg-imd2019',
        'local-activities',
      ],
    );
    const openactive = body.sources.find((s) => s.id === 'openactive-activity-list');
    t.match(openactive, { licence: { name: 'Creative Commons Attribution 4.0' }, attribution: /OpenActive/ });
    t.match(body.reference, { checksum: /^[0-9a-f]{64}$/, loadedAt: /^\d{4}-\d\d-\d\dT/ });
  });

  t.test('says the process is alive and the database ready', async (t) => {
    t.same(json(await app.inject('/health'), Health), { status: 'ok' });
    t.same(json(await app.inject('/ready'), Ready), { status: 'ready', database: database.kind });
  });

  t.test("echoes a caller's request id and makes one up otherwise", async (t) => {
    const given = await app.inject({ url: '/health', headers: { 'x-request-id': 'trace-42' } });
    t.equal(given.headers['x-request-id'], 'trace-42');
    const made = await app.inject({ url: '/health', headers: { 'x-request-id': 'bad id with spaces' } });
    t.match(made.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  });

  t.test('answers an unknown path with a 404 problem', async (t) => {
    const res = await app.inject('/v1/nothing-here');
    t.equal(res.statusCode, 404);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(json(res, Problem), {
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No endpoint GET /v1/nothing-here. The API is described at /openapi.json.',
    });
  });

  t.test('says not ready, with a 503 problem, once the database is gone', async (t) => {
    await database.close();
    const res = await app.inject('/ready');
    t.equal(res.statusCode, 503);
    t.match(json(res, Problem), { type: '/problems/service-unavailable', status: 503 });
  });
});
