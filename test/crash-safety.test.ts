// Kills the API with SIGKILL, or stops its PostgreSQL server immediately, at seeded random moments
// while it stores large batches; retries every batch that was not acknowledged with the same
// Idempotency-Key, and checks that each batch is stored exactly once, never partly, with one audit
// row. PostgreSQL only: the embedded database is one process's memory and dies with it by design.
import { sql } from 'drizzle-orm';
import t, { type Test } from 'tap';
import { connectPostgres, queryRows, type Db } from '../src/db/client.js';
import { prepareDatabase } from '../src/startup/prepare-database.js';
import { organisations } from '../src/db/schema/index.js';
import { issueKey } from '../src/modules/keys/keys.service.js';
import { seededRandom, startApi, type ChildApi } from './helpers/child-api.js';
import { openTestDatabase } from './helpers/databases.js';
import { createOwnPostgres, ownPostgresUnavailable } from './helpers/own-postgres.js';
import { postgresServerUrl } from './helpers/snapshot.js';

const SEEDS = (process.env.CRASH_SEEDS ?? '11,23,37').split(',').map(Number);
const BATCHES = 6;
const FIGURES_PER_BATCH = 2000;
const STAGGER_MS = 400;
const KILL_WINDOW_MS = 4000;

type Batch = { key: string; period: string; body: string };

async function makeBatches(db: Db, round: number): Promise<Batch[]> {
  const wards = await queryRows<{ code: string }>(
    db,
    sql`select code from areas where type = 'ward' and code like 'E%' order by code limit ${FIGURES_PER_BATCH}`,
  );
  return Array.from({ length: BATCHES }, (_, i) => {
    const period = `${2016 + round}-${String(i + 1).padStart(2, '0')}`;
    const figures = wards.map((w, j) => ({
      activity: 'running',
      area: w.code,
      period,
      participants: 10 + ((i + j) % 90),
      attendances: 200,
    }));
    return { key: `crash-${round}-${i}`, period, body: JSON.stringify({ figures }) };
  });
}

const submit = (api: ChildApi, key: string, batch: Batch) =>
  fetch(`${api.baseUrl}/v1/organisations/crash-club/figures`, {
    method: 'POST',
    body: batch.body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'idempotency-key': batch.key },
  }).then(
    (r) => r.status,
    () => 0,
  );

async function stored(db: Db, batch: Batch) {
  const [row] = await queryRows<{ submissions: number; revisions: number; current: number; audits: number }>(
    db,
    sql`select
    (select count(*) from submissions where idempotency_key = ${batch.key}) as submissions,
    (select count(*) from figure_revisions r join figures f on f.id = r.figure_id where f.period = ${batch.period}) as revisions,
    (select count(*) from current_figures where period = ${batch.period}) as current,
    (select count(*) from audit_log a join submissions s on a.detail->>'submissionId' = s.id::text where s.idempotency_key = ${batch.key}) as audits`,
  );
  return row!;
}

/** After a crash and before any retry: each batch is whole or absent, and every acknowledged one is there. */
async function checkAllOrNothing(t: Test, db: Db, batches: Batch[], acknowledged: boolean[], label: string) {
  const now = await Promise.all(batches.map((b) => stored(db, b)));
  t.comment(
    `${label}: ${acknowledged.filter(Boolean).length} of ${BATCHES} acknowledged, ${now.filter((s) => s.submissions > 0).length} stored`,
  );
  for (const [i, state] of now.entries()) {
    t.ok(
      state.revisions === 0 || state.revisions === FIGURES_PER_BATCH,
      `${label} batch ${i}: all or nothing (${state.revisions} revisions)`,
    );
    if (acknowledged[i]) t.equal(state.submissions, 1, `${label} batch ${i}: acknowledged, so stored`);
  }
}

