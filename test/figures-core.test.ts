import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { organisations } from '../src/db/schema/index.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { forEachDatabase } from './helpers/app.js';

forEachDatabase(async (t, { database }) => {
  const db = database.db;
  await db.insert(organisations).values({ id: 'armley-ballet', name: 'Armley Ballet', named: true });
  const current = () =>
    queryRows(db, sql`select activity_id, area_code, period, participants, attendances from current_figures order by activity_id, period`);

  t.test('stores a batch as revisions and shows the latest in current_figures', async (t) => {
    const first = await recordSubmission(db, {
      organisationId: 'armley-ballet',
      apiKeyId: null,
      format: 'demo',
      figures: [
        { activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 12, attendances: 140 },
        { activity: 'dance', area: 'E05011385', period: '2025-26', participants: 3 },
      ],
    });
    t.equal(first.figures, 2);
    await recordSubmission(db, {
      organisationId: 'armley-ballet',
      apiKeyId: null,
      format: 'demo',
      figures: [{ activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 14, attendances: 150 }],
    });
    t.same(await current(), [
      { activity_id: 'ballet', area_code: 'E05011385', period: '2025-26', participants: 14, attendances: 150 },
      { activity_id: 'dance', area_code: 'E05011385', period: '2025-26', participants: 3, attendances: null },
    ]);
    const [history] = await queryRows<{ n: number }>(db, sql`select count(*) as n from figure_revisions`);
    t.equal(history!.n, 3, 'the old value is kept as a revision');
    const [audit] = await queryRows<{ n: number }>(db, sql`select count(*) as n from audit_log where action = 'figures.submit'`);
    t.equal(audit!.n, 2);
  });

  t.test('a withdrawal removes the figure from current_figures and keeps its history', async (t) => {
    await recordSubmission(db, {
      organisationId: 'armley-ballet',
      apiKeyId: null,
      format: 'withdrawal',
      figures: [{ activity: 'dance', area: 'E05011385', period: '2025-26', participants: null, withdrawn: true }],
    });
    t.same(
      (await current()).map((r) => r.activity_id),
      ['ballet'],
    );
  });

  t.test('the database refuses to change or delete history', async (t) => {
    for (const statement of [
      sql`update figure_revisions set participants = 1`,
      sql`delete from figure_revisions`,
      sql`update figures set period = '2024'`,
      sql`delete from audit_log`,
    ]) {
      const error = await db.execute(statement).then(
        () => undefined,
        (e: Error) => e,
      );
      t.match(String((error?.cause as Error | undefined)?.message), /append-only/);
    }
  });

  t.test('the database refuses to delete, or change the key of, anything a figure refers to', async (t) => {
    // Constant statements, written as text so that each assertion is named by its SQL.
    for (const statement of [
      `delete from areas where code = 'E05011385'`,
      `update areas set code = 'E05999999' where code = 'E05011385'`,
      `delete from activities where id = 'ballet'`,
      `update activities set id = 'ballet2' where id = 'ballet'`,
      `delete from organisations where id = 'armley-ballet'`,
      `update organisations set id = 'armley' where id = 'armley-ballet'`,
      `truncate organisations cascade`,
    ]) {
      const error = await db.execute(sql.raw(statement)).then(
        () => undefined,
        (e: Error) => e,
      );
      t.match(String((error?.cause as Error | undefined)?.message), /not allowed/, statement);
    }
    await db.execute(sql`update organisations set name = 'Armley Ballet' where id = 'armley-ballet'`);
    const [row] = await queryRows<{ name: string }>(db, sql`select name from organisations where id = 'armley-ballet'`);
    t.equal(row!.name, 'Armley Ballet', 'other columns still change');
  });

  t.test('a batch that fails part-way stores nothing', async (t) => {
    const before = await queryRows(
      db,
      sql`select (select count(*) from submissions) s, (select count(*) from figure_revisions) r, (select count(*) from figures) f`,
    );
    await t.rejects(
      recordSubmission(db, {
        organisationId: 'armley-ballet',
        apiKeyId: null,
        format: 'demo',
        figures: [
          { activity: 'ballet', area: 'E05011385', period: '2025-Q1', participants: 5 },
          // Past validation (this calls the service directly), the database's range check refuses it.
          { activity: 'dance', area: 'E05011385', period: '2025-Q1', participants: 20_000_000 },
        ],
      }),
    );
    t.same(
      await queryRows(
        db,
        sql`select (select count(*) from submissions) s, (select count(*) from figure_revisions) r, (select count(*) from figures) f`,
      ),
      before,
    );
  });
});
