import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { Problem } from '../src/http/problem.js';
import { ActivityDetail } from '../src/modules/activities/activities.schemas.js';
import { IssuedKey } from '../src/modules/keys/keys.schemas.js';
import { Organisation, OrganisationList } from '../src/modules/organisations/organisations.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { assertProblem } from './helpers/problems.js';

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const admin = await adminKey(db);
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: bearer(admin), ...(payload ? { payload } : {}) });
  const audit = (action: string) =>
    queryRows(
      db,
      sql`select a.action, a.organisation_id, a.detail, k.kind
    from audit_log a join api_keys k on k.id = a.api_key_id where a.action = ${action} order by a.id`,
    );

  t.test('creates an organisation with identifiers and a home area, and audits it', async (t) => {
    const res = await send('POST', '/v1/organisations', {
      id: 'armley-ballet',
      name: 'Armley Ballet Club',
      identifiers: ['GB-CHC-1234567', 'GB-COH-SC123456'],
      homeArea: 'E05011385',
      named: true,
    });
    t.equal(res.statusCode, 201);
    t.match(res.headers['content-type'], /^application\/json/);
    t.equal(res.headers.location, '/v1/organisations/armley-ballet');
    t.same(json(res, Organisation), {
      id: 'armley-ballet',
      name: 'Armley Ballet Club',
      identifiers: ['GB-CHC-1234567', 'GB-COH-SC123456'],
      homeArea: { code: 'E05011385', name: 'Armley', type: 'ward' },
      named: true,
      demo: false,
    });
    t.same(
      json(await app.inject('/v1/organisations/armley-ballet'), Organisation),
      json(res, Organisation),
      'readable publicly once named',
    );
    t.same(await audit('organisation.create'), [
      {
        action: 'organisation.create',
        organisation_id: 'armley-ballet',
        detail: { fields: ['homeArea', 'id', 'identifiers', 'name', 'named'] },
        kind: 'admin',
      },
    ]);
  });

  t.test('refuses a taken id with 409 and changes nothing', async (t) => {
    const before = await fingerprint(db);
    const res = await send('POST', '/v1/organisations', { id: 'armley-ballet', name: 'Another', named: false });
    assertProblem(t, res, 'conflict', '/v1/organisations', 'An organisation with id armley-ballet already exists.');
    t.same(await fingerprint(db), before);
  });

  t.test('refuses identifiers from unknown registers or in the wrong form, with a pointer to each', async (t) => {
    const before = await fingerprint(db);
    const res = await send('POST', '/v1/organisations', {
      id: 'bad-ids',
      name: 'Bad',
      named: true,
      identifiers: ['GB-XYZ-123', 'GB-CHC-12', 'GB-SC-SC012345'],
    });
    t.equal(res.statusCode, 400);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const { errors = [] } = json(res, Problem);
    t.same(
      errors.map((e) => e.pointer),
      ['/body/identifiers/0', '/body/identifiers/1'],
    );
    t.match(errors[0]?.detail, /register this API does not know/);
    t.equal(errors[1]?.detail, 'is not a valid GB-CHC number');
    const unknownArea = await send('POST', '/v1/organisations', { id: 'nowhere', name: 'Nowhere', named: true, homeArea: 'E05999999' });
    assertProblem(t, unknownArea, 'unprocessable', '/v1/organisations', 'There is no area with code E05999999.', {
      errors: [{ pointer: '/body/homeArea', detail: 'there is no area with code E05999999' }],
    });
    const missing = await send('POST', '/v1/organisations', { id: 'Not A Slug', name: '' });
    t.same(
      json(missing, Problem).errors?.map((e) => e.pointer),
      ['/body/id', '/body/name', '/body/named'],
    );
    t.same(await fingerprint(db), before);
  });

  t.test('updates only the fields given, and audits the change', async (t) => {
    const res = await send('PATCH', '/v1/organisations/armley-ballet', { named: false, homeArea: null });
    t.equal(res.statusCode, 200);
    t.same(json(res, Organisation), {
      id: 'armley-ballet',
      name: 'Armley Ballet Club',
      identifiers: ['GB-CHC-1234567', 'GB-COH-SC123456'],
      homeArea: null,
      named: false,
      demo: false,
    });
    t.equal((await app.inject('/v1/organisations/armley-ballet')).statusCode, 404, 'no longer shown by name');
    t.same(
      (await audit('organisation.update')).map((a) => a.detail),
      [{ fields: ['homeArea', 'named'] }],
    );
    const before = await fingerprint(db);
    assertProblem(
      t,
      await send('PATCH', '/v1/organisations/nobody', { named: true }),
      'not-found',
      '/v1/organisations/nobody',
      'There is no organisation with id nobody.',
    );
    t.equal((await send('PATCH', '/v1/organisations/armley-ballet', {})).statusCode, 400);
    t.same(await fingerprint(db), before);
  });

  t.test('adds a local activity under existing parents', async (t) => {
    const res = await send('POST', '/v1/activities', {
      id: 'dance_social_club',
      label: 'Dance social club',
      definition: 'An afternoon social dance',
      parents: ['dance'],
    });
    t.equal(res.statusCode, 201);
    t.equal(res.headers.location, '/v1/activities/dance_social_club');
    t.same(json(res, ActivityDetail), {
      id: 'dance_social_club',
      label: 'Dance social club',
      definition: 'An afternoon social dance',
      uri: null,
      source: 'local',
      parents: ['dance'],
      children: [],
    });
    t.ok(json(await app.inject('/v1/activities/dance'), ActivityDetail).children.includes('dance_social_club'));
    t.same(
      (await audit('activity.create')).map((a) => a.detail),
      [{ activityId: 'dance_social_club', parents: 1 }],
    );
  });

  t.test('refuses a taken activity id with 409 and unknown parents with 422', async (t) => {
    const before = await fingerprint(db);
    assertProblem(
      t,
      await send('POST', '/v1/activities', { id: 'ballet', label: 'Ballet' }),
      'conflict',
      '/v1/activities',
      'An activity with id ballet already exists.',
    );
    assertProblem(
      t,
      await send('POST', '/v1/activities', { id: 'repair_cafe', label: 'Repair café', parents: ['dance', 'no_such', 'nor_this'] }),
      'unprocessable',
      '/v1/activities',
      'Every parent must be an existing activity.',
      {
        errors: [
          { pointer: '/body/parents/1', detail: 'there is no activity with id no_such' },
          { pointer: '/body/parents/2', detail: 'there is no activity with id nor_this' },
        ],
      },
    );
    t.same(await fingerprint(db), before);
  });

  t.test('issues a key shown once, which works, and revokes it', async (t) => {
    const res = await send('POST', '/v1/organisations/armley-ballet/keys', { label: 'treasurer' });
    t.equal(res.statusCode, 201);
    t.equal(res.headers['cache-control'], 'no-store');
    const issued = json(res, IssuedKey);
    t.same(issued, { id: issued.id, key: issued.key, kind: 'organisation', organisation: 'armley-ballet', label: 'treasurer' });
    t.match(issued.id, /^key_[A-Za-z0-9_-]{12}$/);
    t.equal((await app.inject({ url: '/v1/organisations/armley-ballet/figures', headers: bearer(issued.key) })).statusCode, 200);
    const revoked = await send('DELETE', `/v1/keys/${issued.id}`);
    t.equal(revoked.statusCode, 204);
    t.equal((await app.inject({ url: '/v1/organisations/armley-ballet/figures', headers: bearer(issued.key) })).statusCode, 401);
    t.equal((await send('DELETE', `/v1/keys/${issued.id}`)).statusCode, 204, 'revoking twice is harmless');
    t.same(
      (await audit('key.revoke')).map((a) => a.detail),
      [{ keyId: issued.id, kind: 'organisation' }],
      'and audited once',
    );
    t.same(
      (await audit('key.issue')).map((a) => a.detail),
      [{ keyId: issued.id, kind: 'organisation' }],
    );
  });

  t.test('answers 404 for keys of unknown organisations and unknown key ids, changing nothing', async (t) => {
    const before = await fingerprint(db);
    assertProblem(
      t,
      await send('POST', '/v1/organisations/nobody/keys', {}),
      'not-found',
      '/v1/organisations/nobody/keys',
      'There is no organisation with id nobody.',
    );
    assertProblem(
      t,
      await send('DELETE', '/v1/keys/key_AAAAAAAAAAAA'),
      'not-found',
      '/v1/keys/key_AAAAAAAAAAAA',
      'There is no key with id key_AAAAAAAAAAAA.',
    );
    t.same(await fingerprint(db), before);
  });

  t.test('lists organisations with published figures for an activity or any activity beneath it', async (t) => {
    const runners = await organisationWithKey(app, admin, 'leeds-runners');
    const dancers = await organisationWithKey(app, admin, 'tea-dancers');
    const post = (id: string, key: string, activity: string) =>
      app.inject({
        method: 'POST',
        url: `/v1/organisations/${id}/figures`,
        headers: bearer(key),
        payload: { figures: [{ activity, area: 'E08000035', period: '2025', participants: 10 }] },
      });
    t.equal((await post('leeds-runners', runners, 'running')).statusCode, 201);
    t.equal((await post('tea-dancers', dancers, 'dance_social_club')).statusCode, 201);
    t.equal((await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin), payload: {} })).statusCode, 201);
    const ids = async (activity: string) =>
      json(await app.inject(`/v1/organisations?activity=${activity}`), OrganisationList).data.map((o) => o.id);
    t.same(await ids('running'), ['leeds-runners']);
    t.same(await ids('dance_social_club'), ['tea-dancers']);
    t.same(await ids('dance'), ['tea-dancers'], 'through the parent');
    t.same(await ids('ballet'), []);
  });
});
