// Several writers store overlapping batches for one organisation at the same moment, some in
// reverse order. Every request must be stored whole or refused with a 409 that asks for a retry,
// and what is stored must be exactly what the accepted batches say. On PGlite (one connection)
// the requests queue; the race itself only exists on PostgreSQL.
import { sql } from 'drizzle-orm';
import type { Test } from 'tap';
import type { App } from '../src/app.js';
import { queryRows, type Db } from '../src/db/client.js';
import { SubmissionReceipt } from '../src/modules/figures/figures.schemas.js';
import { forEachDatabase, json, waitFor } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { assertProblem } from './helpers/problems.js';

const TRIALS = 8;
const BATCH = 300;
const ACTIVITIES = ['ballet', 'dance', 'running', 'advice'];
const AREAS = ['E05011385', 'E08000035', 'E05000932', 'E05000933', 'E05000934', 'E05000935'];

type Key = { activity: string; area: string; period: string };
type Figure = Key & { participants: number };
type Sent = { figures: Figure[]; status: number; submissionId?: string };

const YEARS = Array.from({ length: 10 }, (_, i) => 2015 + i);
const PERIODS = YEARS.flatMap((y) => [
  String(y),
  ...[1, 2, 3, 4].map((q) => `${y}-Q${q}`),
  ...Array.from({ length: 12 }, (_, m) => `${y}-${String(m + 1).padStart(2, '0')}`),
]);
/** 4,080 distinct figure identities: enough for 300 new ones in each trial. */
const KEYS: Key[] = PERIODS.flatMap((period) => ACTIVITIES.flatMap((activity) => AREAS.map((area) => ({ activity, area, period }))));
/** Trial n's 300 figures that no earlier trial sent. */
const freshKeys = (n: number) => KEYS.slice(BATCH / 2 + n * BATCH, BATCH / 2 + (n + 1) * BATCH);
/** 150 figures of trial n - 1 and the first 150 of trial n (for trial 0, 150 more new ones). */
const mixedKeys = (n: number) => KEYS.slice(n * BATCH, (n + 1) * BATCH);
const keyOf = (k: Key) => `${k.activity}|${k.area}|${k.period}`;
const withValue = (keys: Key[], participants: number): Figure[] => keys.map((k) => ({ ...k, participants }));

