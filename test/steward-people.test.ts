// The steward's view of a group's people: who acts for it, ending someone's access (audited), and
// finding what a person did in the audit log.
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { people } from '../src/db/schema/index.js';
import { AuditList } from '../src/modules/audit/audit.schemas.js';
import { OrganisationList } from '../src/modules/organisations/organisations.schemas.js';
import { OrganisationPeople } from '../src/modules/people/people.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { acceptAs, invite, personFor, withSession } from './helpers/people.js';
import { assertProblem } from './helpers/problems.js';

forEachDatabase(async (t, { app, database }) => {
  const admin = await adminKey(database.db);
  await organisationWithKey(app, admin, 'canal-walkers');
  await organisationWithKey(app, admin, 'river-rowers');
  const sam = await personFor(app, admin, 'canal-walkers', 'sam@example.org');
  const { token } = await invite(app, admin, 'canal-walkers');
  const alex = await acceptAs(app, token, 'alex@example.org', 'Alex (treasurer)');
  // Sam helps the rowers too.
  const rowers = await invite(app, admin, 'river-rowers');
  const samAgain = await acceptAs(app, rowers.token, 'sam@example.org', 'Sam');

  t.test('lists the people who act for an organisation, by name', async (t) => {
    const res = await app.inject({ url: '/v1/organisations/canal-walkers/people', headers: bearer(admin) });
    t.equal(res.statusCode, 200);
    t.equal(res.headers['cache-control'], 'private, no-store');
    const { data } = json(res, OrganisationPeople);
    t.same(
      data.map(({ id, displayName, email, admin }) => ({ id, displayName, email, admin })),
      [
        { id: alex.personId, displayName: 'Alex (treasurer)', email: 'alex@example.org', admin: false },
        { id: sam.personId, displayName: 'Sam', email: 'sam@example.org', admin: false },
      ],
    );
    t.ok(
      data.every((p) => !Number.isNaN(Date.parse(p.since))),
      'each says since when',
    );
    const rowersPeople = json(
      await app.inject({ url: '/v1/organisations/river-rowers/people', headers: bearer(admin) }),
      OrganisationPeople,
    );
    t.same(
      rowersPeople.data.map((p) => p.email),
      ['sam@example.org'],
    );
    assertProblem(
      t,
      await app.inject({ url: '/v1/organisations/no-such-group/people', headers: bearer(admin) }),
      'not-found',
      '/v1/organisations/no-such-group/people',
      /no-such-group/,
    );
  });

  t.test('ends one person’s access to one organisation, audited, and nothing else', async (t) => {
    const before = await app.inject({ url: '/v1/organisations/canal-walkers/figures', headers: withSession(samAgain) });
    t.equal(before.statusCode, 200, 'Sam reads the walkers’ figures');
    const res = await app.inject({
      method: 'DELETE',
      url: `/v1/organisations/canal-walkers/people/${sam.personId}`,
      headers: bearer(admin),
    });
    t.equal(res.statusCode, 204);
    const after = await app.inject({ url: '/v1/organisations/canal-walkers/figures', headers: withSession(samAgain) });
    t.equal(after.statusCode, 403, 'at once, with the same session');
    const still = await app.inject({ url: '/v1/organisations/river-rowers/figures', headers: withSession(samAgain) });
    t.equal(still.statusCode, 200, 'Sam still acts for the rowers');
    const remaining = json(await app.inject({ url: '/v1/organisations/canal-walkers/people', headers: bearer(admin) }), OrganisationPeople);
    t.same(
      remaining.data.map((p) => p.id),
      [alex.personId],
      'Alex stays',
    );
    const audit = json(
      await app.inject({ url: '/v1/audit?action=membership&organisation=canal-walkers', headers: bearer(admin) }),
      AuditList,
    );
    t.equal(audit.data.length, 1);
    t.match(audit.data[0], {
      action: 'membership.revoke',
      organisationId: 'canal-walkers',
      personId: null,
      detail: { personId: sam.personId },
    });

    const unchanged = await fingerprint(database.db);
    assertProblem(
      t,
      await app.inject({ method: 'DELETE', url: `/v1/organisations/canal-walkers/people/${sam.personId}`, headers: bearer(admin) }),
      'not-found',
      `/v1/organisations/canal-walkers/people/${sam.personId}`,
      /does not act for/,
    );
    assertProblem(
      t,
      await app.inject({ method: 'DELETE', url: `/v1/organisations/no-such-group/people/${sam.personId}`, headers: bearer(admin) }),
      'not-found',
      `/v1/organisations/no-such-group/people/${sam.personId}`,
      /no-such-group/,
    );
    const malformed = await app.inject({ method: 'DELETE', url: '/v1/organisations/canal-walkers/people/sam', headers: bearer(admin) });
    t.equal(malformed.statusCode, 400, 'a malformed person id is a 400');
    t.same(await fingerprint(database.db), unchanged, 'a refused revocation changes nothing');
  });

  t.test('an admin person’s revocation is audited as theirs, and the log finds it by person', async (t) => {
    const steward = await personFor(app, admin, 'river-rowers', 'steward@example.org');
    // Made an admin the way the command-line tool does it: straight in the database.
    await database.db.update(people).set({ isAdmin: true }).where(eq(people.id, steward.personId));
    const res = await app.inject({
      method: 'DELETE',
      url: `/v1/organisations/canal-walkers/people/${alex.personId}`,
      headers: withSession(steward),
    });
    t.equal(res.statusCode, 204);
    const byPerson = json(await app.inject({ url: `/v1/audit?person=${steward.personId}`, headers: bearer(admin) }), AuditList);
    t.same(
      byPerson.data.map((e) => e.action),
      ['membership.revoke', 'invitation.accept'],
      'only the steward’s own entries, newest first',
    );
    t.ok(
      byPerson.data.every((e) => e.personId === steward.personId),
      'each names the steward',
    );
    t.equal(byPerson.page.total, 2);
    const csv = await app.inject({ url: `/v1/audit?person=${steward.personId}&format=csv`, headers: bearer(admin) });
    t.equal(csv.statusCode, 200);
    const rows = parse<Record<string, string>>(csv.body, { columns: true, bom: true });
    t.same(
      rows.map((r) => [r.action, r.person_id]),
      [
        ['membership.revoke', steward.personId],
        ['invitation.accept', steward.personId],
      ],
    );
    const nobody = json(await app.inject({ url: '/v1/audit?person=person_nobodyhere12', headers: bearer(admin) }), AuditList);
    t.equal(nobody.page.total, 0, 'an unknown person has no entries');
  });

  t.test('the steward lists every organisation, named or not; the public list only the named', async (t) => {
    await organisationWithKey(app, admin, 'quiet-knitters', false);
    const all = await app.inject({ url: '/v1/steward/organisations', headers: bearer(admin) });
    t.equal(all.statusCode, 200);
    t.equal(all.headers['cache-control'], 'private, no-store');
    const body = json(all, OrganisationList);
    t.same(
      body.data.map((o) => [o.id, o.named, o.demo]),
      [
        ['canal-walkers', true, false],
        ['quiet-knitters', false, false],
        ['river-rowers', true, false],
      ],
      'by name: Group canal-walkers, Group quiet-knitters, Group river-rowers',
    );
    t.equal(body.page.total, 3);
    const found = json(await app.inject({ url: '/v1/steward/organisations?q=knit', headers: bearer(admin) }), OrganisationList);
    t.same(
      found.data.map((o) => o.id),
      ['quiet-knitters'],
    );
    const open = json(await app.inject({ url: '/v1/organisations' }), OrganisationList);
    t.notOk(
      open.data.some((o) => o.id === 'quiet-knitters'),
      'the public list keeps the unnamed one out',
    );
    const csv = await app.inject({ url: '/v1/steward/organisations?format=csv', headers: bearer(admin) });
    t.equal(csv.statusCode, 200);
    t.equal(parse<Record<string, string>>(csv.body, { columns: true, bom: true }).length, 3);
  });
});
