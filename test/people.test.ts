// People, invitations and sessions through HTTP on both databases: the way in, what is refused,
// and that a refusal changes nothing.
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { queryRows } from '../src/db/client.js';
import { Session } from '../src/modules/people/people.schemas.js';
import { SubmissionList } from '../src/modules/figures/figures.schemas.js';
import { KeySummaryList, IssuedKey } from '../src/modules/keys/keys.schemas.js';
import { captureLogs, forEachDatabase, json, testConfig } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { acceptAs, cookieFrom, invite, PASSWORD, personFor, withSession } from './helpers/people.js';
import { assertProblem } from './helpers/problems.js';

const ACCEPT = '/v1/invitations/accept';

forEachDatabase(async (t, { app, database, config }) => {
  const db = database.db;
  const admin = await adminKey(db);
  await organisationWithKey(app, admin, 'armley-ballet');
  const leedsKey = await organisationWithKey(app, admin, 'leeds-runners');
  const accept = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: ACCEPT, payload });
  const signIn = (email: string, password: string, remoteAddress = '10.0.0.1') =>
    app.inject({ method: 'POST', url: '/v1/session', payload: { email, password }, remoteAddress });

  t.test('an invitation signs a new person in with a safe cookie, once', async (t) => {
    const invitation = await invite(app, admin, 'armley-ballet');
    t.equal(invitation.sent, false, 'no SMTP: the link is handed to the admin');
    t.match(invitation.url, /^https:\/\/participation\.test\/portal\/#invitation=pi_[A-Za-z0-9_-]{43}$/);
    const stored = await queryRows<{ token_hash: string }>(db, sql`select token_hash from invitations where id = ${invitation.id}`);
    t.not(stored[0]!.token_hash, invitation.token, 'only a hash of the token is stored');

    const res = await accept({ token: invitation.token, displayName: 'Sam Okafor', email: 'Sam@Example.org', password: PASSWORD });
    t.equal(res.statusCode, 201);
    const cookie = [res.headers['set-cookie']].flat()[0]!;
    t.match(cookie, /^pa_session=ps_[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const session = json(res, Session);
    t.same(session.person, { id: session.person.id, displayName: 'Sam Okafor', email: 'Sam@Example.org', admin: false });
    t.same(
      session.organisations.map((o) => o.id),
      ['armley-ballet'],
    );
    t.notOk(res.body.includes(PASSWORD), 'the password is never returned');
    const [person] = await queryRows<{ password_hash: string }>(db, sql`select password_hash from people where id = ${session.person.id}`);
    t.match(person!.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, 'stored as an argon2id hash');
    const [row] = await queryRows<{ id: string }>(db, sql`select id from sessions where person_id = ${session.person.id}`);
    t.not(row!.id, cookieFrom(cookie).split('=')[1], 'the session is stored by hash, not by its cookie value');

    const me = await app.inject({ url: '/v1/session', headers: { cookie: cookieFrom(cookie) } });
    t.equal(me.statusCode, 200);
    t.same(json(me, Session), session, 'GET /v1/session says who is signed in');

    const before = await fingerprint(db);
    const again = await accept({ token: invitation.token, displayName: 'Someone else', email: 'x@example.org', password: PASSWORD });
    assertProblem(t, again, 'gone', ACCEPT, 'This invitation has already been used. Sign in, or ask for a new one.');
    t.same(await fingerprint(db), before, 'used twice: nothing changes');
  });

  t.test('refuses an unknown, expired or withdrawn invitation and changes nothing', async (t) => {
    const body = { displayName: 'Kim', email: 'kim@example.org', password: PASSWORD };
    const expired = await invite(app, admin, 'armley-ballet');
    await db.execute(sql`update invitations set expires_at = now() - interval '1 second' where id = ${expired.id}`);
    const withdrawn = await invite(app, admin, 'armley-ballet');
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/invitations/${withdrawn.id}`, headers: bearer(admin) })).statusCode, 204);
    const before = await fingerprint(db);
    assertProblem(
      t,
      await accept({ ...body, token: `pi_${'B'.repeat(43)}` }),
      'not-found',
      ACCEPT,
      'This invitation link is not known. Check that the whole link was copied, or ask for a new one.',
    );
    assertProblem(t, await accept({ ...body, token: expired.token }), 'gone', ACCEPT, 'This invitation has expired. Ask for a new one.');
    assertProblem(
      t,
      await accept({ ...body, token: withdrawn.token }),
      'gone',
      ACCEPT,
      'This invitation was withdrawn. Ask for a new one.',
    );
    t.same(await fingerprint(db), before);
  });

  t.test('an invitation is for one organisation: its person acts for that one only, and cannot invite', async (t) => {
    const leedsOnly = await personFor(app, admin, 'leeds-runners', 'leeds-only@example.org');
    t.same(
      leedsOnly.session.organisations.map((o) => o.id),
      ['leeds-runners'],
    );
    const before = await fingerprint(db);
    const figure = { activity: 'ballet', area: 'E05011385', period: '2025', participants: 9 };
    for (const [method, url, payload] of [
      ['POST', '/v1/organisations/armley-ballet/figures', { figures: [figure] }],
      ['GET', '/v1/organisations/armley-ballet/figures', undefined],
      ['PUT', '/v1/organisations/armley-ballet/consent', { named: false }],
      ['POST', '/v1/organisations/armley-ballet/keys', {}],
    ] as const) {
      const res = await app.inject({ method, url, headers: withSession(leedsOnly), ...(payload ? { payload } : {}) });
      assertProblem(t, res, 'forbidden', url, 'You do not act for this organisation.');
    }
    for (const id of ['armley-ballet', 'leeds-runners']) {
      const url = `/v1/organisations/${id}/invitations`;
      const res = await app.inject({ method: 'POST', url, headers: withSession(leedsOnly), payload: {} });
      assertProblem(t, res, 'forbidden', url, 'Only an admin may do this.');
    }
    t.same(await fingerprint(db), before, 'nothing changed');
  });

  t.test('refuses a short or common password, with the field named', async (t) => {
    const { token } = await invite(app, admin, 'armley-ballet');
    const before = await fingerprint(db);
    for (const [password, detail] of [
      ['short one', 'must be at least 12 characters long'],
      ['Password1234', 'is one of the most common passwords: choose another'],
    ] as const) {
      const res = await accept({ token, displayName: 'Kim', email: 'kim@example.org', password });
      t.equal(res.statusCode, 400);
      t.match(JSON.parse(res.body), { errors: [{ pointer: '/body/password', detail }] });
    }
    t.same(await fingerprint(db), before);
  });

  t.test('an invitation to an email only that email can use; for an existing person it sets a new password', async (t) => {
    const first = await personFor(app, admin, 'armley-ballet', 'pat@example.org');
    const second = await signIn('pat@example.org', PASSWORD, '10.0.0.9');
    t.equal(second.statusCode, 201);
    const reset = await invite(app, admin, 'leeds-runners', 'PAT@example.org');
    const before = await fingerprint(db);
    const wrong = await accept({ token: reset.token, displayName: 'Pat', email: 'other@example.org', password: 'a new and better phrase' });
    t.equal(wrong.statusCode, 400);
    t.match(JSON.parse(wrong.body), { errors: [{ pointer: '/body/email', detail: 'is not the one this invitation was sent to' }] });
    t.same(await fingerprint(db), before);

    const mended = await acceptAs(app, reset.token, 'pat@example.org', 'Pat', 'a new and better phrase');
    t.equal(mended.personId, first.personId, 'the same person');
    t.same(mended.session.organisations.map((o) => o.id).sort(), ['armley-ballet', 'leeds-runners']);
    t.equal((await signIn('pat@example.org', PASSWORD, '10.0.0.9')).statusCode, 401, 'the old password no longer works');
    t.equal((await signIn('pat@example.org', 'a new and better phrase', '10.0.0.9')).statusCode, 201);
    const old = await app.inject({ url: '/v1/session', headers: withSession(first) });
    t.equal(old.statusCode, 401, 'a new password ends the sessions made with the old one');
  });

  t.test('an existing person joins a second organisation with their own password, not with a wrong one', async (t) => {
    await personFor(app, admin, 'armley-ballet', 'jo@example.org');
    const { token } = await invite(app, admin, 'leeds-runners');
    const before = await fingerprint(db);
    const wrong = await accept({ token, displayName: 'Jo', email: 'jo@example.org', password: 'not the password at all' });
    assertProblem(t, wrong, 'conflict', ACCEPT, /^There is already an account with this email/);
    t.same(await fingerprint(db), before);
    const joined = await acceptAs(app, token, 'jo@example.org', 'Jo');
    t.same(joined.session.organisations.map((o) => o.id).sort(), ['armley-ballet', 'leeds-runners']);
  });

  t.test('sign-in: the same answer for an unknown email and a wrong password; sign out; sign out everywhere', async (t) => {
    await personFor(app, admin, 'armley-ballet', 'lee@example.org');
    const unknown = await signIn('nobody@example.org', PASSWORD, '10.0.1.1');
    const wrong = await signIn('lee@example.org', 'not the password at all', '10.0.1.1');
    for (const res of [unknown, wrong])
      assertProblem(t, res, 'unauthorized', '/v1/session', 'The email or password is not right. Check both and try again.');
    const laptop = await signIn('LEE@example.org', PASSWORD, '10.0.1.1');
    const phone = await signIn('lee@example.org', PASSWORD, '10.0.1.2');
    const [a, b] = [laptop, phone].map((res) => ({ cookie: cookieFrom(res.headers['set-cookie']), csrf: json(res, Session).csrfToken }));
    t.not(a!.csrf, b!.csrf, 'each session has its own CSRF token');

    const out = await app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie: a!.cookie, 'x-csrf-token': a!.csrf } });
    t.equal(out.statusCode, 204);
    t.match([out.headers['set-cookie']].flat()[0], /^pa_session=; Max-Age=0; Path=\/; Expires=.*; HttpOnly; Secure; SameSite=Lax$/);
    t.equal((await app.inject({ url: '/v1/session', headers: { cookie: a!.cookie } })).statusCode, 401, 'signed out');
    t.equal((await app.inject({ url: '/v1/session', headers: { cookie: b!.cookie } })).statusCode, 200, 'the other one still works');

    const third = await signIn('lee@example.org', PASSWORD, '10.0.1.3');
    const c = { cookie: cookieFrom(third.headers['set-cookie']), csrf: json(third, Session).csrfToken };
    const everywhere = await app.inject({ method: 'DELETE', url: '/v1/sessions', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf } });
    t.equal(everywhere.statusCode, 204);
    for (const who of [b!, c]) t.equal((await app.inject({ url: '/v1/session', headers: { cookie: who.cookie } })).statusCode, 401);
  });

  t.test('a session ends when it expires or lies unused, and survives a restart', async (t) => {
    const expiring = await personFor(app, admin, 'armley-ballet', 'ash@example.org');
    const idle = await signIn('ash@example.org', PASSWORD, '10.0.2.1');
    const idleCookie = cookieFrom(idle.headers['set-cookie']);
    const lasting = await signIn('ash@example.org', PASSWORD, '10.0.2.1');
    const lastingCookie = cookieFrom(lasting.headers['set-cookie']);
    await db.execute(sql`update sessions set expires_at = now() - interval '1 second'
      where person_id = ${expiring.personId} and created_at = (select min(created_at) from sessions where person_id = ${expiring.personId})`);
    t.equal((await app.inject({ url: '/v1/session', headers: withSession(expiring) })).statusCode, 401, 'past its absolute end');
    const idleId = json(idle, Session).csrfToken;
    t.ok(idleId);
    await db.execute(
      sql`update sessions set last_seen_at = now() - ${config.sessions.idleMinutes + 1} * interval '1 minute' where id = (select id from sessions where person_id = ${expiring.personId} order by created_at desc offset 1 limit 1)`,
    );
    t.equal(
      (await app.inject({ url: '/v1/session', headers: { cookie: idleCookie } })).statusCode,
      401,
      'unused for longer than the idle time',
    );

    const restarted = await buildApp({ config: testConfig(), database });
    t.teardown(() => restarted.close());
    t.equal(
      (await restarted.inject({ url: '/v1/session', headers: { cookie: lastingCookie } })).statusCode,
      200,
      'another process knows it',
    );
  });

  t.test('a change from a session needs its own CSRF token; without it nothing changes', async (t) => {
    const sam = await personFor(app, admin, 'armley-ballet', 'csrf@example.org');
    const other = await personFor(app, admin, 'armley-ballet', 'csrf2@example.org');
    const put = (headers: Record<string, string>) =>
      app.inject({ method: 'PUT', url: '/v1/organisations/armley-ballet/consent', headers, payload: { named: false } });
    const before = await fingerprint(db);
    for (const headers of [
      withSession(sam, false),
      { cookie: sam.cookie, 'x-csrf-token': other.csrf },
      { cookie: sam.cookie, 'x-csrf-token': '' },
    ]) {
      const res = await put(headers);
      assertProblem(
        t,
        res,
        'forbidden',
        '/v1/organisations/armley-ballet/consent',
        /^A change made while signed in must carry the session's CSRF token/,
      );
    }
    t.same(await fingerprint(db), before);
    const res = await put(withSession(sam));
    t.equal(res.statusCode, 200);
    t.match(JSON.parse(res.body), { organisation: 'armley-ballet', named: false, appliesFrom: 'next-release' });
    const [audit] = await queryRows<{ person_id: string; api_key_id: string | null; detail: unknown }>(
      db,
      sql`select person_id, api_key_id, detail from audit_log where action = 'organisation.consent' order by id desc limit 1`,
    );
    t.same(audit, { person_id: sam.personId, api_key_id: null, detail: { named: false, before: true } }, 'the audit names the person');
    await put(withSession(sam)).then(() =>
      app.inject({ method: 'PUT', url: '/v1/organisations/armley-ballet/consent', headers: withSession(sam), payload: { named: true } }),
    );
  });

  t.test("the organisation's people issue, list and revoke its keys; another organisation's key is refused", async (t) => {
    const sam = await personFor(app, admin, 'armley-ballet', 'keys@example.org');
    const issued = await app.inject({
      method: 'POST',
      url: '/v1/organisations/armley-ballet/keys',
      headers: withSession(sam),
      payload: { label: 'our website' },
    });
    t.equal(issued.statusCode, 201);
    const key = json(issued, IssuedKey);
    const listed = json(await app.inject({ url: '/v1/organisations/armley-ballet/keys', headers: withSession(sam) }), KeySummaryList);
    t.match(listed.data[0], { id: key.id, label: 'our website', revokedAt: null });
    t.notOk(JSON.stringify(listed).includes(key.key), 'a key is never shown again');
    const leedsKeyId = (
      await queryRows<{ id: string }>(db, sql`select id from api_keys where organisation_id = 'leeds-runners' limit 1`)
    )[0]!.id;
    const before = await fingerprint(db);
    const foreign = await app.inject({
      method: 'DELETE',
      url: `/v1/organisations/armley-ballet/keys/${leedsKeyId}`,
      headers: withSession(sam),
    });
    t.equal(foreign.statusCode, 404);
    t.same(await fingerprint(db), before);
    t.equal((await app.inject({ url: '/v1/organisations/leeds-runners/keys', headers: withSession(sam) })).statusCode, 403);
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/v1/organisations/armley-ballet/keys/${key.id}`,
      headers: withSession(sam),
    });
    t.equal(revoked.statusCode, 204);
    t.equal(
      (await app.inject({ url: '/v1/organisations/armley-ballet/figures', headers: bearer(key.key) })).statusCode,
      401,
      'the key stops working',
    );
    t.equal(
      (await app.inject({ url: '/v1/organisations/leeds-runners/figures', headers: bearer(leedsKey) })).statusCode,
      200,
      "Leeds's key still works",
    );
  });

  t.test('a figure sent from a session says who sent it', async (t) => {
    const sam = await personFor(app, admin, 'armley-ballet', 'who@example.org');
    const sent = await app.inject({
      method: 'POST',
      url: '/v1/organisations/armley-ballet/figures',
      headers: withSession(sam),
      payload: { figures: [{ activity: 'ballet', area: 'E05011385', period: '2025', participants: 14 }] },
    });
    t.equal(sent.statusCode, 201);
    const list = json(await app.inject({ url: '/v1/organisations/armley-ballet/submissions', headers: withSession(sam) }), SubmissionList);
    t.match(list.data[0], { format: 'json', figures: 1, by: { kind: 'person', name: 'Sam', keyId: null } });
  });
});

