import { parse } from 'csv-parse/sync';
import { Problem } from '../src/http/problem.js';
import { ActivityDetail, ActivityList } from '../src/modules/activities/activities.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';

forEachDatabase(async (t, { app }) => {
  t.test('returns ballet with dance among its parents', async (t) => {
    const res = await app.inject('/v1/activities/ballet');
    t.equal(res.statusCode, 200);
    t.same(json(res, ActivityDetail), {
      id: 'ballet',
      label: 'Ballet',
      definition:
        'Ballet is a classical dance form characterized by grace and precision of movement and by elaborate formal gestures, steps, and poses.',
      uri: 'https://openactive.io/activity-list#1ae7395a-27a7-4e33-9f6d-a1a6c17d0757',
      source: 'openactive',
      parents: ['dance'],
      children: [],
    });
  });

  t.test('lists children of a parent, both through the detail and the parent filter', async (t) => {
    const dance = json(await app.inject('/v1/activities/dance'), ActivityDetail);
    t.same(dance.parents, []);
    t.ok(dance.children.includes('ballet'));
    const list = json(await app.inject('/v1/activities?parent=dance&limit=1000'), ActivityList);
    t.same(list.data.map((a) => a.id).sort(), [...dance.children].sort());
  });

  t.test('finds jogging when searching for jogging', async (t) => {
    const body = json(await app.inject('/v1/activities?q=jogging'), ActivityList);
    t.ok(body.data.some((a) => a.id === 'jogging' && a.parents.includes('running')));
  });

  t.test('finds an activity by its alternative label', async (t) => {
    const body = json(await app.inject('/v1/activities?q=wild%20swimming'), ActivityList);
    t.same(
      body.data.map((a) => a.id),
      ['open_water_swimming'],
    );
  });

  t.test('holds all 768 OpenActive concepts and the 15 local activities', async (t) => {
    t.equal(json(await app.inject('/v1/activities?limit=1'), ActivityList).page.total, 783);
  });

  t.test('includes the local community activities beside the OpenActive list', async (t) => {
    const advice = json(await app.inject('/v1/activities/advice'), ActivityDetail);
    t.match(advice, { id: 'advice', label: 'Advice service', source: 'local', uri: null, parents: ['community_activity'] });
    const community = json(await app.inject('/v1/activities?parent=community_activity&limit=100'), ActivityList);
    t.equal(community.page.total, 14);
  });

  t.test('answers 404 for an unknown activity and 400 for a malformed id', async (t) => {
    const missing = await app.inject('/v1/activities/underwater_knitting');
    t.equal(missing.statusCode, 404);
    t.match(json(missing, Problem), { type: '/problems/not-found', detail: 'There is no activity with id underwater_knitting.' });
    t.equal((await app.inject('/v1/activities/Ballet!')).statusCode, 400);
  });

  t.test('answers CSV with parents joined by semicolons', async (t) => {
    const res = await app.inject('/v1/activities?q=ballet&format=csv');
    t.match(res.headers['content-type'], /^text\/csv/);
    const rows = parse<Record<string, string>>(res.body, { columns: true, bom: true });
    const ballet = rows.find((r) => r.id === 'ballet');
    t.match(ballet, { id: 'ballet', label: 'Ballet', source: 'openactive', parents: 'dance' });
  });
});
