import { Problem } from '../src/http/problem.js';
import { forEachDatabase, json } from './helpers/app.js';
import { PROBLEM_JSON } from './helpers/auth.js';

forEachDatabase(async (t, { app }) => {
  t.test('refuses an unknown query parameter with a validation problem naming it and what is accepted', async (t) => {
    const res = await app.inject('/v1/areas?type=lad&perod=2025');
    t.equal(res.statusCode, 400);
    t.equal(res.headers['content-type'], PROBLEM_JSON);
    t.equal(res.headers.etag, undefined, 'no ETag is made for it');
    t.equal(res.headers['cache-control'], 'no-store');
    t.match(json(res, Problem), {
      type: '/problems/validation',
      status: 400,
      detail: /Unknown parameter "perod".*This endpoint accepts .*limit.*offset.*q.*type/,
      errors: [{ pointer: '/query/perod', detail: 'Unknown parameter "perod"' }],
    });
  });

  t.test('refuses any parameter on an endpoint that takes none', async (t) => {
    const res = await app.inject('/v1/areas/E08000035?x=1');
    t.equal(res.statusCode, 400);
    t.match(json(res, Problem), { detail: /This endpoint takes no query parameters/, errors: [{ pointer: '/query/x' }] });
  });

  t.test('cannot be used to fill the response cache with random URLs', async (t) => {
    const entries = () => app.inject('/metrics').then((r) => Number(/response_cache_entries (\d+)/.exec(r.body)?.[1] ?? 0));
    const before = await entries();
    for (let i = 0; i < 20; i += 1) t.equal((await app.inject(`/v1/statistics/summary?area=E08000035&x=${i}`)).statusCode, 400);
    t.equal(await entries(), before);
  });

  t.test('escapes a parameter name in its pointer and bounds how many are listed', async (t) => {
    const names = Array.from({ length: 30 }, (_, i) => `a/b~${i}=1`).join('&');
    const { errors = [] } = json(await app.inject(`/v1/activities?${names}`), Problem);
    t.equal(errors.length, 20);
    t.equal(errors[0]?.pointer, '/query/a~1b~00');
  });

  t.test('leaves the pages alone: links to them may carry tracking parameters', async (t) => {
    t.equal((await app.inject('/?utm_source=newsletter')).statusCode, 200);
  });

  t.test('answers If-None-Match: * with 404 for what does not exist, and 304 for what does', async (t) => {
    const missing = await app.inject({ url: '/v1/areas/E99999999', headers: { 'if-none-match': '*' } });
    t.equal(missing.statusCode, 404);
    const noRelease = await app.inject({ url: '/v1/statistics/summary?area=E08000035&release=999', headers: { 'if-none-match': '*' } });
    t.equal(noRelease.statusCode, 404);
    const noArea = await app.inject({ url: '/v1/statistics/summary?area=E99999999', headers: { 'if-none-match': '*' } });
    t.equal(noArea.statusCode, 404);
    const present = await app.inject({ url: '/v1/areas/E08000035', headers: { 'if-none-match': '*' } });
    t.equal(present.statusCode, 304);
    t.equal(present.body, '');
    t.equal(present.headers['content-type'], undefined);
    t.match(present.headers.etag, /^"/);
  });
});
