import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { queryRows, type Db } from '../src/db/client.js';
import { organisations } from '../src/db/schema/index.js';
import { eq } from 'drizzle-orm';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import {
  buildClosures,
  buildOrganisationCells,
  createPreviewTables,
  insertBreakdown,
  insertCells,
  snapshotFigures,
} from '../src/modules/releases/release-build.queries.js';
import { ReleasePreview } from '../src/modules/releases/release-preview.schemas.js';
import { PublishedTable, Release } from '../src/modules/releases/releases.schemas.js';
import { recordSubmission, withdrawFigure } from '../src/modules/figures/figures.service.js';
import type { App } from '../src/app.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';
import { publishHeldOpen } from './helpers/release-build.js';
import { ARDSLEY, ARMLEY, BRAMLEY, LEEDS, loadFixture } from './fixtures/statistics-fixture.js';

type Preview = ReturnType<typeof ReleasePreview.parse>;
type Values = NonNullable<Preview['data'][number]['after']>;

/** A digest of every row of every table (partitions included) and the list of relations: equal means nothing changed. */
async function wholeDatabase(db: Db) {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
  );
  const digests: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ digest: string }>(
      db,
      sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.identifier(name)} t`,
    );
    digests[name] = row!.digest;
  }
  const [relations] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pg_class`);
  return { digests, relations: relations!.n };
}

async function previewAll(app: App, admin: string, limit = 7): Promise<Preview> {
  let offset = 0;
  let first: Preview | undefined;
  const data: Preview['data'] = [];
  for (;;) {
    const res = await app.inject({ method: 'POST', url: `/v1/releases/preview?limit=${limit}&offset=${offset}`, headers: bearer(admin) });
    if (res.statusCode !== 200) throw new Error(`preview answered ${res.statusCode}: ${res.body}`);
    const page = json(res, ReleasePreview);
    first ??= page;
    data.push(...page.data);
    offset += limit;
    if (offset >= page.page.total) return { ...first, data, page: { limit, offset: 0, total: page.page.total } };
  }
}

const cellId = (period: string, area: string, activity: string | null, row: string) => `${period} ${area} ${activity ?? 'all'} ${row}`;

/** The published cells of a release as the preview states them, by cell. */
async function releaseCells(app: App, id: number): Promise<Map<string, Values>> {
  const table = json(await app.inject(`/v1/releases/${id}/download`), PublishedTable);
  const cells = new Map<string, Values>();
  for (const r of table.data) {
    if (r.row !== 'total' && r.row !== 'not-attributed') continue;
    cells.set(cellId(r.period, r.areaCode, r.activityId, r.row), {
      participants: r.participants,
      attendances: r.attendances!,
      sessions: r.sessions!,
      volunteers: r.volunteers!,
      organisations: r.organisations,
      per1000: r.per1000,
    });
  }
  return cells;
}

/** The cells a release would hold if the preview is right: the earlier release with every change applied. */
function applyChanges(earlier: Map<string, Values>, preview: Preview): Map<string, Values> {
  const next = new Map(earlier);
  for (const c of preview.data) {
    const id = cellId(c.period, c.area.code, c.activityId, c.row);
    if (c.after) next.set(id, c.after);
    else next.delete(id);
  }
  return next;
}

const sorted = (cells: Map<string, Values>) => JSON.stringify([...cells].sort(([a], [b]) => a.localeCompare(b)));

