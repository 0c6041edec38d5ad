import { and, count, desc, eq, like, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

export type AuditEntry = typeof auditLog.$inferInsert;

/** Call with the transaction handle of the write it records, so both commit or neither does. */
export async function insertAudit(db: Db, row: AuditEntry) {
  await db.insert(auditLog).values(row);
}

/**
 * The columns the log can be searched by, one entry per filter: searching by who did something
 * through a person (once people sign in) is one more entry here and one more query parameter.
 */
const FILTER_COLUMNS = {
  organisation: auditLog.organisationId,
  key: auditLog.apiKeyId,
  person: auditLog.personId,
} as const;

export type AuditFilter = { [K in keyof typeof FILTER_COLUMNS]?: string } & { action?: string };

function auditWhere(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  for (const [name, column] of Object.entries(FILTER_COLUMNS)) {
    const value = filter[name as keyof typeof FILTER_COLUMNS];
    if (value !== undefined) conditions.push(eq(column, value));
  }
  // `release` finds every `release.*` action as well as an action named exactly so.
  if (filter.action !== undefined)
    conditions.push(or(eq(auditLog.action, filter.action), like(auditLog.action, `${escapeLike(filter.action)}.%`))!);
  return conditions.length > 0 ? and(...conditions) : undefined;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export type AuditRow = typeof auditLog.$inferSelect;

/** Newest first. */
export async function listAudit(db: Db, filter: AuditFilter, page: { limit: number; offset: number }) {
  const where = auditWhere(filter);
  const [rows, [total]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
