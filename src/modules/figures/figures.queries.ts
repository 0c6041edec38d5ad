import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { auditLog, figureRevisions, submissions } from '../../db/schema/index.js';

export type FigureValues = {
  activity: string;
  area: string;
  period: string;
  participants: number | null;
  attendances?: number | null;
  sessions?: number | null;
  volunteers?: number | null;
  withdrawn?: boolean;
};

const CHUNK = 2000;

export async function insertSubmission(db: Db, row: typeof submissions.$inferInsert) {
  await db.insert(submissions).values(row);
}

/**
 * Makes sure a figure identity exists for every (activity, area, period) of the organisation and
 * returns the ids in input order. Identities are never updated, so ON CONFLICT DO NOTHING is safe.
 */
export async function ensureFigureIds(db: Db, organisationId: string, keys: FigureValues[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const input = JSON.stringify(chunk.map((k, ord) => ({ activity_id: k.activity, area_code: k.area, period: k.period, ord })));
    const rows = await queryRows<{ id: string; ord: number }>(
      db,
      sql`with input as (
            select * from jsonb_to_recordset(${input}::jsonb) as t(activity_id text, area_code text, period text, ord int)
          ), inserted as (
            insert into figures (organisation_id, activity_id, area_code, period)
            select ${organisationId}, activity_id, area_code, period from input
            on conflict (organisation_id, activity_id, area_code, period) do nothing
            returning id, activity_id, area_code, period
          )
          select coalesce(i.id, f.id) as id, input.ord
          from input
          left join inserted i using (activity_id, area_code, period)
          left join figures f on f.organisation_id = ${organisationId} and f.activity_id = input.activity_id
            and f.area_code = input.area_code and f.period = input.period
          order by input.ord`,
    );
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export async function insertRevisions(db: Db, submissionId: string, figureIds: string[], values: FigureValues[]) {
  for (let i = 0; i < values.length; i += CHUNK) {
    await db.insert(figureRevisions).values(
      values.slice(i, i + CHUNK).map((v, j) => ({
        figureId: figureIds[i + j]!,
        submissionId,
        participants: v.withdrawn ? null : v.participants,
        attendances: v.withdrawn ? null : (v.attendances ?? null),
        sessions: v.withdrawn ? null : (v.sessions ?? null),
        volunteers: v.withdrawn ? null : (v.volunteers ?? null),
        withdrawn: v.withdrawn ?? false,
      })),
    );
  }
}

export async function insertAudit(db: Db, row: typeof auditLog.$inferInsert) {
  await db.insert(auditLog).values(row);
}