forEachDatabase(
  async (t, { app, database, kind }) => {
    const db = database.db;
    const admin = await adminKey(db);
    const orgKey = await organisationWithKey(app, admin, 'preview-club');

    await t.test('before any figure or release, the preview says nothing would be published', async (t) => {
      const body = await previewAll(app, admin);
      t.same(
        { latest: body.latest, counts: body.counts, naming: body.naming, data: body.data },
        {
          latest: null,
          counts: { before: null, after: { figures: 0, cells: 0, breakdownRows: 0, organisations: 0 } },
          naming: { firstNamed: [], noLongerNamed: [] },
          data: [],
        },
      );
      t.equal(body.next.id, 1);
    });

    await loadFixture(db);

    await t.test('is refused to a caller without a key and to an organisation key, and changes nothing', async (t) => {
      const before = await wholeDatabase(db);
      t.equal((await app.inject({ method: 'POST', url: '/v1/releases/preview' })).statusCode, 401);
      t.equal((await app.inject({ method: 'POST', url: '/v1/releases/preview', headers: bearer(orgKey) })).statusCode, 403);
      t.same(await wholeDatabase(db), before);
    });

    let first: Preview;
    await t.test('previews release 1 on the hand-worked fixture and leaves the database as it was', async (t) => {
      const before = await wholeDatabase(db);
      first = await previewAll(app, admin);
      t.same(await wholeDatabase(db), before, 'every table, row and relation as before');
      t.equal(first.latest, null);
      t.same(first.next, { id: 1, demo: false });
      t.same(first.counts.after, {
        figures: 9,
        cells: first.page.total,
        organisations: 8,
        breakdownRows: first.counts.after.breakdownRows,
      });
      t.ok(
        first.data.every((c) => c.change === 'new' && c.before === null),
        'every cell is new',
      );
      // Named and shown somewhere: all but quiet-group (unnamed) and armley-dance (3: always suppressed).
      t.same(
        first.naming.firstNamed.map((o) => o.id),
        ['ardsley-steps', 'armley-aquafit', 'armley-ballet', 'armley-swimmers', 'bramley-movers', 'leeds-dance-network'],
      );
      const leedsDance = first.data.find(
        (c) => c.period === '2025-26' && c.area.code === LEEDS && c.activityId === 'dance' && c.row === 'total',
      );
      // 12 + 3 + 8 + 7 + 40 + 0 = 70 → 70; 70 × 1000 / 822,483 = 0.0851; six organisations.
      t.same(leedsDance?.after, {
        participants: { value: 70 },
        attendances: { value: null, flag: 'x', reason: 'not reported by every organisation' },
        sessions: { value: null, flag: 'x', reason: 'not reported by every organisation' },
        volunteers: { value: null, flag: 'x', reason: 'not reported by every organisation' },
        organisations: 6,
        per1000: 0.0851,
      });
    });

    await t.test("the preview's after values are release 1's published values, to the byte", async (t) => {
      const published = await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin), payload: { notes: 'One' } });
      t.equal(json(published, Release).id, 1);
      const cells = await releaseCells(app, 1);
      t.equal(cells.size, first.page.total, 'as many cells as the preview announced');
      t.equal(sorted(applyChanges(new Map(), first)), sorted(cells));
      const csv = parse<Record<string, string>>(
        (await app.inject({ method: 'POST', url: '/v1/releases/preview?format=csv', headers: bearer(admin) })).body,
        {
          columns: true,
        },
      );
      t.equal(csv.length, 0, 'against release 1 itself, nothing would change');
    });

    let second: Preview;
    await t.test('previews the changes of release 2 as worked by hand', async (t) => {
      // bramley-movers 8 → 12; armley-ballet 2024-25 20 → 5; ardsley-steps withdraws its only figure;
      // a new named group reports 25 for swimming in Bramley.
      await recordSubmission(db, {
        organisationId: 'bramley-movers',
        apiKeyId: null,
        format: 'json',
        figures: [{ activity: 'dance', area: BRAMLEY, period: '2025-26', participants: 12 }],
      });
      await recordSubmission(db, {
        organisationId: 'armley-ballet',
        apiKeyId: null,
        format: 'json',
        figures: [{ activity: 'ballet', area: ARMLEY, period: '2024-25', participants: 5 }],
      });
      const [ardsley] = await queryRows<{ id: string }>(
        db,
        sql`select figure_id as id from current_figures where organisation_id = 'ardsley-steps'`,
      );
      await withdrawFigure(db, 'ardsley-steps', ardsley!.id, { apiKeyId: null, requestId: null });
      await db.insert(organisations).values({ id: 'bramley-swim', name: 'Bramley Swim', named: true });
      await recordSubmission(db, {
        organisationId: 'bramley-swim',
        apiKeyId: null,
        format: 'json',
        figures: [{ activity: 'swimming', area: BRAMLEY, period: '2025-26', participants: 25 }],
      });
      const latest = await app.inject('/v1/releases/latest');
      const before = await wholeDatabase(db);
      second = await previewAll(app, admin, 5);
      const again = await app.inject({ url: '/v1/releases/latest', headers: { 'if-none-match': String(latest.headers.etag) } });
      t.equal(again.statusCode, 304, 'a preview stores nothing, so it retires no ETag');
      t.same(await wholeDatabase(db), before, 'nothing left behind');
      t.same(second.latest?.id, 1);
      t.same(second.naming, {
        firstNamed: [{ id: 'bramley-swim', name: 'Bramley Swim' }],
        noLongerNamed: [{ id: 'ardsley-steps', name: 'Ardsley Steps' }],
      });
      t.same(
        { figures: second.counts.before?.figures, after: second.counts.after.figures, orgs: second.counts.after.organisations },
        { figures: 9, after: 9, orgs: 8 },
        '9 figures - 1 withdrawn + 1 new; ardsley-steps leaves, bramley-swim joins',
      );
      const find = (area: string, activity: string | null, period = '2025-26') =>
        second.data.find((c) => c.period === period && c.area.code === area && c.activityId === activity && c.row === 'total');
      // Bramley dance: 8 + 7 = 15 → 15, then 12 + 7 = 19 → 20.
      t.same(
        [find(BRAMLEY, 'dance')?.change, find(BRAMLEY, 'dance')?.before?.participants, find(BRAMLEY, 'dance')?.after?.participants],
        ['changed', { value: 15 }, { value: 20 }],
      );
      // Leeds dance: 70 → 74 - 0 (ardsley withdrew 0) = 74 → 75.
      t.same(find(LEEDS, 'dance')?.after?.participants, { value: 75 });
      // Armley ballet 2024-25: 20 → 20, then 5 → suppressed.
      t.same(
        [find(ARMLEY, 'ballet', '2024-25')?.change, find(ARMLEY, 'ballet', '2024-25')?.after?.participants],
        ['suppressed', { value: null, flag: 'c' }],
      );
      // Ardsley's cells had only ardsley-steps: gone. Bramley swimming is new: 25 → 25.
      t.same([find(ARDSLEY, 'ballet')?.change, find(ARDSLEY, 'ballet')?.after], ['gone', null]);
      t.same([find(BRAMLEY, 'swimming')?.change, find(BRAMLEY, 'swimming')?.after?.participants], ['new', { value: 25 }]);
      t.notOk(find(ARMLEY, 'swimming'), 'Armley swimming did not change, so it is not listed');
    });

    await t.test("release 2 is release 1 with exactly the preview's changes, to the byte, in JSON and CSV", async (t) => {
      const csv = (await app.inject({ method: 'POST', url: '/v1/releases/preview', headers: { ...bearer(admin), accept: 'text/csv' } }))
        .body;
      const rows = parse<Record<string, string>>(csv, { columns: true });
      t.equal(rows.length, second.page.total, 'the CSV holds every change');
      t.equal((await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin) })).statusCode, 201);
      const two = await releaseCells(app, 2);
      t.equal(sorted(applyChanges(await releaseCells(app, 1), second)), sorted(two));
      const releaseCsv = parse<Record<string, string>>((await app.inject('/v1/releases/2/download?format=csv')).body, {
        columns: true,
      });
      for (const row of rows.filter((r) => r.change !== 'gone')) {
        const published = releaseCsv.find(
          (r) => r.period === row.period && r.area_code === row.area_code && r.activity_id === row.activity_id && r.row === row.row,
        );
        t.same(
          ['participants', 'attendances', 'sessions', 'volunteers', 'organisations', 'per_1000'].map((m) => row[`after_${m}`]),
          ['participants', 'attendances', 'sessions', 'volunteers', 'organisations', 'per_1000'].map((m) => published?.[m]),
          `${row.period} ${row.area_code} ${row.activity_id} ${row.row}: the CSV cells are the published ones`,
        );
      }
    });

    await t.test('previews side by side with a publication: none waits for another, none corrupts another', async (t) => {
      await db.update(organisations).set({ named: false }).where(eq(organisations.id, 'bramley-movers'));
      const predicted = await previewAll(app, admin, 1000);
      const expected = applyChanges(await releaseCells(app, 2), predicted);
      const before = await wholeDatabase(db);
      const [a, b, published, c] = await Promise.all([
        previewAll(app, admin, 1000),
        previewAll(app, admin, 1000),
        app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin), payload: { notes: 'Three' } }),
        previewAll(app, admin, 1000),
      ]);
      t.equal(json(published, Release).id, 3);
      t.equal(sorted(await releaseCells(app, 3)), sorted(expected), 'release 3 is what the preview said');
      for (const p of [a, b, c]) {
        // Each saw the database before or after the publication, never half of it.
        if (p.latest?.id === 2) t.equal(JSON.stringify(p.data), JSON.stringify(predicted.data));
        else t.same([p.latest?.id, p.page.total, p.next.id], [3, 0, 4]);
      }
      const after = await wholeDatabase(db);
      t.same(Object.keys(after.digests).length, Object.keys(before.digests).length + 2, 'two new tables: the partitions of release 3');
      const [temporary] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pg_class where relpersistence = 't'`);
      t.equal(temporary!.n, 0, 'no temporary table survives any preview');
    });

    if (kind !== 'postgres') return;
    t.test('a publication in progress does not hold up a preview, nor a preview in progress a publication', async (t) => {
      await recordSubmission(db, {
        organisationId: 'bramley-swim',
        apiKeyId: null,
        format: 'json',
        figures: [{ activity: 'swimming', area: BRAMLEY, period: '2025-26', participants: 40 }],
      });
      // A preview's build, halfway, in a transaction held open while a publication runs to the end.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let built!: () => void;
      const ready = new Promise<void>((resolve) => (built = resolve));
      const previewing = db
        .transaction(async (tx) => {
          await snapshotFigures(tx);
          await buildClosures(tx);
          await buildOrganisationCells(tx);
          const target = await createPreviewTables(tx);
          await insertCells(tx, target, DEFAULT_POLICY);
          await insertBreakdown(tx, target, DEFAULT_POLICY);
          built();
          await held;
          tx.rollback();
        })
        .catch(() => undefined);
      await ready;
      const published = await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin) });
      t.equal(json(published, Release).id, 4, 'the publication finished while the preview was open');
      release();
      await previewing;
      // A publication's build, halfway (the releases lock taken, its tables attached), held open while previews run.
      const publication = await publishHeldOpen(db);
      const during = await previewAll(app, admin, 1000);
      t.equal(during.latest?.id, 4, 'the preview answered while release 5 was being built, against release 4');
      await publication.finish();
      t.equal(json(await app.inject('/v1/releases/latest'), Release).id, 5);
    });
  },
  // The expected values are worked out by hand under rounding (suppress 1 to 7, round to 5).
  { DISCLOSURE_METHOD: 'round' },
);
