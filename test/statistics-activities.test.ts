import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { forEachDatabase, json } from './helpers/app.js';
import { LEEDS, loadFixture } from './fixtures/statistics-fixture.js';
import { ActivityStatistics } from '../src/modules/statistics/statistics.rows.schemas.js';
import { Problem } from '../src/http/problem.js';

forEachDatabase(async (t, { app, database }) => {
  await loadFixture(database.db);
  await publishRelease(database.db, { policy: DEFAULT_POLICY });

  t.test('answers an empty list, not a 404, for an activity with figures but none beneath it', async (t) => {
    // Ballet has figures in Leeds in 2025-26 (the fixture's armley-ballet) and nothing beneath it in the Activity List.
    const res = await app.inject(`/v1/statistics/activities?area=${LEEDS}&parent=ballet&period=2025-26`);
    t.equal(res.statusCode, 200);
    const body = json(res, ActivityStatistics);
    t.same(body.data, []);
    t.same(body.parent, { id: 'ballet', label: 'Ballet' });
    t.equal(body.period, '2025-26');
  });

  t.test('still answers 404 when the parent itself has no figures there', async (t) => {
    const res = await app.inject(`/v1/statistics/activities?area=${LEEDS}&parent=running&period=2025-26`);
    t.equal(res.statusCode, 404);
    t.equal(json(res, Problem).type, '/problems/no-figures');
  });
});
