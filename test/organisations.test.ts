import { parse } from 'csv-parse/sync';
import { organisations } from '../src/db/schema/index.js';
import { Organisation, OrganisationList } from '../src/modules/organisations/organisations.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';

forEachDatabase(async (t, { app, database }) => {
  await database.db.insert(organisations).values([
    { id: 'armley-ballet', name: 'Armley Ballet Club', identifiers: ['GB-CHC-1234567'], homeAreaCode: 'E05011385', named: true },
    { id: 'leeds-runners', name: 'Leeds Runners', homeAreaCode: 'E08000035', named: true },
    { id: 'quiet-befrienders', name: 'Quiet Befrienders', homeAreaCode: 'E05011385', named: false },
    { id: 'york-walkers', name: 'York Walkers', homeAreaCode: 'E06000014', named: true },
    { id: 'formula-group', name: '=HYPERLINK("http://example.invalid")', named: true },
  ]);

  t.test('lists only organisations that agreed to be named, ordered by name', async (t) => {
    const body = json(await app.inject('/v1/organisations'), OrganisationList);
    t.same(
      body.data.map((o) => o.id),
      ['formula-group', 'armley-ballet', 'leeds-runners', 'york-walkers'],
    );
    t.same(body.page, { limit: 100, offset: 0, total: 4 });
    t.same(body.data[1], {
      id: 'armley-ballet',
      name: 'Armley Ballet Club',
      identifiers: ['GB-CHC-1234567'],
      homeArea: { code: 'E05011385', name: 'Armley', type: 'ward' },
      named: true,
      demo: false,
    });
  });

  t.test('filters by area, including organisations based in areas inside it', async (t) => {
    const leeds = json(await app.inject('/v1/organisations?area=E08000035'), OrganisationList);
    t.same(
      leeds.data.map((o) => o.id),
      ['armley-ballet', 'leeds-runners'],
    );
    const region = json(await app.inject('/v1/organisations?area=E12000003'), OrganisationList);
    t.same(
      region.data.map((o) => o.id),
      ['armley-ballet', 'leeds-runners', 'york-walkers'],
    );
  });

  t.test('searches by name', async (t) => {
    const body = json(await app.inject('/v1/organisations?q=runners'), OrganisationList);
    t.same(
      body.data.map((o) => o.id),
      ['leeds-runners'],
    );
  });

  t.test('never reveals an organisation that has not agreed to be named', async (t) => {
    const res = await app.inject('/v1/organisations/quiet-befrienders');
    t.equal(res.statusCode, 404);
    t.notMatch(res.body, /Quiet Befrienders/);
    const search = json(await app.inject('/v1/organisations?q=quiet'), OrganisationList);
    t.equal(search.page.total, 0);
  });

  t.test('returns one named organisation', async (t) => {
    const body = json(await app.inject('/v1/organisations/leeds-runners'), Organisation);
    t.same(body, {
      id: 'leeds-runners',
      name: 'Leeds Runners',
      identifiers: [],
      homeArea: { code: 'E08000035', name: 'Leeds', type: 'lad' },
      named: true,
      demo: false,
    });
  });

  t.test('makes names that look like formulas inert in CSV', async (t) => {
    const res = await app.inject('/v1/organisations?format=csv');
    const rows = parse<Record<string, string>>(res.body, { columns: true, bom: true });
    t.equal(rows[0]!.name, `'=HYPERLINK("http://example.invalid")`);
    t.equal(rows[1]!.identifiers, 'GB-CHC-1234567');
  });
});
