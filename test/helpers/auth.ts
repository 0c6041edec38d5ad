import { sql } from 'drizzle-orm';
import type { App } from '../../src/app.js';
import { queryRows, type Db } from '../../src/db/client.js';
import { IssuedKey } from '../../src/modules/keys/keys.schemas.js';
import { issueKey } from '../../src/modules/keys/keys.service.js';
import { json } from './app.js';

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** An admin key made the way `npm run admin:key` makes one. */
export async function adminKey(db: Db): Promise<string> {
  return (await issueKey(db, { kind: 'admin', label: 'test' }, { apiKeyId: null, requestId: null })).key;
}

/** Creates an organisation and issues it a key, both through the admin API. */
export async function organisationWithKey(app: App, admin: string, id: string, named = true): Promise<string> {
  const created = await app.inject({
    method: 'POST',
    url: '/v1/organisations',
    headers: bearer(admin),
    payload: { id, name: `Group ${id}`, named },
  });
  if (created.statusCode !== 201) throw new Error(`could not create ${id}: ${created.body}`);
  const issued = await app.inject({ method: 'POST', url: `/v1/organisations/${id}/keys`, headers: bearer(admin), payload: {} });
  if (issued.statusCode !== 201) throw new Error(`could not issue a key for ${id}: ${issued.body}`);
  return json(issued, IssuedKey).key;
}

const TABLES = [
  'organisations',
  'activities',
  'activity_parents',
  'api_keys',
  'submissions',
  'figures',
  'figure_revisions',
  'audit_log',
  'people',
  'memberships',
  'invitations',
  'sessions',
];

/** A digest of every row the write side can touch: equal before and after means nothing changed. */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const entries = await Promise.all(
    TABLES.map(async (table) => {
      const [row] = await queryRows<{ digest: string }>(
        db,
        sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.identifier(table)} t`,
      );
      return [table, row!.digest] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
