import type { Db } from '../../db/client.js';
import type { Actor, Caller } from '../../domain/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { findKey, findKeyByHash, insertKey, listOrganisationKeys, revokeKeyRow, type ApiKeyRow } from './keys.queries.js';
import { generateKey, hashKey, looksLikeKey, sameHash } from './keys.secret.js';

export type IssueKeyInput = { kind: 'admin' | 'organisation'; organisationId?: string | null; label?: string | null };

/** Creates a key and its audit row together; the key itself is returned here and never again. */
export function issueKey(db: Db, input: IssueKeyInput, actor: Actor): Promise<{ row: ApiKeyRow; key: string }> {
  return db.transaction(async (tx) => {
    const { id, key, keyHash } = generateKey();
    const row = await insertKey(tx, {
      id,
      kind: input.kind,
      organisationId: input.organisationId ?? null,
      keyHash,
      label: input.label ?? null,
    });
    await recordAudit(tx, {
      apiKeyId: actor.apiKeyId,
      personId: actor.personId ?? null,
      organisationId: row.organisationId,
      action: 'key.issue',
      detail: { keyId: id, kind: input.kind },
      requestId: actor.requestId,
    });
    return { row, key };
  });
}

/** The keys an organisation has had, for its own people: ids, labels and dates, never the keys. */
export async function listKeys(db: Db, organisationId: string) {
  const rows = await listOrganisationKeys(db, organisationId);
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

/**
 * Revokes a key; undefined when there is no such key (or, given `organisationId`, when the key is
 * not that organisation's: another organisation's key is as good as unknown). Revoking twice changes nothing.
 */
export function revokeKey(db: Db, id: string, actor: Actor, organisationId?: string): Promise<ApiKeyRow | undefined> {
  return db.transaction(async (tx) => {
    if (organisationId !== undefined && (await findKey(tx, id))?.organisationId !== organisationId) return undefined;
    const revoked = await revokeKeyRow(tx, id);
    if (!revoked) return findKey(tx, id);
    await recordAudit(tx, {
      apiKeyId: actor.apiKeyId,
      personId: actor.personId ?? null,
      organisationId: revoked.organisationId,
      action: 'key.revoke',
      detail: { keyId: id, kind: revoked.kind },
      requestId: actor.requestId,
    });
    return revoked;
  });
}

/** The caller a presented key proves, or undefined when it is malformed, unknown or revoked. */
export async function findCallerByKey(db: Db, key: string): Promise<Caller | undefined> {
  if (!looksLikeKey(key)) return undefined;
  const hash = hashKey(key);
  const row = await findKeyByHash(db, hash);
  // The lookup is by hash, so the stored value is compared again in constant time as a second guard.
  if (!row || !sameHash(row.keyHash, hash) || row.revokedAt) return undefined;
  return { via: 'key', keyId: row.id, kind: row.kind, organisationId: row.organisationId };
}
