import { parse } from 'csv-parse/sync';
import { Problem } from '../src/http/problem.js';
import { AreaDetail, AreaList } from '../src/modules/areas/areas.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';

forEachDatabase(async (t, { app }) => {
  t.test('returns Leeds with its ancestors, nearest first, and its mid-2022 population', async (t) => {
    const res = await app.inject('/v1/areas/E08000035');
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^application\/json/);
    t.same(json(res, AreaDetail), {
      code: 'E08000035',
      name: 'Leeds',
      nameWelsh: null,
      type: 'lad',
      parentCode: 'E12000003',
      vintage: '2023',
      ancestors: [
        { code: 'E12000003', name: 'Yorkshire and The Humber', type: 'region' },
        { code: 'E92000001', name: 'England', type: 'country' },
      ],
      population: { year: 2022, total: 822483, age0to15: 154770, age16to64: 539095, age65plus: 128618, source: 'ons-mye-mid2022' },
    });
  });

  t.test('gives a ward no population rather than a made-up one', async (t) => {
    const body = json(await app.inject('/v1/areas/E05011385'), AreaDetail);
    t.equal(body.name, 'Armley');
    t.equal(body.population, null);
    t.same(
      body.ancestors.map((a) => a.code),
      ['E08000035', 'E12000003', 'E92000001'],
    );
  });

  t.test('lists the 33 wards of Leeds as its children', async (t) => {
    const body = json(await app.inject('/v1/areas/E08000035/children'), AreaList);
    t.equal(body.page.total, 33);
    t.equal(body.data.length, 33);
    t.ok(body.data.every((a) => a.type === 'ward' && a.parentCode === 'E08000035'));
    t.same(body.data[0], {
      code: 'E05011384',
      name: 'Ardsley & Robin Hood',
      nameWelsh: null,
      type: 'ward',
      parentCode: 'E08000035',
      vintage: '2023',
    });
  });

  t.test('lists the 15 districts of Yorkshire and The Humber', async (t) => {
    const body = json(await app.inject('/v1/areas?parent=E12000003'), AreaList);
    t.equal(body.page.total, 15);
    t.ok(body.data.some((a) => a.code === 'E08000035'));
  });

  t.test('counts 9 regions, 4 countries, 361 districts and 8,441 wards', async (t) => {
    for (const [type, total] of [
      ['region', 9],
      ['country', 4],
      ['lad', 361],
      ['ward', 8441],
    ] as const) {
      const body = json(await app.inject(`/v1/areas?type=${type}&limit=1`), AreaList);
      t.equal(body.page.total, total, type);
    }
  });

  t.test('pages with limit and offset and reports the whole total', async (t) => {
    const first = json(await app.inject('/v1/areas?type=region&limit=4'), AreaList);
    const second = json(await app.inject('/v1/areas?type=region&limit=4&offset=4'), AreaList);
    t.same(first.page, { limit: 4, offset: 0, total: 9 });
    t.same(second.page, { limit: 4, offset: 4, total: 9 });
    t.equal(first.data.length + second.data.length, 8);
    t.notOk(first.data.some((a) => second.data.some((b) => b.code === a.code)));
  });

  t.test('searches names case-insensitively, in Welsh too, and treats % literally', async (t) => {
    const leeds = json(await app.inject('/v1/areas?q=leeds&type=lad'), AreaList);
    t.same(
      leeds.data.map((a) => a.code),
      ['E08000035'],
    );
    const welsh = json(await app.inject('/v1/areas?q=Caerdydd&type=lad'), AreaList);
    t.same(
      welsh.data.map((a) => a.name),
      ['Cardiff'],
    );
    const percent = json(await app.inject('/v1/areas?q=%25'), AreaList);
    t.equal(percent.page.total, 0);
  });

  t.test('answers a well-formed unknown code with a 404 problem naming it', async (t) => {
    const res = await app.inject('/v1/areas/E99999999');
    t.equal(res.statusCode, 404);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(json(res, Problem), {
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'There is no area with code E99999999.',
      instance: '/v1/areas/E99999999',
    });
    t.equal((await app.inject('/v1/areas/E99999999/children')).statusCode, 404);
  });

  t.test('rejects a malformed code, an unknown type and an oversized limit with 400 problems', async (t) => {
    const malformed = json(await app.inject('/v1/areas/leeds'), Problem);
    t.match(malformed, { status: 400, errors: [{ pointer: '/params/code' }] });
    const type = await app.inject('/v1/areas?type=nonsense');
    t.equal(type.statusCode, 400);
    t.match(json(type, Problem), { type: '/problems/validation', errors: [{ pointer: '/query/type' }] });
    const limit = json(await app.inject('/v1/areas?limit=100000'), Problem);
    t.match(limit, { status: 400, errors: [{ pointer: '/query/limit' }] });
    const both = json(await app.inject('/v1/areas?limit=0&offset=-1'), Problem);
    t.equal(both.errors?.length, 2);
  });

  t.test('answers CSV for ?format=csv and for Accept: text/csv', async (t) => {
    const res = await app.inject('/v1/areas?type=region&format=csv');
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^text\/csv/);
    t.match(res.headers['content-disposition'], /filename="areas.csv"/);
    const rows = parse<Record<string, string>>(res.body, { columns: true, bom: true });
    t.equal(rows.length, 9);
    t.same(rows[2], {
      code: 'E12000003',
      name: 'Yorkshire and The Humber',
      name_welsh: '',
      type: 'region',
      parent_code: 'E92000001',
      vintage: '2023',
    });
    const accepted = await app.inject({ url: '/v1/areas/E08000035/children?limit=2', headers: { accept: 'text/csv' } });
    t.match(accepted.headers['content-type'], /^text\/csv/);
    t.equal(parse(accepted.body, { columns: true, bom: true }).length, 2);
    const json = await app.inject({ url: '/v1/areas?limit=1', headers: { accept: 'application/json, text/csv' } });
    t.match(json.headers['content-type'], /^application\/json/);
  });
});
