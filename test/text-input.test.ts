import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint } from './helpers/auth.js';
import { Problem } from '../src/http/problem.js';

// Found by the contract fuzzers: PostgreSQL text cannot hold NUL, which once turned these into 500s.
forEachDatabase(async (t, { app, database }) => {
  const admin = await adminKey(database.db);

  t.test('refuses control characters in a search with a 400 naming the parameter', async (t) => {
    const res = await app.inject('/v1/areas?q=%00');
    t.equal(res.statusCode, 400);
    t.match(json(res, Problem), { errors: [{ pointer: '/query/q', detail: 'must not contain control characters' }] });
  });

  t.test('refuses a NUL in an organisation name and stores nothing', async (t) => {
    const before = await fingerprint(database.db);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: bearer(admin),
      payload: { id: 'nul-club', name: 'Nul\u0000Club', named: true },
    });
    t.equal(res.statusCode, 400);
    t.match(json(res, Problem), { errors: [{ pointer: '/body/name' }] });
    t.same(await fingerprint(database.db), before);
  });

  t.test('keeps line breaks in an activity definition but not other control characters', async (t) => {
    const ok = await app.inject({
      method: 'POST',
      url: '/v1/activities',
      headers: bearer(admin),
      payload: {
        id: 'knit_and_natter',
        label: 'Knit and natter',
        parents: ['community_activity'],
        definition: 'Knitting together.\nAll welcome.',
      },
    });
    t.equal(ok.statusCode, 201);
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/activities',
      headers: bearer(admin),
      payload: { id: 'bell_ringing', label: 'Bell\u0007ringing', parents: ['community_activity'] },
    });
    t.equal(bad.statusCode, 400);
  });
});
