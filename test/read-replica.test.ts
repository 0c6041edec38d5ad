// DATABASE_READ_URL: public reads go to the replica, writes, keys and keyed reads to the primary.
// Two separate databases stand in for a primary and its replica, so each answer shows which one
// it came from (a real replica would hold the same rows a moment later).
import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { withReadReplica } from '../src/db/client.js';
import { organisations } from '../src/db/schema/index.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { Organisation } from '../src/modules/organisations/organisations.schemas.js';
import { Release } from '../src/modules/releases/releases.schemas.js';
import { Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { json, testConfig } from './helpers/app.js';
import { adminKey, bearer } from './helpers/auth.js';
import { openTestDatabase } from './helpers/databases.js';
import { postgresServerUrl } from './helpers/snapshot.js';

t.test('refuses a read replica without a primary', async (t) => {
  t.throws(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica/db' }), /DATABASE_READ_URL: a read replica needs DATABASE_URL/);
});

t.test(
  'sends public reads to the replica and everything else to the primary',
  { skip: postgresServerUrl() ? false : 'needs PostgreSQL' },
  async (t) => {
    const primary = await openTestDatabase('postgres');
    const replica = await openTestDatabase('postgres');
    const database = withReadReplica(primary, replica);
    const app = await buildApp({ config: testConfig(), database });
    t.teardown(async () => {
      await app.close();
      await database.close();
    });
    await replica.db.insert(organisations).values({ id: 'replica-runners', name: 'Replica Runners', named: true });
    await recordSubmission(replica.db, {
      organisationId: 'replica-runners',
      apiKeyId: null,
      format: 'demo',
      figures: [{ activity: 'running', area: 'E05011385', period: '2025-26', participants: 42 }],
    });
    await publishRelease(replica.db, { policy: DEFAULT_POLICY });

    const summary = await app.inject('/v1/statistics/summary?area=E05011385&activity=running&period=2025-26');
    t.equal(summary.statusCode, 200, 'statistics come from the replica (the primary has no release)');
    t.equal(json(summary, Summary).total.participants.value, 40);
    t.equal(json(await app.inject('/v1/releases/latest'), Release).id, 1);
    t.equal(json(await app.inject('/v1/organisations/replica-runners'), Organisation).name, 'Replica Runners');

    const admin = await adminKey(primary.db);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: bearer(admin),
      payload: { id: 'primary-walkers', name: 'Primary Walkers', named: true },
    });
    t.equal(created.statusCode, 201, 'the key is checked on the primary and the organisation written there');
    t.equal((await app.inject('/v1/organisations/primary-walkers')).statusCode, 404, 'not yet on the replica, which public reads use');
    const figures = await app.inject({ url: '/v1/organisations/primary-walkers/figures', headers: bearer(admin) });
    t.equal(figures.statusCode, 200, 'keyed reads use the primary, so a group reads back what it just wrote');

    t.equal((await app.inject('/ready')).statusCode, 200);
    await replica.close();
    t.equal((await app.inject('/ready')).statusCode, 503, 'not ready while the replica is unreachable');
  },
);
