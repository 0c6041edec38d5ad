// Kills the API with SIGKILL at seeded random moments while it stores large batches, restarts it,
// retries every batch that was not acknowledged with the same Idempotency-Key, and checks that
// each batch is stored exactly once, never partly, with one audit row. PostgreSQL only: the
// embedded database is one process's memory and dies with it by design.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { queryRows, type Db } from '../src/db/client.js';
import { organisations } from '../src/db/schema/index.js';
import { issueKey } from '../src/modules/keys/keys.service.js';
import { seededRandom, startApi, type ChildApi } from './helpers/child-api.js';
import { openTestDatabase } from './helpers/databases.js';
import { postgresServerUrl } from './helpers/snapshot.js';

const SEEDS = (process.env.CRASH_SEEDS ?? '11,23,37').split(',').map(Number);
const BATCHES = 6;
const FIGURES_PER_BATCH = 2000;
const STAGGER_MS = 400;
const KILL_WINDOW_MS = 4000;

type Batch = { key: string; period: string; body: string };

async function makeBatches(db: Db, round: number): Promise<Batch[]> {
  const wards = await queryRows<{ code: string }>(db, sql`select code from areas where type = 'ward' and code like 'E%' order by code limit ${FIGURES_PER_BATCH}`);
  return Array.from({ length: BATCHES }, (_, i) => {
    const period = `${2016 + round}-${String(i + 1).padStart(2, '0')}`;
    const figures = wards.map((w, j) => ({ activity: 'running', area: w.code, period, participants: 10 + ((i + j) % 90), attendances: 200 }));
    return { key: `crash-${round}-${i}`, period, body: JSON.stringify({ figures }) };
  });
}

const submit = (api: ChildApi, key: string, batch: Batch) =>
  fetch(`${api.baseUrl}/v1/organisations/crash-club/figures`, {
    method: 'POST', body: batch.body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'idempotency-key': batch.key },
  }).then((r) => r.status, () => 0);

async function stored(db: Db, batch: Batch) {
  const [row] = await queryRows<{ submissions: number; revisions: number; current: number; audits: number }>(db, sql`select
    (select count(*) from submissions where idempotency_key = ${batch.key}) as submissions,
    (select count(*) from figure_revisions r join figures f on f.id = r.figure_id where f.period = ${batch.period}) as revisions,
    (select count(*) from current_figures where period = ${batch.period}) as current,
    (select count(*) from audit_log a join submissions s on a.detail->>'submissionId' = s.id::text where s.idempotency_key = ${batch.key}) as audits`);
  return row!;
}

t.test('batches survive SIGKILL of the API exactly once or not at all', { skip: postgresServerUrl() ? false : 'needs PostgreSQL (DATABASE_URL)' }, async (t) => {
  const database = await openTestDatabase('postgres');
  t.teardown(() => database.close());
  await database.db.insert(organisations).values({ id: 'crash-club', name: 'Crash Test Running Club', named: true });
  const { key } = await issueKey(database.db, { kind: 'organisation', organisationId: 'crash-club' }, { apiKeyId: null, requestId: null });
  const env = { DATABASE_URL: database.url!, RATE_LIMIT_WRITE_PER_MINUTE: '100000' };

  for (const [round, seed] of SEEDS.entries()) {
    const random = seededRandom(seed);
    const batches = await makeBatches(database.db, round);
    let api = await startApi(env);
    // Staggered, so the kill finds batches at every stage: queued, mid-transaction, committed but
    // not yet answered, answered.
    const inFlight = batches.map((b, i) => new Promise<void>((r) => setTimeout(r, i * STAGGER_MS)).then(() => submit(api, key, b)));
    await new Promise((r) => setTimeout(r, 200 + random() * KILL_WINDOW_MS));
    api.process.kill('SIGKILL');
    await api.exited;
    const acknowledged = (await Promise.all(inFlight)).map((status) => status === 201);
    const storedBeforeRetry = await Promise.all(batches.map((b) => stored(database.db, b)));
    t.comment(`seed ${seed}: ${acknowledged.filter(Boolean).length} of ${BATCHES} acknowledged, ${storedBeforeRetry.filter((s) => s.submissions > 0).length} stored before the kill`);

    for (const [i] of batches.entries()) {
      const now = storedBeforeRetry[i]!;
      t.ok(now.revisions === 0 || now.revisions === FIGURES_PER_BATCH, `seed ${seed} batch ${i}: all or nothing after the kill (${now.revisions} revisions)`);
      if (acknowledged[i]) t.equal(now.submissions, 1, `seed ${seed} batch ${i}: acknowledged, so stored`);
    }

    api = await startApi(env);
    for (const [i, batch] of batches.entries()) {
      if (!acknowledged[i]) t.equal(await submit(api, key, batch), 201, `seed ${seed} batch ${i}: the retry succeeds or replays`);
    }
    api.process.kill('SIGTERM');
    await api.exited;
    for (const [i, batch] of batches.entries()) {
      t.same(await stored(database.db, batch), { submissions: 1, revisions: FIGURES_PER_BATCH, current: FIGURES_PER_BATCH, audits: 1 },
        `seed ${seed} batch ${i}: exactly once, with its audit row`);
    }
  }
});
