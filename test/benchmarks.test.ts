import { parse } from 'csv-parse/sync';
import { BenchmarkList } from '../src/modules/benchmarks/benchmarks.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';

const leeds = { code: 'E08000035', name: 'Leeds', type: 'lad' };
const england = { code: 'E92000001', name: 'England', type: 'country' };

forEachDatabase(async (t, { app }) => {
  t.test('gives Leeds its own Active Lives and Participation Survey values, as published', async (t) => {
    const res = await app.inject('/v1/areas/E08000035/benchmarks');
    t.equal(res.statusCode, 200);
    const body = json(res, BenchmarkList);
    t.same(body.area, leeds);
    t.equal(body.data.length, 24, '10 years x 2 Active Lives indicators + 4 Participation Survey indicators');
    t.same(
      body.data.find((b) => b.indicatorId === 'active-adults' && b.period === '2024/25'),
      {
        area: leeds,
        source: 'active-lives-fingertips',
        indicatorId: 'active-adults',
        indicator: 'Percentage of physically active adults',
        period: '2024/25',
        value: 70.4,
        unit: '%',
        lowerCi: null,
        upperCi: null,
        comparedToEngland: 'Similar',
      },
    );
    t.same(
      body.data.find((b) => b.indicatorId === 'engaged-with-arts'),
      {
        area: leeds,
        source: 'dcms-participation-survey',
        indicatorId: 'engaged-with-arts',
        indicator: 'Percentage of adults who engaged with the arts in the last 12 months',
        period: '2023/24',
        value: 89,
        unit: '%',
        lowerCi: 87,
        upperCi: 91,
        comparedToEngland: null,
      },
    );
    t.same(
      body.sources.map((s) => s.id),
      ['active-lives-fingertips', 'dcms-participation-survey'],
    );
    t.match(body.sources[0]?.attribution, /Open Government Licence/);
  });

  t.test('gives a ward the values of its district, saying so on every row', async (t) => {
    const body = json(await app.inject('/v1/areas/E05011385/benchmarks?latest=true'), BenchmarkList);
    t.equal(body.area.code, 'E05011385');
    t.same(
      body.data.map((b) => [b.area.code, b.indicatorId, b.period, b.value]),
      [
        ['E08000035', 'active-adults', '2024/25', 70.4],
        ['E08000035', 'inactive-adults', '2024/25', 20.3],
        ['E08000035', 'engaged-with-arts', '2023/24', 89],
        ['E08000035', 'visited-heritage-site', '2023/24', 69],
        ['E08000035', 'visited-museum-or-gallery', '2023/24', 42],
        ['E08000035', 'visited-public-library', '2023/24', 23],
      ],
    );
  });

  t.test('gives a region, which no source covers, the values for England', async (t) => {
    const body = json(await app.inject('/v1/areas/E12000003/benchmarks?latest=true&indicator=inactive-adults'), BenchmarkList);
    t.same(body.data, [
      {
        area: england,
        source: 'active-lives-fingertips',
        indicatorId: 'inactive-adults',
        indicator: 'Percentage of physically inactive adults',
        period: '2024/25',
        value: 21.8,
        unit: '%',
        lowerCi: null,
        upperCi: null,
        comparedToEngland: 'Not compared',
      },
    ]);
  });

  t.test('answers CSV, and 404 for an unknown area', async (t) => {
    const res = await app.inject('/v1/areas/E08000035/benchmarks?format=csv&latest=true');
    t.match(res.headers['content-type'], /^text\/csv/);
    const rows = parse<Record<string, string>>(res.body, { columns: true, bom: true });
    t.equal(rows.length, 6);
    t.match(rows[0], { area_code: 'E08000035', indicator_id: 'active-adults', period: '2024/25', value: '70.4' });
    t.equal((await app.inject('/v1/areas/E99999999/benchmarks')).statusCode, 404);
    t.equal((await app.inject('/v1/areas/E08000035/benchmarks?indicator=DROP%20TABLE')).statusCode, 400);
  });

  t.test('is cached like the rest of the reference data', async (t) => {
    const res = await app.inject('/v1/areas/E08000035/benchmarks?latest=true');
    t.equal(res.headers['cache-control'], 'public, max-age=60');
    const again = await app.inject({
      url: '/v1/areas/E08000035/benchmarks?latest=true',
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    t.equal(again.statusCode, 304);
  });
});