t.test(
  'batches survive SIGKILL of the API exactly once or not at all',
  { skip: postgresServerUrl() ? false : 'needs PostgreSQL (DATABASE_URL)' },
  async (t) => {
    const database = await openTestDatabase('postgres');
    t.teardown(() => database.close());
    await database.db.insert(organisations).values({ id: 'crash-club', name: 'Crash Test Running Club', named: true });
    const { key } = await issueKey(
      database.db,
      { kind: 'organisation', organisationId: 'crash-club' },
      { apiKeyId: null, requestId: null },
    );
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
      await checkAllOrNothing(t, database.db, batches, acknowledged, `seed ${seed}`);

      api = await startApi(env);
      for (const [i, batch] of batches.entries()) {
        if (!acknowledged[i]) t.equal(await submit(api, key, batch), 201, `seed ${seed} batch ${i}: the retry succeeds or replays`);
      }
      api.process.kill('SIGTERM');
      await api.exited;
      for (const [i, batch] of batches.entries()) {
        t.same(
          await stored(database.db, batch),
          { submissions: 1, revisions: FIGURES_PER_BATCH, current: FIGURES_PER_BATCH, audits: 1 },
          `seed ${seed} batch ${i}: exactly once, with its audit row`,
        );
      }
    }
  },
);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retries a batch (same Idempotency-Key) until the API, reconnected to its database, answers. */
async function retryUntilStored(api: ChildApi, key: string, batch: Batch): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < 40 && status !== 201; attempt += 1) {
    status = await submit(api, key, batch);
    if (status !== 201) await sleep(250);
  }
  return status;
}

t.test(
  'batches survive an immediate stop of PostgreSQL exactly once or not at all, and the API recovers by itself',
  { skip: !postgresServerUrl() ? 'needs PostgreSQL (DATABASE_URL)' : (ownPostgresUnavailable() ?? false) },
  async (t) => {
    const server = await createOwnPostgres();
    t.teardown(() => server.destroy());
    const database = connectPostgres({ url: server.url, max: 2 });
    await prepareDatabase(database, { info: () => {} });
    await database.db.insert(organisations).values({ id: 'crash-club', name: 'Crash Test Running Club', named: true });
    const { key } = await issueKey(
      database.db,
      { kind: 'organisation', organisationId: 'crash-club' },
      { apiKeyId: null, requestId: null },
    );
    await database.close();
    const api = await startApi({ DATABASE_URL: server.url, RATE_LIMIT_WRITE_PER_MINUTE: '100000', DB_CONNECTION_TIMEOUT_MS: '1000' });
    t.teardown(() => api.process.kill('SIGKILL'));

    for (const [round, seed] of SEEDS.slice(0, 2).entries()) {
      const random = seededRandom(seed);
      const setup = connectPostgres({ url: server.url, max: 1 });
      const batches = await makeBatches(setup.db, 5 + round);
      await setup.close();
      const inFlight = batches.map((b, i) => sleep(i * STAGGER_MS).then(() => submit(api, key, b)));
      await sleep(200 + random() * KILL_WINDOW_MS);
      server.stopImmediately();
      const acknowledged = (await Promise.all(inFlight)).map((status) => status === 201);
      server.start();
      // This test's own connections died with the server too: check through fresh ones.
      const check = connectPostgres({ url: server.url, max: 1 });
      t.teardown(() => check.close());
      await checkAllOrNothing(t, check.db, batches, acknowledged, `seed ${seed}, PostgreSQL stopped`);
      for (const [i, batch] of batches.entries()) {
        if (!acknowledged[i])
          t.equal(await retryUntilStored(api, key, batch), 201, `seed ${seed} batch ${i}: stored or replayed once the database is back`);
      }
      for (const [i, batch] of batches.entries()) {
        t.same(
          await stored(check.db, batch),
          { submissions: 1, revisions: FIGURES_PER_BATCH, current: FIGURES_PER_BATCH, audits: 1 },
          `seed ${seed} batch ${i}: exactly once, with its audit row`,
        );
      }
    }
    t.equal(api.process.exitCode, null, 'the API process stayed up throughout');
  },
);
