import type { Db } from '../../db/client.js';
import { insertAudit } from '../audit/audit.queries.js';
import { findKey, insertKey, revokeKeyRow, type ApiKeyRow } from './keys.queries.js';
import { generateKey } from './keys.secret.js';

export type Actor = { apiKeyId: string | null; requestId: string | null };

export type IssueKeyInput = { kind: 'admin' | 'organisation'; organisationId?: string | null; label?: string | null };

/** Creates a key and its audit row together; the key itself is returned here and never again. */
export function issueKey(db: Db, input: IssueKeyInput, actor: Actor): Promise<{ row: ApiKeyRow; key: string }> {
  return db.transaction(async (tx) => {
    const { id, key, keyHash } = generateKey();
    const row = await insertKey(tx, {
      id, kind: input.kind, organisationId: input.organisationId ?? null, keyHash, label: input.label ?? null,
    });
    await insertAudit(tx, {
      apiKeyId: actor.apiKeyId, organisationId: row.organisationId, action: 'key.issue',
      detail: { keyId: id, kind: input.kind }, requestId: actor.requestId,
    });
    return { row, key };
  });
}

/** Revokes a key; undefined when there is no such key. Revoking twice changes nothing. */
export function revokeKey(db: Db, id: string, actor: Actor): Promise<ApiKeyRow | undefined> {
  return db.transaction(async (tx) => {
    const revoked = await revokeKeyRow(tx, id);
    if (!revoked) return findKey(tx, id);
    await insertAudit(tx, {
      apiKeyId: actor.apiKeyId, organisationId: revoked.organisationId, action: 'key.revoke',
      detail: { keyId: id, kind: revoked.kind }, requestId: actor.requestId,
    });
    return revoked;
  });
}
