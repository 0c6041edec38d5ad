import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

export type AuditEntry = typeof auditLog.$inferInsert;

/** Call with the transaction handle of the write it records, so both commit or neither does. */
export async function insertAudit(db: Db, row: AuditEntry) {
  await db.insert(auditLog).values(row);
}