function postBatch(app: App, organisationId: string, apiKey: string, figures: Figure[], idempotencyKey?: string) {
  return app.inject({
    method: 'POST',
    url: `/v1/organisations/${organisationId}/figures`,
    payload: { figures },
    headers: { ...bearer(apiKey), ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
  });
}

/** Checks each answer is a whole 201 receipt or a 409 conflict problem, and keeps what was accepted. */
function checkAnswers(t: Test, organisationId: string, batches: Figure[][], responses: Awaited<ReturnType<typeof postBatch>>[]): Sent[] {
  const unexpected: string[] = [];
  const sent = responses.map((res, i): Sent => {
    const figures = batches[i]!;
    if (res.statusCode === 409) {
      assertProblem(t, res, 'conflict', `/v1/organisations/${organisationId}/figures`, /at the same time/);
      return { figures, status: 409 };
    }
    const body = res.statusCode === 201 ? json(res, SubmissionReceipt) : undefined;
    if (!body || res.headers['content-type'] !== 'application/json; charset=utf-8' || body.figures !== figures.length) {
      unexpected.push(`${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    return { figures, status: res.statusCode, submissionId: body?.submissionId };
  });
  t.same(unexpected, [], 'every answer is 201 or 409');
  return sent;
}

/**
 * Checks the stored data against the accepted batches: each submission holds exactly its batch, one
 * audit row each, no batch interleaved with another, and the current figures are what replaying
 * the accepted batches in the order they were stored gives.
 */
async function checkStored(t: Test, db: Db, organisationId: string, accepted: Map<string, Figure[]>) {
  const submissions = await queryRows<{ id: string; figure_count: number }>(
    db,
    sql`select id, figure_count from submissions where organisation_id = ${organisationId}`,
  );
  t.same(
    new Map(submissions.map((s) => [s.id, s.figure_count])),
    new Map([...accepted].map(([id, f]) => [id, f.length])),
    'one submission per accepted batch',
  );
  const revisions = await queryRows<Key & { submission_id: string; revision: number; participants: number }>(
    db,
    sql`
    select r.submission_id, r.id as revision, f.activity_id as activity, f.area_code as area, f.period, r.participants
    from figure_revisions r join figures f on f.id = r.figure_id where f.organisation_id = ${organisationId} order by r.id`,
  );
  const total = [...accepted.values()].reduce((n, f) => n + f.length, 0);
  t.equal(revisions.length, total, 'as many revisions as accepted figures');
  const bySubmission = new Map<string, typeof revisions>();
  for (const r of revisions) bySubmission.set(r.submission_id, [...(bySubmission.get(r.submission_id) ?? []), r]);
  const sortedValues = (rows: (Key & { participants: number })[]) => rows.map((r) => `${keyOf(r)}=${r.participants}`).sort();
  for (const [id, figures] of accepted)
    t.same(sortedValues(bySubmission.get(id) ?? []), sortedValues(figures), `submission ${id} holds its batch`);

  const order = [...bySubmission.entries()]
    .map(([id, rows]) => ({ id, first: rows[0]!.revision, last: rows.at(-1)!.revision }))
    .sort((a, b) => a.first - b.first);
  t.ok(
    order.every((s, i) => i === 0 || order[i - 1]!.last < s.first),
    'no two batches interleave',
  );
  const expected = new Map<string, number>();
  for (const { id } of order) for (const f of accepted.get(id)!) expected.set(keyOf(f), f.participants);
  const current = await queryRows<Key & { participants: number }>(
    db,
    sql`
    select activity_id as activity, area_code as area, period, participants from current_figures where organisation_id = ${organisationId}`,
  );
  t.same(new Map(current.map((c) => [keyOf(c), c.participants])), expected, 'current figures are the last accepted value of each');
  const [identities] = await queryRows<{ n: number }>(db, sql`select count(*) as n from figures where organisation_id = ${organisationId}`);
  t.equal(identities!.n, expected.size, 'no figure identity without a revision');

  const audit = await queryRows<{ detail: unknown }>(
    db,
    sql`select detail from audit_log where organisation_id = ${organisationId} and action = 'figures.submit'`,
  );
  const byId = (a: { submissionId: string }, b: { submissionId: string }) => a.submissionId.localeCompare(b.submissionId);
  t.same(
    (audit.map((a) => a.detail) as { submissionId: string }[]).sort(byId),
    [...accepted].map(([submissionId, f]) => ({ submissionId, figures: f.length, withdrawn: 0 })).sort(byId),
    'one audit row per accepted batch',
  );
}

forEachDatabase(
  async (t, { app, database, kind }) => {
    const db = database.db;
    const admin = await adminKey(db);
    const ballet = await organisationWithKey(app, admin, 'armley-ballet');
    const runners = await organisationWithKey(app, admin, 'leeds-runners');

    /**
     * One trial: 300 figures no one has sent yet, sent by two writers (one in reverse order); the
     * first 150 of them with 150 stored earlier, by two more writers (one reversed, with an
     * Idempotency-Key), and that last request once more with the same key.
     */
    async function trial(t: Test, organisationId: string, apiKey: string, n: number, accepted: Map<string, Figure[]>) {
      const [fresh, mixed] = [freshKeys(n), mixedKeys(n)];
      const value = (writer: number) => 1 + n * 10 + writer;
      const batches = [
        withValue(fresh, value(0)),
        withValue(fresh, value(1)).reverse(),
        withValue(mixed, value(2)),
        withValue(mixed, value(3)).reverse(),
      ];
      batches.push(batches[3]!);
      const idempotencyKey = `trial-${organisationId}-${n}`;
      const responses = await Promise.all(
        batches.map((b, i) => postBatch(app, organisationId, apiKey, b, i >= 3 ? idempotencyKey : undefined)),
      );
      const sent = checkAnswers(t, organisationId, batches, responses);
      const [keyed, again] = [sent[3]!, sent[4]!];
      if (keyed.status === 201 && again.status === 201) t.equal(again.submissionId, keyed.submissionId, 'one key, one submission');
      t.equal(
        responses.filter((r) => r.headers['idempotent-replayed'] === 'false' && r.statusCode === 201).length,
        new Set(sent.filter((s) => s.status === 201).map((s) => s.submissionId)).size,
        'each submission reported as new once',
      );
      for (const s of sent) if (s.submissionId) accepted.set(s.submissionId, s.figures);
      return sent;
    }

    const stored = { 'armley-ballet': new Map<string, Figure[]>(), 'leeds-runners': new Map<string, Figure[]>() };

    t.test('four writers with overlapping and reversed batches get 201 or 409, and exactly the accepted batches are stored', async (t) => {
      const accepted = stored['armley-ballet'];
      const statuses: number[] = [];
      for (let n = 0; n < TRIALS; n += 1) statuses.push(...(await trial(t, 'armley-ballet', ballet, n, accepted)).map((s) => s.status));
      t.comment(
        `${kind}: ${statuses.filter((s) => s === 201).length} answers 201, ${statuses.filter((s) => s === 409).length} answers 409, ${accepted.size} batches stored`,
      );
      t.ok(accepted.size >= TRIALS, 'at least one batch of every trial stored');
      await checkStored(t, db, 'armley-ballet', accepted);
    });

    t.test('two organisations writing at once do not wait for each other', async (t) => {
      await Promise.all([
        trial(t, 'armley-ballet', ballet, TRIALS, stored['armley-ballet']),
        trial(t, 'leeds-runners', runners, 0, stored['leeds-runners']),
      ]);
      if (kind === 'postgres') {
        // Another connection holds one figure of armley-ballet's next batch mid-insert, so that batch
        // has to wait; leeds-runners' batches must meanwhile go through as usual.
        const stalled = withValue(freshKeys(TRIALS + 1), 7);
        const held = stalled[0]!;
        const blocker = await database.pool!.connect();
        let waiting: ReturnType<typeof postBatch> | undefined;
        try {
          await blocker.query('begin');
          await blocker.query('insert into figures (organisation_id, activity_id, area_code, period) values ($1, $2, $3, $4)', [
            'armley-ballet',
            held.activity,
            held.area,
            held.period,
          ]);
          let settled = false;
          waiting = postBatch(app, 'armley-ballet', ballet, stalled).finally(() => {
            settled = true;
          });
          await waitFor(
            async () =>
              (
                await queryRows<{ n: number }>(
                  db,
                  sql`select count(*) as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
                )
              )[0]!.n > 0,
          );
          await trial(t, 'leeds-runners', runners, 1, stored['leeds-runners']);
          t.notOk(settled, 'armley-ballet is still waiting for its figure');
          await blocker.query('rollback');
          const res = await waiting;
          t.equal(res.statusCode, 201, 'and is stored once the other connection lets go');
          if (res.statusCode === 201) stored['armley-ballet'].set(json(res, SubmissionReceipt).submissionId, stalled);
        } finally {
          await blocker.query('rollback').catch(() => {});
          blocker.release();
          await waiting?.catch(() => {});
        }
      }
      await checkStored(t, db, 'armley-ballet', stored['armley-ballet']);
      await checkStored(t, db, 'leeds-runners', stored['leeds-runners']);
    });

    t.test(
      'runs a batch again when the database aborts it for another transaction, and answers 409 when that keeps happening',
      async (t) => {
        const busy = await organisationWithKey(app, admin, 'busy-club');
        // Stands in for a deadlock or serialization failure: the audit row, the last write, is refused
        // with the given code until the sequence passes `aborts`; nextval is not undone by a rollback.
        await db.execute(sql`create sequence busy_attempts`);
        await db.execute(sql`create table busy_plan (aborts int not null, code text not null)`);
        await db.execute(sql`create function busy_abort() returns trigger language plpgsql as $$
      declare plan busy_plan;
      begin
        select * into plan from busy_plan;
        if new.organisation_id = 'busy-club' and new.action = 'figures.submit' and nextval('busy_attempts') <= plan.aborts then
          raise exception 'aborted for another transaction' using errcode = plan.code;
        end if;
        return new;
      end $$`);
        await db.execute(sql`create trigger busy_abort before insert on audit_log for each row execute function busy_abort()`);
        t.teardown(async () => {
          await db.execute(sql`drop trigger busy_abort on audit_log`);
        });
        const attempts = async () => (await queryRows<{ n: number }>(db, sql`select last_value as n from busy_attempts`))[0]!.n;
        const figures = withValue(freshKeys(0), 5);

        await db.execute(sql`insert into busy_plan values (2, '40P01')`);
        const stored = await postBatch(app, 'busy-club', busy, figures);
        t.equal(stored.statusCode, 201);
        const receipt = json(stored, SubmissionReceipt);
        t.same(receipt, {
          submissionId: receipt.submissionId,
          figures: BATCH,
          changes: { new: BATCH, revised: 0, unchanged: 0, withdrawn: 0 },
        });
        t.equal(await attempts(), 3, 'stored at the third attempt');
        await checkStored(t, db, 'busy-club', new Map([[receipt.submissionId, figures]]));

        await db.execute(sql`update busy_plan set aborts = 1000, code = '40001'`);
        await db.execute(sql`alter sequence busy_attempts restart`);
        const before = await fingerprint(db);
        const refused = await postBatch(app, 'busy-club', busy, withValue(freshKeys(1), 6));
        assertProblem(
          t,
          refused,
          'conflict',
          '/v1/organisations/busy-club/figures',
          'Other batches for organisation busy-club were being stored at the same time, so this one was not stored. Send it again.',
        );
        t.equal(refused.headers['retry-after'], '1');
        t.equal(await attempts(), 4, 'after four attempts');
        t.same(await fingerprint(db), before, 'nothing stored');
      },
    );
  },
  { RATE_LIMIT_WRITE_PER_MINUTE: '100000' },
);
