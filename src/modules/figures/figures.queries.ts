import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { apiKeys, currentFigures, figureRevisions, figures, people, submissions } from '../../db/schema/index.js';
import type { Band } from '../../domain/demographics.js';

export type FigureValues = {
  activity: string;
  area: string;
  period: string;
  participants: number | null;
  attendances?: number | null;
  sessions?: number | null;
  volunteers?: number | null;
  withdrawn?: boolean;
  /** Who took part, when the figure came broken down by age band and sex; participants sum to `participants`. */
  bands?: Band[] | null;
};

const CHUNK = 2000;

export async function insertSubmission(db: Db, row: typeof submissions.$inferInsert) {
  await db.insert(submissions).values(row);
}

// First half of the two-part advisory lock key; the second is a hash of the organisation id. Two
// organisations sharing a hash only queue behind each other.
const FIGURE_WRITES_LOCK = 724_311_002;

/**
 * Queues this transaction behind any other that is storing figures for the organisation, until it
 * ends. So one organisation's batches never interleave: revision ids follow the order batches commit.
 */
export async function lockOrganisationFigures(db: Db, organisationId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(${FIGURE_WRITES_LOCK}::int, hashtext(${organisationId}))`);
}

const compareText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const byKey = (a: FigureValues, b: FigureValues) =>
  compareText(a.activity, b.activity) || compareText(a.area, b.area) || compareText(a.period, b.period);

/**
 * Makes sure a figure identity exists for every (activity, area, period) of the organisation and
 * returns the ids in input order. Identities are never updated, so ON CONFLICT DO NOTHING is safe.
 * Safe with concurrent callers: identities are inserted in one fixed order, so two batches sharing
 * figures wait for each other rather than deadlock; and the ids are read by a second statement,
 * because ON CONFLICT skips a row another transaction inserted without returning it, and that
 * statement's snapshot, taken before the other transaction committed, cannot see the row either.
 */
export async function ensureFigureIds(db: Db, organisationId: string, keys: FigureValues[]): Promise<string[]> {
  const sorted = keys.map((key, index) => ({ key, index })).sort((a, b) => byKey(a.key, b.key));
  const ids = new Array<string>(keys.length);
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK);
    const input = JSON.stringify(chunk.map(({ key: k }, ord) => ({ activity_id: k.activity, area_code: k.area, period: k.period, ord })));
    const rows = sql`jsonb_to_recordset(${input}::jsonb) as t(activity_id text, area_code text, period text, ord int)`;
    await db.execute(sql`insert into figures (organisation_id, activity_id, area_code, period)
      select ${organisationId}, activity_id, area_code, period from ${rows} order by ord
      on conflict (organisation_id, activity_id, area_code, period) do nothing`);
    const found = await queryRows<{ id: string; ord: number }>(
      db,
      sql`select f.id, t.ord from ${rows}
      join figures f on f.organisation_id = ${organisationId} and f.activity_id = t.activity_id
        and f.area_code = t.area_code and f.period = t.period`,
    );
    if (found.length !== chunk.length) throw new Error(`Found ${found.length} of ${chunk.length} figure identities just ensured`);
    for (const { id, ord } of found) ids[chunk[ord]!.index] = id;
  }
  return ids;
}

/** One statement per chunk, values as one JSON parameter: far cheaper than thousands of bind parameters. */
export async function insertRevisions(db: Db, submissionId: string, figureIds: string[], values: FigureValues[]) {
  for (let i = 0; i < values.length; i += CHUNK) {
    const input = JSON.stringify(
      values.slice(i, i + CHUNK).map((v, j) => ({
        figure_id: figureIds[i + j]!,
        participants: v.withdrawn ? null : v.participants,
        attendances: v.withdrawn ? null : (v.attendances ?? null),
        sessions: v.withdrawn ? null : (v.sessions ?? null),
        volunteers: v.withdrawn ? null : (v.volunteers ?? null),
        withdrawn: v.withdrawn ?? false,
        bands: v.withdrawn ? null : (v.bands ?? null),
      })),
    );
    await db.execute(sql`insert into figure_revisions (figure_id, submission_id, participants, attendances, sessions, volunteers, withdrawn, bands)
      select figure_id, ${submissionId}::uuid, participants, attendances, sessions, volunteers, withdrawn, bands
      from jsonb_to_recordset(${input}::jsonb)
        as t(figure_id uuid, participants int, attendances int, sessions int, volunteers int, withdrawn boolean, bands jsonb)`);
  }
}

export const figureKey = (f: { activity: string; area: string; period: string }) => `${f.activity}|${f.area}|${f.period}`;

/** Keys among `keys` that the organisation has a current (not withdrawn) figure for. */
export async function listCurrentKeys(db: Db, organisationId: string, keys: FigureValues[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const input = JSON.stringify(keys.map((k) => ({ activity_id: k.activity, area_code: k.area, period: k.period })));
  const rows = await queryRows<{ activity_id: string; area_code: string; period: string }>(
    db,
    sql`select cf.activity_id, cf.area_code, cf.period
        from jsonb_to_recordset(${input}::jsonb) as t(activity_id text, area_code text, period text)
        join current_figures cf on cf.organisation_id = ${organisationId} and cf.activity_id = t.activity_id
          and cf.area_code = t.area_code and cf.period = t.period`,
  );
  return new Set(rows.map((r) => figureKey({ activity: r.activity_id, area: r.area_code, period: r.period })));
}

export type CurrentValues = { participants: number; attendances: number | null; sessions: number | null; volunteers: number | null };

/** The current values of those of `keys` the organisation has a current figure for, by `figureKey`. */
export async function listCurrentValues(db: Db, organisationId: string, keys: FigureValues[]): Promise<Map<string, CurrentValues>> {
  const found = new Map<string, CurrentValues>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const input = JSON.stringify(keys.slice(i, i + CHUNK).map((k) => ({ activity_id: k.activity, area_code: k.area, period: k.period })));
    const rows = await queryRows<{ activity_id: string; area_code: string; period: string } & CurrentValues>(
      db,
      sql`select cf.activity_id, cf.area_code, cf.period, cf.participants, cf.attendances, cf.sessions, cf.volunteers
          from jsonb_to_recordset(${input}::jsonb) as t(activity_id text, area_code text, period text)
          join current_figures cf on cf.organisation_id = ${organisationId} and cf.activity_id = t.activity_id
            and cf.area_code = t.area_code and cf.period = t.period`,
    );
    for (const r of rows) {
      const { participants, attendances, sessions, volunteers } = r;
      found.set(figureKey({ activity: r.activity_id, area: r.area_code, period: r.period }), {
        participants,
        attendances,
        sessions,
        volunteers,
      });
    }
  }
  return found;
}

export async function findSubmissionByIdempotencyKey(db: Db, organisationId: string, idempotencyKey: string) {
  const [row] = await db
    .select({ requestHash: submissions.requestHash, responseStatus: submissions.responseStatus, responseBody: submissions.responseBody })
    .from(submissions)
    .where(and(eq(submissions.organisationId, organisationId), eq(submissions.idempotencyKey, idempotencyKey)));
  return row;
}

export type FigureFilter = { organisationId: string; period?: string; activity?: string; area?: string };
type Page = { limit: number; offset: number };

export async function findCurrentFigure(db: Db, organisationId: string, figureId: string) {
  const [row] = await db
    .select()
    .from(currentFigures)
    .where(and(eq(currentFigures.organisationId, organisationId), eq(currentFigures.figureId, figureId)));
  return row;
}

const currentWhere = (f: FigureFilter): SQL | undefined =>
  and(
    eq(currentFigures.organisationId, f.organisationId),
    f.period ? eq(currentFigures.period, f.period) : undefined,
    f.activity ? eq(currentFigures.activityId, f.activity) : undefined,
    f.area ? eq(currentFigures.areaCode, f.area) : undefined,
  );

export async function listCurrentFigures(db: Db, filter: FigureFilter, page: Page) {
  const where = currentWhere(filter);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(currentFigures)
      .where(where)
      .orderBy(asc(currentFigures.period), asc(currentFigures.activityId), asc(currentFigures.areaCode))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(currentFigures).where(where),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.figureId,
      activity: r.activityId,
      area: r.areaCode,
      period: r.period,
      participants: r.participants,
      attendances: r.attendances,
      sessions: r.sessions,
      volunteers: r.volunteers,
      withdrawn: false,
      revision: r.revisionId,
      submissionId: r.submissionId,
      recordedAt: r.revisedAt.toISOString(),
    })),
    total: total?.n ?? 0,
  };
}

const historyWhere = (f: FigureFilter): SQL | undefined =>
  and(
    eq(figures.organisationId, f.organisationId),
    f.period ? eq(figures.period, f.period) : undefined,
    f.activity ? eq(figures.activityId, f.activity) : undefined,
    f.area ? eq(figures.areaCode, f.area) : undefined,
  );

/** Every revision, oldest first: the history is append-only, so this is also the order it happened in. */
export async function listFigureHistory(db: Db, filter: FigureFilter, page: Page) {
  const where = historyWhere(filter);
  const [rows, [total]] = await Promise.all([
    db
      .select({ figure: figures, revision: figureRevisions })
      .from(figureRevisions)
      .innerJoin(figures, eq(figures.id, figureRevisions.figureId))
      .where(where)
      .orderBy(asc(figureRevisions.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(figureRevisions).innerJoin(figures, eq(figures.id, figureRevisions.figureId)).where(where),
  ]);
  return {
    rows: rows.map(({ figure: f, revision: r }) => ({
      id: f.id,
      activity: f.activityId,
      area: f.areaCode,
      period: f.period,
      participants: r.participants,
      attendances: r.attendances,
      sessions: r.sessions,
      volunteers: r.volunteers,
      withdrawn: r.withdrawn,
      revision: r.id,
      submissionId: r.submissionId,
      recordedAt: r.createdAt.toISOString(),
    })),
    total: total?.n ?? 0,
  };
}

/** An organisation's submissions, newest first, with who sent each: the key (and its label) or the person. */
export async function listSubmissions(db: Db, organisationId: string, page: Page) {
  const where = eq(submissions.organisationId, organisationId);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: submissions.id,
        createdAt: submissions.createdAt,
        format: submissions.format,
        figureCount: submissions.figureCount,
        keyId: submissions.apiKeyId,
        keyLabel: apiKeys.label,
        personId: submissions.personId,
        personName: people.displayName,
      })
      .from(submissions)
      .leftJoin(apiKeys, eq(apiKeys.id, submissions.apiKeyId))
      .leftJoin(people, eq(people.id, submissions.personId))
      .where(where)
      .orderBy(desc(submissions.createdAt), desc(submissions.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(submissions).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** The activities an organisation reports most (by current figures), most used first. */
export async function listUsedActivityIds(db: Db, organisationId: string, limit = 200): Promise<string[]> {
  const rows = await db
    .select({ id: currentFigures.activityId, n: count() })
    .from(currentFigures)
    .where(eq(currentFigures.organisationId, organisationId))
    .groupBy(currentFigures.activityId)
    .orderBy(sql`count(*) desc`, asc(currentFigures.activityId))
    .limit(limit);
  return rows.map((r) => r.id);
}
