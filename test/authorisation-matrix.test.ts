import type { App } from '../src/app.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { operations, type Document, type Operation } from './helpers/contract.js';

type Role = 'admin' | 'organisation';

/** The roles an operation admits, as its `security` declares them. */
function roles(op: Operation): Set<Role> {
  return new Set((op.security ?? []).flatMap((requirement) => Object.values(requirement as Record<string, Role[]>).flat()));
}

function url(op: Operation, ids: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? 'unknown');
}

async function issueKey(app: App, admin: string, organisation: string) {
  const res = await app.inject({ method: 'POST', url: `/v1/organisations/${organisation}/keys`, headers: bearer(admin), payload: {} });
  return json(res) as { id: string; key: string };
}

forEachDatabase(async (t, { app, database }) => {
  const admin = await adminKey(database.db);
  const ownKey = await organisationWithKey(app, admin, 'matrix-owner');
  const otherKey = await organisationWithKey(app, admin, 'matrix-other');
  const revoked = await issueKey(app, admin, 'matrix-owner');
  await app.inject({ method: 'DELETE', url: `/v1/keys/${revoked.id}`, headers: bearer(admin) });
  const target = await issueKey(app, admin, 'matrix-owner');
  const stored = await app.inject({
    method: 'POST', url: '/v1/organisations/matrix-owner/figures', headers: bearer(ownKey),
    payload: { figures: [{ activity: 'ballet', area: 'E05011385', period: '2025-09', participants: 12 }] },
  });
  const figureId = json(await app.inject({ url: '/v1/organisations/matrix-owner/figures', headers: bearer(ownKey) })).data[0].figureId as string;
  t.equal(stored.statusCode, 201);
  const ids = { id: 'matrix-owner', figureId, keyId: target.id };

  const document = json(await app.inject('/openapi.json')) as Document;
  const protectedOps = operations(document).filter((op) => roles(op).size > 0);
  t.ok(protectedOps.length >= 8, `${protectedOps.length} protected operations`);
  t.ok(protectedOps.every((op) => op.responses['401'] && op.responses['403']), 'each documents 401 and 403');

  for (const op of protectedOps) {
    const admitted = roles(op);
    const cases: [string, Record<string, string>, number][] = [
      ['no key', {}, 401],
      ['a malformed header', { authorization: 'Basic YWRtaW46YWRtaW4=' }, 401],
      ['an unknown key', bearer('pk_' + 'A'.repeat(43)), 401],
      ['a revoked key', bearer(revoked.key), 401],
      ["another organisation's key", bearer(otherKey), 403],
    ];
    if (!admitted.has('organisation')) cases.push(["the organisation's own key on an admin route", bearer(ownKey), 403]);

    t.test(`${op.operationId} (${[...admitted].join(' or ')}) turns away every wrong caller and changes nothing`, async (t) => {
      for (const [who, headers, status] of cases) {
        const before = await fingerprint(database.db);
        const res = await app.inject({ method: op.method as 'GET', url: url(op, ids), headers, ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }) });
        t.equal(res.statusCode, status, `${who} -> ${res.statusCode}`);
        t.equal(json(res).status, status, `${who}: a problem with the same status`);
        t.same(await fingerprint(database.db), before, `${who}: nothing stored or changed`);
      }
    });
  }
});
