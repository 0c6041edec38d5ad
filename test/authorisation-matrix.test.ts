import type { App } from '../src/app.js';
import { Problem } from '../src/http/problem.js';
import { OrganisationFigureList } from '../src/modules/figures/figures.schemas.js';
import { IssuedKey } from '../src/modules/keys/keys.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { buildUrl, operations, servedDocument, type Operation } from './helpers/contract.js';
import { invite, personFor, withSession } from './helpers/people.js';

type Role = 'admin' | 'organisation';
type Scheme = 'bearer' | 'session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The roles an operation admits, as its `security` declares them; with `scheme`, only through that scheme (key or session). */
function roles(op: Operation, scheme?: Scheme): Set<Role> {
  return new Set(
    (op.security ?? [])
      .flatMap((requirement) => Object.entries(requirement).flatMap(([name, list]) => (scheme && name !== scheme ? [] : list)))
      .filter((role): role is Role => role === 'admin' || role === 'organisation'),
  );
}

async function issueKey(app: App, admin: string, organisation: string) {
  const res = await app.inject({ method: 'POST', url: `/v1/organisations/${organisation}/keys`, headers: bearer(admin), payload: {} });
  return json(res, IssuedKey);
}

const send = (app: App, op: Operation, url: string, headers: Record<string, string>) =>
  app.inject({ method: op.method as 'GET', url, headers, ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }) });

forEachDatabase(async (t, { app, database }) => {
  const admin = await adminKey(database.db);
  const ownKey = await organisationWithKey(app, admin, 'matrix-owner');
  const otherKey = await organisationWithKey(app, admin, 'matrix-other');
  const revoked = await issueKey(app, admin, 'matrix-owner');
  await app.inject({ method: 'DELETE', url: `/v1/keys/${revoked.id}`, headers: bearer(admin) });
  const target = await issueKey(app, admin, 'matrix-owner');
  const stored = await app.inject({
    method: 'POST',
    url: '/v1/organisations/matrix-owner/figures',
    headers: bearer(ownKey),
    payload: { figures: [{ activity: 'ballet', area: 'E05011385', period: '2025-09', participants: 12 }] },
  });
  t.equal(stored.statusCode, 201);
  const [figure] = json(
    await app.inject({ url: '/v1/organisations/matrix-owner/figures', headers: bearer(ownKey) }),
    OrganisationFigureList,
  ).data;
  t.match(
    figure,
    { id: UUID, activity: 'ballet', area: 'E05011385', period: '2025-09', participants: 12, withdrawn: false },
    'the probed figure is the one just stored, and its owner reads it',
  );
  const invitation = await invite(app, admin, 'matrix-owner');
  // People, signed in: one of the owner's, one of the other organisation's, and one signed out.
  const ownPerson = await personFor(app, admin, 'matrix-owner', 'owner@example.org');
  const otherPerson = await personFor(app, admin, 'matrix-other', 'other@example.org');
  const signedOut = await personFor(app, admin, 'matrix-owner', 'gone@example.org');
  // The signed-out person's membership is the one a revocation probes (and, last, removes).
  const paths = {
    id: 'matrix-owner',
    figureId: figure!.id,
    keyId: target.id,
    invitationId: invitation.id,
    period: '2025-09',
    personId: signedOut.personId,
  };
  const out = await app.inject({ method: 'DELETE', url: '/v1/session', headers: withSession(signedOut) });
  t.equal(out.statusCode, 204, 'a person signs out');

  const document = await servedDocument(app);
  const protectedOps = operations(document).filter((op) => roles(op).size > 0);
  t.ok(protectedOps.length >= 8, `${protectedOps.length} protected operations`);
  t.ok(
    protectedOps.some((op) => op.operationId === 'getFiguresTemplate'),
    "the spreadsheet template is the organisation's own, like its figures",
  );
  t.ok(
    protectedOps.every((op) => op.responses['401'] && op.responses['403']),
    'each documents 401 and 403',
  );

  for (const op of protectedOps) {
    const admitted = roles(op);
    const url = buildUrl(op, paths);
    const cases: [string, Record<string, string>, number][] = [
      ['no key', {}, 401],
      ['a malformed header', { authorization: 'Basic YWRtaW46YWRtaW4=' }, 401],
      ['an unknown key', bearer('pk_' + 'A'.repeat(43)), 401],
      ['a revoked key', bearer(revoked.key), 401],
      ["another organisation's key", bearer(otherKey), 403],
    ];
    cases.push(
      ['a session for another organisation', withSession(otherPerson), 403],
      ['a signed-out session', withSession(signedOut), 401],
      ['an unknown session cookie', { cookie: `pa_session=ps_${'A'.repeat(43)}`, 'x-csrf-token': 'x' }, 401],
    );
    if (!roles(op, 'bearer').has('organisation')) cases.push(["the organisation's own key", bearer(ownKey), 403]);
    if (!roles(op, 'session').has('organisation'))
      cases.push(["one of the organisation's own people on an admin route", withSession(ownPerson), 403]);
    else if (op.method !== 'GET')
      cases.push(["one of the organisation's own people without the CSRF token", withSession(ownPerson, false), 403]);

    t.test(`${op.operationId} (${[...admitted].join(' or ')}) turns away every wrong caller and changes nothing`, async (t) => {
      for (const [who, headers, status] of cases) {
        const before = await fingerprint(database.db);
        const res = await send(app, op, url, headers);
        t.equal(res.statusCode, status, `${who} at ${url} -> ${res.statusCode}`);
        t.equal(json(res, Problem).status, status, `${who}: a problem with the same status`);
        t.same(await fingerprint(database.db), before, `${who}: nothing stored or changed`);
      }
    });
  }

  // Last, as it withdraws the figure and revokes the key the probes above were turned away from.
  t.test('lets the right caller in at every probed address, so each probe named a real resource', async (t) => {
    for (const op of protectedOps) {
      const url = buildUrl(op, paths);
      const callers: Record<string, string>[] = [];
      if (roles(op, 'session').has('organisation')) callers.push(withSession(ownPerson));
      if (roles(op, 'bearer').has('organisation')) callers.push(bearer(ownKey));
      if (callers.length === 0) callers.push(bearer(admin));
      // A DELETE works once: the first admitted caller (a person, where people are admitted) makes it.
      for (const headers of op.method === 'DELETE' ? callers.slice(0, 1) : callers) {
        const res = await send(app, op, url, headers);
        t.notOk([401, 403, 404].includes(res.statusCode), `${op.method} ${url} as ${Object.keys(headers).join('+')} -> ${res.statusCode}`);
      }
    }
  });
});
