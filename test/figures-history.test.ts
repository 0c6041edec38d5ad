import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { OrganisationFigure, OrganisationFigureList, SubmissionReceipt } from '../src/modules/figures/figures.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { assertProblem } from './helpers/problems.js';

const URL = '/v1/organisations/armley-ballet/figures';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const admin = await adminKey(db);
  const key = await organisationWithKey(app, admin, 'armley-ballet');
  const submit = async (figures: object[]) => {
    const res = await app.inject({ method: 'POST', url: URL, headers: bearer(key), payload: { figures } });
    if (res.statusCode !== 201) throw new Error(res.body);
    return json(res, SubmissionReceipt).submissionId;
  };
  const read = (query = '', headers: Record<string, string> = bearer(key)) => app.inject({ url: `${URL}${query}`, headers });

  const first = await submit([
    { activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 12, attendances: 140 },
    { activity: 'dance', area: 'E05011385', period: '2025-26', participants: 5 },
  ]);
  const second = await submit([
    { activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 14, attendances: 150, sessions: 38 },
  ]);

  t.test('lists the current exact figures, one per key, with the revision that set them', async (t) => {
    const res = await read();
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^application\/json/);
    t.equal(res.headers['cache-control'], 'private, no-store');
    const body = json(res, OrganisationFigureList);
    const [ballet, dance] = [body.data[0]!, body.data[1]!];
    t.match(ballet.recordedAt, ISO);
    t.same(body, {
      data: [
        {
          id: ballet.id,
          activity: 'ballet',
          area: 'E05011385',
          period: '2025-26',
          participants: 14,
          attendances: 150,
          sessions: 38,
          volunteers: null,
          withdrawn: false,
          revision: ballet.revision,
          submissionId: second,
          recordedAt: ballet.recordedAt,
        },
        {
          id: dance.id,
          activity: 'dance',
          area: 'E05011385',
          period: '2025-26',
          participants: 5,
          attendances: null,
          sessions: null,
          volunteers: null,
          withdrawn: false,
          revision: dance.revision,
          submissionId: first,
          recordedAt: dance.recordedAt,
        },
      ],
      page: { limit: 100, offset: 0, total: 2 },
    });
  });

  t.test('never returns a figure’s record key: not in the list, the history or their CSV', async (t) => {
    // Every figure has a key that could leak (drawn when it was stored), so the check is not vacuous.
    const stored = await queryRows<{ record_key: number }>(db, sql`select record_key from figures where organisation_id = 'armley-ballet'`);
    t.equal(stored.length, 2);
    t.ok(stored.every((r) => Number(r.record_key) >= 0 && Number(r.record_key) <= 4294967295));
    const documented = Object.keys(OrganisationFigure.shape).sort();
    t.notOk(
      documented.some((field) => /record.?key/i.test(field)),
      'nor does the documented schema name one',
    );
    for (const query of ['', '?history=true']) {
      const rows = json(await read(query), OrganisationFigureList).data;
      t.ok(rows.length > 0);
      t.same(
        rows.map((r) => Object.keys(r).sort()),
        rows.map(() => documented),
        `only the documented fields${query}`,
      );
    }
    for (const query of ['?format=csv', '?history=true&format=csv']) {
      const res = await read(query);
      t.equal(res.statusCode, 200);
      t.notMatch(res.body, /record.?key/i, query);
    }
  });

  t.test('a revision keeps the old value in history', async (t) => {
    const body = json(await read('?history=true&activity=ballet'), OrganisationFigureList);
    t.same(
      body.data.map((r) => [r.participants, r.attendances, r.sessions, r.withdrawn, r.submissionId]),
      [
        [12, 140, null, false, first],
        [14, 150, 38, false, second],
      ],
    );
    const [older, newer] = [body.data[0]!, body.data[1]!];
    t.equal(older.id, newer.id, 'both revisions belong to one figure');
    t.ok(older.revision < newer.revision);
    t.same(body.page, { limit: 100, offset: 0, total: 2 });
  });

  t.test('answers CSV with the same rows', async (t) => {
    const res = await read('?format=csv');
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    const rows = parse<Record<string, string>>(res.body, { columns: true, bom: true });
    const body = json(await read(), OrganisationFigureList);
    t.same(
      rows.map((r) => [
        r.figure_id,
        r.activity,
        r.area,
        r.period,
        r.participants,
        r.attendances,
        r.sessions,
        r.volunteers,
        r.withdrawn,
        r.revision,
        r.submission_id,
        r.recorded_at,
      ]),
      body.data.map((f) => [
        f.id,
        f.activity,
        f.area,
        f.period,
        String(f.participants),
        f.attendances === null ? '' : String(f.attendances),
        f.sessions === null ? '' : String(f.sessions),
        '',
        'false',
        String(f.revision),
        f.submissionId,
        f.recordedAt,
      ]),
    );
  });

  t.test('DELETE records a withdrawal: the figure leaves the current list and stays in history', async (t) => {
    const dance = json(await read('?activity=dance'), OrganisationFigureList).data[0]!;
    const res = await app.inject({ method: 'DELETE', url: `${URL}/${dance.id}`, headers: bearer(key) });
    t.equal(res.statusCode, 200);
    const receipt = json(res, SubmissionReceipt);
    t.same(receipt, { submissionId: receipt.submissionId, figures: 1, changes: { new: 0, revised: 0, unchanged: 0, withdrawn: 1 } });
    t.same(
      json(await read(), OrganisationFigureList).data.map((f) => f.activity),
      ['ballet'],
    );
    const history = json(await read('?history=true&activity=dance'), OrganisationFigureList).data;
    t.same(
      history.map((r) => [r.participants, r.withdrawn, r.submissionId]),
      [
        [5, false, first],
        [null, true, receipt.submissionId],
      ],
    );
    const audit = await queryRows(db, sql`select action, detail from audit_log where detail->>'submissionId' = ${receipt.submissionId}`);
    t.same(audit, [{ action: 'figures.withdraw', detail: { submissionId: receipt.submissionId, figures: 1, withdrawn: 1 } }]);
    const before = await fingerprint(db);
    const again = await app.inject({ method: 'DELETE', url: `${URL}/${dance.id}`, headers: bearer(key) });
    assertProblem(t, again, 'not-found', `${URL}/${dance.id}`, `Organisation armley-ballet has no current figure with id ${dance.id}.`);
    t.same(await fingerprint(db), before);
  });

  t.test('a batch flag withdraws a figure; re-submitting brings it back as a new revision', async (t) => {
    await submit([{ activity: 'ballet', area: 'E05011385', period: '2025-26', withdraw: true }]);
    t.same(json(await read(), OrganisationFigureList).data, []);
    await submit([{ activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 15 }]);
    t.same(
      json(await read(), OrganisationFigureList).data.map((f) => f.participants),
      [15],
    );
    t.same(
      json(await read('?history=true&activity=ballet'), OrganisationFigureList).data.map((r) => [r.participants, r.withdrawn]),
      [
        [12, false],
        [14, false],
        [null, true],
        [15, false],
      ],
    );
  });

  t.test('refuses to withdraw what has no current value, or a withdrawal with counts', async (t) => {
    const before = await fingerprint(db);
    const res = await app.inject({
      method: 'POST',
      url: URL,
      headers: bearer(key),
      payload: {
        figures: [
          { activity: 'dance', area: 'E05011385', period: '2025-26', withdraw: true },
          { activity: 'ballet', area: 'E05011385', period: '2025-26', withdraw: true, participants: 3 },
        ],
      },
    });
    assertProblem(t, res, 'unprocessable', URL, '2 of 2 figures are not valid, so nothing was stored. `errors` lists every problem.', {
      errors: [
        { pointer: '/body/figures/0/withdraw', detail: 'there is no current figure to withdraw' },
        { pointer: '/body/figures/1/participants', detail: 'must be left out when withdraw is true' },
      ],
    });
    t.same(await fingerprint(db), before);
  });

  t.test('nothing is ever updated in place: the history only grows', async (t) => {
    const [row] = await queryRows(db, sql`select count(*) as n, count(distinct figure_id) as figures from figure_revisions`);
    t.same(row, { n: 6, figures: 2 });
  });

  t.test('an admin key reads any organisation; an unknown organisation is a 404', async (t) => {
    t.equal(json(await read('', bearer(admin)), OrganisationFigureList).page.total, 1);
    const res = await app.inject({ url: '/v1/organisations/nobody/figures', headers: bearer(admin) });
    assertProblem(t, res, 'not-found', '/v1/organisations/nobody/figures', 'There is no organisation with id nobody.');
  });

  t.test('pages through the history', async (t) => {
    const page = json(await read('?history=true&limit=2&offset=2'), OrganisationFigureList);
    t.same(
      page.data.map((r) => [r.activity, r.participants]),
      [
        ['ballet', 14],
        ['dance', null],
      ],
      'oldest first',
    );
    t.same(page.page, { limit: 2, offset: 2, total: 6 });
  });
});