forEachDatabase(
  async (t, { app, database }) => {
    const admin = await adminKey(database.db);
    await organisationWithKey(app, admin, 'armley-ballet');
    await personFor(app, admin, 'armley-ballet', 'rate@example.org');
    const signIn = (email: string, password: string, remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/v1/session', payload: { email, password }, remoteAddress });

    t.test('failed sign-ins are limited per account, from any address, with Retry-After', async (t) => {
      for (let i = 0; i < 2; i += 1) t.equal((await signIn('rate@example.org', 'wrong password here', `10.1.0.${i}`)).statusCode, 401);
      const blocked = await signIn('rate@example.org', PASSWORD, '10.1.0.9');
      assertProblem(t, blocked, 'rate-limited', '/v1/session', /^Too many sign-in attempts\. Wait 15 minute\(s\)/);
      t.ok(Number(blocked.headers['retry-after']) > 890 && Number(blocked.headers['retry-after']) <= 900, 'Retry-After in seconds');
      t.equal((await signIn('nobody@example.org', 'wrong password here', '10.1.0.20')).statusCode, 401);
      t.equal((await signIn('nobody@example.org', 'wrong password here', '10.1.0.21')).statusCode, 401);
      t.equal(
        (await signIn('nobody@example.org', 'wrong password here', '10.1.0.22')).statusCode,
        429,
        'an email without an account is limited alike',
      );
    });

    t.test('attempts are limited per address', async (t) => {
      for (let i = 0; i < 3; i += 1) await signIn(`guess${i}@example.org`, 'wrong password here', '10.2.0.1');
      const blocked = await signIn('rate2@example.org', PASSWORD, '10.2.0.1');
      t.equal(blocked.statusCode, 429);
      t.ok(blocked.headers['retry-after']);
      t.equal((await signIn('guess9@example.org', 'wrong password here', '10.2.0.2')).statusCode, 401, 'another address is not blocked');
    });
  },
  { SIGN_IN_ATTEMPTS_PER_ADDRESS: '3', SIGN_IN_FAILURES_PER_ACCOUNT: '2' },
);

forEachDatabase(async (t, { database, kind }) => {
  if (kind !== 'pglite') return;
  t.test('passwords and tokens never reach the log', async (t) => {
    const { logger, lines } = captureLogs();
    const app = await buildApp({ config: testConfig({ LOG_LEVEL: 'info' }), database, logger });
    t.teardown(() => app.close());
    const admin = await adminKey(database.db);
    await organisationWithKey(app, admin, 'armley-ballet');
    const { token } = await invite(app, admin, 'armley-ballet');
    const sam = await acceptAs(app, token, 'log@example.org');
    await app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'log@example.org', password: 'wrong password here' } });
    await app.inject({ url: '/v1/session', headers: withSession(sam) });
    const log = JSON.stringify(lines);
    t.ok(lines.length > 3, 'the requests were logged');
    for (const secret of [PASSWORD, 'wrong password here', token, sam.cookie.split('=')[1]!, sam.csrf]) t.notOk(log.includes(secret));
  });
});
