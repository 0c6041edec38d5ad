import { sql } from 'drizzle-orm';
import type { Test } from 'tap';
import { queryRows } from '../src/db/client.js';
import { Problem } from '../src/http/problem.js';
import { AreaList } from '../src/modules/areas/areas.schemas.js';
import { SubmissionReceipt, type FigureInput } from '../src/modules/figures/figures.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { assertProblem } from './helpers/problems.js';

const URL = '/v1/organisations/armley-ballet/figures';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const current: FigureInput = { activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 12 };

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const admin = await adminKey(db);
  const key = await organisationWithKey(app, admin, 'armley-ballet');
  const postJson = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: URL, headers: { ...bearer(key), ...headers }, payload: payload as object });
  const postCsv = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: URL, headers: { ...bearer(key), 'content-type': 'text/csv', ...headers }, payload });
  const currentRows = () =>
    queryRows(
      db,
      sql`select activity_id, area_code, period, participants, attendances, sessions, volunteers
    from current_figures where organisation_id = 'armley-ballet' order by period, activity_id, area_code`,
    );

  /** Sends a bad batch and checks it is refused with exactly these errors and leaves every table as it was. */
  async function rejects(t: Test, send: () => ReturnType<typeof postJson>, detail: string, errors: unknown[]) {
    const before = await fingerprint(db);
    const res = await send();
    assertProblem(t, res, 'unprocessable', URL, detail, { errors });
    t.same(await fingerprint(db), before, 'stored data unchanged');
  }

  t.test('stores a JSON batch as one submission and answers 201 with its id and size', async (t) => {
    const res = await postJson({
      figures: [
        { activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 12, attendances: 140, sessions: 40, volunteers: 2 },
        { activity: 'dance', area: 'E08000035', period: '2025', participants: 0 },
      ],
    });
    t.equal(res.statusCode, 201);
    t.match(res.headers['content-type'], /^application\/json/);
    const body = json(res, SubmissionReceipt);
    t.same(body, { submissionId: body.submissionId, figures: 2, changes: { new: 2, revised: 0, unchanged: 0, withdrawn: 0 } });
    t.match(body.submissionId, UUID);
    t.same(await currentRows(), [
      {
        activity_id: 'dance',
        area_code: 'E08000035',
        period: '2025',
        participants: 0,
        attendances: null,
        sessions: null,
        volunteers: null,
      },
      { activity_id: 'ballet', area_code: 'E05011385', period: '2025-26', participants: 12, attendances: 140, sessions: 40, volunteers: 2 },
    ]);
    const audit = await queryRows(
      db,
      sql`select a.action, a.detail, a.request_id = ${res.headers['x-request-id']} as same_request, k.organisation_id
      from audit_log a join api_keys k on k.id = a.api_key_id where a.action = 'figures.submit'`,
    );
    t.same(audit, [
      {
        action: 'figures.submit',
        detail: { submissionId: body.submissionId, figures: 2, withdrawn: 0 },
        same_request: true,
        organisation_id: 'armley-ballet',
      },
    ]);
  });

  t.test('stores a CSV batch, reading a byte-order mark, blank cells and a trailing blank line', async (t) => {
    const res = await postCsv(
      '\uFEFFactivity,area,period,participants,attendances,sessions,volunteers\r\nrunning,E05011385,2025-Q3,30,,12,\r\nrunning,E05011385,2025-09,9,20,4,1\r\n\r\n',
    );
    t.equal(res.statusCode, 201);
    const receipt = json(res, SubmissionReceipt);
    t.same(receipt, { submissionId: receipt.submissionId, figures: 2, changes: { new: 2, revised: 0, unchanged: 0, withdrawn: 0 } });
    const rows = await queryRows(
      db,
      sql`select period, participants, attendances, sessions, volunteers from current_figures where activity_id = 'running' order by period`,
    );
    t.same(rows, [
      { period: '2025-09', participants: 9, attendances: 20, sessions: 4, volunteers: 1 },
      { period: '2025-Q3', participants: 30, attendances: null, sessions: 12, volunteers: null },
    ]);
    const [submission] = await queryRows(db, sql`select format, figure_count from submissions where id = ${receipt.submissionId}`);
    t.same(submission, { format: 'csv', figure_count: 2 });
  });

  t.test('a 3-row CSV with one bad row stores nothing and names row 2', async (t) => {
    await rejects(
      t,
      () => postCsv('activity,area,period,participants\nballet,E05011385,2025,5\nballet,E05011385,2099,6\ndance,E05011385,2025,7\n'),
      '1 of 3 figures are not valid, so nothing was stored. `errors` lists every problem.',
      [
        {
          pointer: '/body/2/period',
          row: 2,
          detail: 'has not started yet (it starts on 2099-01-01)',
          sheetRow: 3,
          column: 'period',
          cell: 'C3',
          message: "Row 3, period: '2099' has not started yet (it starts on 2099-01-01)",
        },
      ],
    );
  });

  t.test('lists every bad row of a JSON batch with a pointer and the reason, and stores nothing', async (t) => {
    await rejects(
      t,
      () =>
        postJson({
          figures: [
            current,
            { activity: 'no_such_sport', area: 'E05011385', period: '2025', participants: 1 },
            { activity: 'ballet', area: 'E99999999', period: '2025-13', participants: 1.5, attendances: -1 },
            { activity: 'ballet', area: 'E05011385', period: '2025', participants: 10, attendances: 9 },
            { activity: 'ballet', area: 'E05011385', period: '2025', participants: 10_000_001 },
            { activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 3 },
            { area: 'E05011385', period: '2025', participants: '4', participant: 4 },
            { activity: 'ballet', area: 'E05011385', period: '2014' },
          ],
        }),
      '7 of 8 figures are not valid, so nothing was stored. `errors` lists every problem.',
      [
        { pointer: '/body/figures/1/activity', detail: 'there is no activity with id no_such_sport' },
        { pointer: '/body/figures/2/participants', detail: 'must be a whole number' },
        { pointer: '/body/figures/2/attendances', detail: 'must be 0 or more' },
        { pointer: '/body/figures/3/attendances', detail: 'must be at least participants' },
        { pointer: '/body/figures/4/participants', detail: 'must be at most 10000000' },
        { pointer: '/body/figures/5', detail: 'repeats ballet in E05011385 for 2025-26, given earlier in this batch' },
        { pointer: '/body/figures/6/activity', detail: 'is required' },
        { pointer: '/body/figures/6/participants', detail: 'must be a whole number' },
        { pointer: '/body/figures/6/participant', detail: 'is not a field of a figure' },
        { pointer: '/body/figures/7/period', detail: 'must be a period such as 2025, 2025-26, 2025-Q3 or 2025-09 (years from 2015)' },
        { pointer: '/body/figures/7/participants', detail: 'is required' },
      ],
    );
  });

  t.test('refuses an area that does not exist', async (t) => {
    await rejects(
      t,
      () => postJson({ figures: [{ activity: 'ballet', area: 'E05999999', period: '2025', participants: 1 }] }),
      '1 of 1 figures are not valid, so nothing was stored. `errors` lists every problem.',
      [{ pointer: '/body/figures/0/area', detail: 'there is no area with code E05999999' }],
    );
  });

  t.test('refuses a period whose start is in the future, and a month that does not exist', async (t) => {
    const next = new Date();
    next.setUTCMonth(next.getUTCMonth() + 1, 1);
    const nextMonth = next.toISOString().slice(0, 7);
    await rejects(
      t,
      () =>
        postJson({
          figures: [
            { activity: 'ballet', area: 'E05011385', period: nextMonth, participants: 1 },
            { activity: 'ballet', area: 'E05011385', period: '2025-00', participants: 1 },
          ],
        }),
      '2 of 2 figures are not valid, so nothing was stored. `errors` lists every problem.',
      [
        { pointer: '/body/figures/0/period', detail: `has not started yet (it starts on ${nextMonth}-01)` },
        { pointer: '/body/figures/1/period', detail: 'must be a period such as 2025, 2025-26, 2025-Q3 or 2025-09 (years from 2015)' },
      ],
    );
  });

  t.test('accepts the boundaries: 0 and 10,000,000, attendances equal to participants', async (t) => {
    const res = await postJson({
      figures: [
        {
          activity: 'advice',
          area: 'E08000035',
          period: '2024-25',
          participants: 10_000_000,
          attendances: 10_000_000,
          sessions: 0,
          volunteers: 0,
        },
      ],
    });
    t.equal(res.statusCode, 201);
  });

  t.test('an organisation field that names another organisation is refused; the same one is accepted', async (t) => {
    await rejects(
      t,
      () => postJson({ organisation: 'leeds-runners', figures: [{ ...current, organisation: 'leeds-runners' }] }),
      'The batch is not valid, so nothing was stored. `errors` lists every problem.',
      [
        { pointer: '/body/organisation', detail: 'must be armley-ballet, the organisation in the path, or left out' },
        { pointer: '/body/figures/0/organisation', detail: 'must be armley-ballet, the organisation in the path, or left out' },
      ],
    );
    await rejects(
      t,
      () => postCsv('organisation,activity,area,period,participants\nleeds-runners,ballet,E05011385,2025,3\n'),
      '1 of 1 figures are not valid, so nothing was stored. `errors` lists every problem.',
      [
        {
          pointer: '/body/1/organisation',
          row: 1,
          detail: 'must be armley-ballet, the organisation in the path, or left out',
          sheetRow: 2,
          column: 'organisation',
          cell: 'A2',
          message: "Row 2, organisation: 'leeds-runners' must be armley-ballet, the organisation in the path, or left out",
        },
      ],
    );
    const same = await postJson({
      organisation: 'armley-ballet',
      figures: [{ activity: 'ballet', area: 'E05011385', period: '2023', participants: 3, organisation: 'armley-ballet' }],
    });
    t.equal(same.statusCode, 201);
    const [row] = await queryRows(db, sql`select organisation_id from figures where period = '2023'`);
    t.same(row, { organisation_id: 'armley-ballet' });
  });

  t.test('reports CSV header problems at row 0 and rows with the wrong number of cells', async (t) => {
    await rejects(
      t,
      () => postCsv('activity,area,participants,colour\nballet,E05011385,3,red\n'),
      'The CSV header is not valid, so nothing was stored. `errors` lists every problem.',
      [
        {
          pointer: '/body/0/colour',
          row: 0,
          detail:
            'is not a column of figures; use activity, area, period, participants, attendances, sessions, volunteers, withdraw, organisation, age_band, sex',
          sheetRow: 1,
          column: 'colour',
          cell: 'D1',
          message:
            'Header row (row 1), colour: is not a column of figures; use activity, area, period, participants, attendances, sessions, volunteers, withdraw, organisation, age_band, sex',
        },
        {
          pointer: '/body/0/period',
          row: 0,
          detail: 'is a required column',
          sheetRow: 1,
          column: 'period',
          message: 'Header row (row 1), period: is a required column',
        },
      ],
    );
    await rejects(
      t,
      () => postCsv('activity,area,period,participants\nballet,E05011385,2025\nballet,E05011385,2025,x\n'),
      '2 of 2 figures are not valid, so nothing was stored. `errors` lists every problem.',
      [
        {
          pointer: '/body/1',
          row: 1,
          detail: 'has 3 cells; the header has 4',
          sheetRow: 2,
          message: 'Row 2: has 3 cells; the header has 4',
        },
        {
          pointer: '/body/2/participants',
          row: 2,
          detail: 'must be a whole number',
          sheetRow: 3,
          column: 'participants',
          cell: 'D3',
          message: "Row 3, participants: 'x' must be a whole number",
        },
      ],
    );
  });

  t.test('refuses an empty batch with 422 and a body that is not a batch with 400', async (t) => {
    await rejects(t, () => postJson({ figures: [] }), 'The batch is not valid, so nothing was stored. `errors` lists every problem.', [
      { pointer: '/body', detail: 'has no figures' },
    ]);
    await rejects(
      t,
      () => postCsv('activity,area,period,participants\n'),
      'The CSV header is not valid, so nothing was stored. `errors` lists every problem.',
      [{ pointer: '/body/0', row: 0, detail: 'has no figures', sheetRow: 1, message: 'The file has no figures.' }],
    );
    const before = await fingerprint(db);
    const notBatch = await postJson([current]);
    assertProblem(t, notBatch, 'validation', URL, 'The body must be an object `{ "figures": [...] }`.', {
      errors: [{ pointer: '/body', detail: 'Invalid input: expected object, received array' }],
    });
    const broken = await postCsv('activity,area\n"ballet,E05011385\n');
    assertProblem(t, broken, 'bad-request', URL, /^The CSV could not be read: /);
    const notJson = await app.inject({
      method: 'POST',
      url: URL,
      headers: { ...bearer(key), 'content-type': 'application/json' },
      payload: '{"figures": [',
    });
    t.equal(notJson.statusCode, 400);
    const xml = await app.inject({
      method: 'POST',
      url: URL,
      headers: { ...bearer(key), 'content-type': 'application/xml' },
      payload: '<figures/>',
    });
    t.equal(xml.statusCode, 415);
    t.equal(xml.headers['content-type'], 'application/problem+json; charset=utf-8');
    t.same(await fingerprint(db), before);
  });

  t.test('answers 404 to an admin submitting for an organisation that does not exist', async (t) => {
    const before = await fingerprint(db);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organisations/nobody-here/figures',
      headers: bearer(admin),
      payload: { figures: [current] },
    });
    assertProblem(t, res, 'not-found', '/v1/organisations/nobody-here/figures', 'There is no organisation with id nobody-here.');
    t.same(await fingerprint(db), before);
  });

  t.test('accepts 10,000 figures in one batch (the default limit) and refuses 10,001 with 413', async (t) => {
    const wards = json(await app.inject('/v1/areas/E08000035/children?limit=100'), AreaList).data.map((a) => a.code);
    const months = Array.from({ length: 132 }, (_, i) => `${2015 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const figures = ['running', 'ballet', 'dance', 'advice'].flatMap((activity) =>
      wards.flatMap((area) => months.map((period) => ({ activity, area, period, participants: 1 }))),
    );
    const before = await fingerprint(db);
    const tooMany = await postJson({ figures: figures.slice(0, 10_001) });
    assertProblem(
      t,
      tooMany,
      'payload-too-large',
      URL,
      'The batch has 10001 figures; at most 10000 are accepted at once. Split it into several batches.',
    );
    t.same(await fingerprint(db), before);
    const res = await postJson({ figures: figures.slice(0, 10_000) });
    t.equal(res.statusCode, 201);
    const receipt = json(res, SubmissionReceipt);
    // One of the 10,000 (running in Armley, 2025-09) was stored by the CSV test above with 9 participants.
    t.same(receipt, {
      submissionId: receipt.submissionId,
      figures: 10_000,
      changes: { new: 9999, revised: 1, unchanged: 0, withdrawn: 0 },
    });
  });

  t.test('an admin key may submit for any organisation', async (t) => {
    const res = await app.inject({
      method: 'POST',
      url: URL,
      headers: bearer(admin),
      payload: { figures: [{ activity: 'ballet', area: 'E05011385', period: '2022', participants: 8 }] },
    });
    t.equal(res.statusCode, 201);
  });
});

forEachDatabase(
  async (t, { app, database }) => {
    const db = database.db;
    const key = await organisationWithKey(app, await adminKey(db), 'armley-ballet');
    const row = (i: number) => ({
      activity: 'ballet',
      area: 'E05011385',
      period: `${2015 + (i % 10)}-${String((Math.floor(i / 10) % 12) + 1).padStart(2, '0')}`,
      participants: i,
    });

    t.test('refuses a batch over the configured number of figures with 413 and stores nothing', async (t) => {
      const before = await fingerprint(db);
      const res = await app.inject({ method: 'POST', url: URL, headers: bearer(key), payload: { figures: [0, 1, 2, 3].map(row) } });
      assertProblem(
        t,
        res,
        'payload-too-large',
        URL,
        'The batch has 4 figures; at most 3 are accepted at once. Split it into several batches.',
      );
      t.same(await fingerprint(db), before);
    });

    t.test('refuses a body over the configured size with 413 and stores nothing', async (t) => {
      const before = await fingerprint(db);
      const csv = `activity,area,period,participants\n${'ballet,E05011385,2025,1\n'.repeat(100)}`;
      const res = await app.inject({ method: 'POST', url: URL, headers: { ...bearer(key), 'content-type': 'text/csv' }, payload: csv });
      t.equal(res.statusCode, 413);
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      t.equal(json(res, Problem).type, '/problems/payload-too-large');
      const big = await app.inject({
        method: 'POST',
        url: URL,
        headers: bearer(key),
        payload: { figures: [{ ...row(1), padding: 'x'.repeat(2000) }] },
      });
      t.equal(big.statusCode, 413);
      t.same(await fingerprint(db), before);
    });

    t.test('accepts a batch of exactly the limit', async (t) => {
      const res = await app.inject({ method: 'POST', url: URL, headers: bearer(key), payload: { figures: [0, 1, 2].map(row) } });
      t.equal(res.statusCode, 201);
    });
  },
  { MAX_BATCH_FIGURES: '3', MAX_BATCH_BYTES: '1024' },
);
