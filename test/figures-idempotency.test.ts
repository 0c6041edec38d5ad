import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { Problem } from '../src/http/problem.js';
import { SubmissionReceipt } from '../src/modules/figures/figures.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { assertProblem } from './helpers/problems.js';

const URL = '/v1/organisations/armley-ballet/figures';
const batch = { figures: [{ activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 12 }] };

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const admin = await adminKey(db);
  const key = await organisationWithKey(app, admin, 'armley-ballet');
  const leeds = await organisationWithKey(app, admin, 'leeds-runners');
  const post = (idempotencyKey: string, payload: object = batch, url = URL, apiKey = key) =>
    app.inject({ method: 'POST', url, headers: { ...bearer(apiKey), 'idempotency-key': idempotencyKey }, payload });
  const submissions = async () => (await queryRows<{ n: number }>(db, sql`select count(*) as n from submissions`))[0]!.n;

  t.test('a retry with the same key and body replays the first answer and stores nothing more', async (t) => {
    const first = await post('retry-1');
    t.equal(first.statusCode, 201);
    t.equal(first.headers['idempotent-replayed'], 'false');
    const before = await fingerprint(db);
    const again = await post('retry-1');
    t.equal(again.statusCode, 201);
    t.equal(again.headers['content-type'], first.headers['content-type']);
    t.equal(again.headers['idempotent-replayed'], 'true');
    t.equal(again.body, first.body, 'byte for byte the same body');
    t.same(await fingerprint(db), before);
  });

  t.test('the same key with a different body is refused with 422 and stores nothing', async (t) => {
    const before = await fingerprint(db);
    const res = await post('retry-1', { figures: [{ ...batch.figures[0]!, participants: 13 }] });
    assertProblem(
      t,
      res,
      'idempotency-key-reused',
      URL,
      'The Idempotency-Key retry-1 was first used with a different request. Use a new key for a new batch.',
    );
    const asCsv = await app.inject({
      method: 'POST',
      url: URL,
      headers: { ...bearer(key), 'idempotency-key': 'retry-1', 'content-type': 'text/csv' },
      payload: 'activity,area,period,participants\nballet,E05011385,2025-26,12\n',
    });
    t.equal(asCsv.statusCode, 422, 'the same figures sent as CSV are a different request');
    t.same(await fingerprint(db), before);
  });

  t.test('a replay is given even when the batch would no longer be valid', async (t) => {
    const first = await post('withdraw-once', { figures: [{ activity: 'ballet', area: 'E05011385', period: '2025-26', withdraw: true }] });
    t.equal(first.statusCode, 201);
    const again = await post('withdraw-once', { figures: [{ activity: 'ballet', area: 'E05011385', period: '2025-26', withdraw: true }] });
    t.equal(again.statusCode, 201);
    t.equal(again.body, first.body);
  });

  t.test('20 concurrent identical requests with one key create one submission and return identical bodies', async (t) => {
    const before = await submissions();
    const payload = { figures: [{ activity: 'dance', area: 'E08000035', period: '2025', participants: 99, attendances: 300 }] };
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('concurrent-1', payload)));
    t.same(
      responses.map((r) => r.statusCode),
      Array(20).fill(201),
    );
    t.equal(new Set(responses.map((r) => r.body)).size, 1, 'one body for all');
    t.equal(responses.filter((r) => r.headers['idempotent-replayed'] === 'false').length, 1, 'one of them did the work');
    t.equal(await submissions(), before + 1);
    const revisions = await queryRows(
      db,
      sql`select count(*) as n from figure_revisions r join figures f on f.id = r.figure_id where f.activity_id = 'dance'`,
    );
    t.same(revisions, [{ n: 1 }]);
    const audit = await queryRows(
      db,
      sql`select count(*) as n from audit_log where detail->>'submissionId' = ${json(responses[0]!, SubmissionReceipt).submissionId}`,
    );
    t.same(audit, [{ n: 1 }]);
  });

  t.test('keys are scoped per organisation: another organisation may use the same key', async (t) => {
    const res = await post(
      'retry-1',
      { figures: [{ activity: 'running', area: 'E08000035', period: '2025', participants: 40 }] },
      '/v1/organisations/leeds-runners/figures',
      leeds,
    );
    t.equal(res.statusCode, 201);
    t.equal(res.headers['idempotent-replayed'], 'false');
    t.not(json(res, SubmissionReceipt).submissionId, json(await post('retry-1'), SubmissionReceipt).submissionId);
  });

  t.test('a rejected batch does not use up its key', async (t) => {
    const bad = await post('fix-and-retry', { figures: [{ activity: 'ballet', area: 'E05011385', period: '2099', participants: 1 }] });
    t.equal(bad.statusCode, 422);
    const fixed = await post('fix-and-retry', { figures: [{ activity: 'ballet', area: 'E05011385', period: '2024', participants: 1 }] });
    t.equal(fixed.statusCode, 201);
  });

  t.test('refuses an Idempotency-Key that is not 1 to 200 visible characters with 400', async (t) => {
    const before = await fingerprint(db);
    const res = await post('x'.repeat(201));
    assertProblem(t, res, 'validation', URL, /^\/headers\/idempotency-key: /, {
      errors: [{ pointer: '/headers/idempotency-key', detail: json(res, Problem).errors?.[0]?.detail }],
    });
    t.same(await fingerprint(db), before);
  });
});
