// The statistics read path runs as named prepared statements on PostgreSQL: parsed and planned once
// per connection, not on every request. One connection in the pool makes the server's list of
// prepared statements (which is per session) the list for every request.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { connectPostgres, queryRows } from '../src/db/client.js';
import { organisations } from '../src/db/schema/index.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { json, testConfig } from './helpers/app.js';
import { openTestDatabase } from './helpers/databases.js';
import { postgresServerUrl } from './helpers/snapshot.js';

t.test(
  'statistics are read through prepared statements, reused across requests',
  { skip: postgresServerUrl() ? false : 'needs PostgreSQL' },
  async (t) => {
    const copy = await openTestDatabase('postgres');
    const database = connectPostgres({ url: copy.url!, max: 1 });
    const app = await buildApp({ config: testConfig({ RESPONSE_CACHE_MAX_BYTES: '0' }), database });
    t.teardown(async () => {
      await app.close();
      await database.close();
      await copy.close();
    });
    await database.db.insert(organisations).values({ id: 'prepared-runners', name: 'Prepared Runners', named: true });
    await recordSubmission(database.db, {
      organisationId: 'prepared-runners',
      apiKeyId: null,
      format: 'demo',
      figures: [
        { activity: 'running', area: 'E05011385', period: '2025-26', participants: 42 },
        { activity: 'running', area: 'E05011385', period: '2024-25', participants: 30 },
      ],
    });
    await publishRelease(database.db, { policy: DEFAULT_POLICY });

    const prepared = () =>
      queryRows<{ name: string; statement: string }>(
        database.db,
        sql`select name, statement from pg_prepared_statements where starts_with(name, 'q_') order by name`,
      );

    const first = await app.inject('/v1/statistics/summary?area=E05011385&activity=running&period=2025-26');
    t.equal(first.statusCode, 200);
    t.equal(json(first, Summary).total.participants.value, 40);
    const afterFirst = await prepared();
    t.ok(
      afterFirst.some((s) => /from release_cells/.test(s.statement)),
      'the cell lookup is a prepared statement',
    );
    t.ok(
      afterFirst.some((s) => /from release_breakdown/.test(s.statement)),
      'the breakdown is a prepared statement',
    );
    t.ok(
      afterFirst.some((s) => /from areas where code =/.test(s.statement)),
      'the area lookup is a prepared statement',
    );
    t.ok(
      afterFirst.every((s) => !/'E05011385'|'running'/.test(s.statement)),
      'values travel as parameters, not in the text',
    );

    const second = await app.inject('/v1/statistics/summary?area=E05011385&activity=running&period=2024-25');
    t.equal(second.statusCode, 200, 'a prepared statement runs again with other values');
    t.equal(json(second, Summary).total.participants.value, 30);
    t.same(
      (await prepared()).map((s) => s.name),
      afterFirst.map((s) => s.name),
      'the same statements, not new ones per request',
    );

    const allActivities = await app.inject('/v1/statistics/summary?area=E05011385&period=2025-26');
    t.equal(allActivities.statusCode, 200, '"all activities" (is null) is a statement of its own text, not a clash of names');
    t.equal(json(allActivities, Summary).total.participants.value, 40);
  },
);
