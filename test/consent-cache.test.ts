// Consent can be withdrawn at any time; the caches in front of the answers it governs must follow.
import { eq } from 'drizzle-orm';
import { organisations } from '../src/db/schema/index.js';
import { OrganisationFigureList } from '../src/modules/figures/figures.schemas.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { OrganisationList } from '../src/modules/organisations/organisations.schemas.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { forEachDatabase, json, waitFor } from './helpers/app.js';
import { adminKey, bearer } from './helpers/auth.js';

const AREA = 'E05011385';
const CONTRIBUTION_URLS = [
  '/v1/organisations/e-small/contribution?release=1',
  '/v1/organisations/e-small/contribution',
  '/v1/organisations/e-small/contribution?format=csv',
  `/v1/organisations/e-small/contribution.svg?area=${AREA}&activity=dance`,
  `/v1/organisations/e-small/contribution.svg?area=${AREA}&activity=dance&release=1`,
];

forEachDatabase(
  async (t, { app, database }) => {
    await database.db.insert(organisations).values([
      { id: 'e-small', name: 'Small Steps Dance', named: true },
      { id: 'e-large', name: 'Large Leaps Dance', named: true },
    ]);
    for (const [organisationId, participants] of [
      ['e-small', 40],
      ['e-large', 61],
    ] as const) {
      await recordSubmission(database.db, {
        organisationId,
        apiKeyId: null,
        format: 'demo',
        figures: [{ activity: 'dance', area: AREA, period: '2025-26', participants }],
      });
    }
    await publishRelease(database.db, { policy: DEFAULT_POLICY });
    app.cacheVersions.bump();
    const admin = await adminKey(database.db);

    t.test('never marks an answer that consent can withdraw immutable', async (t) => {
      for (const url of CONTRIBUTION_URLS) {
        const res = await app.inject(url);
        t.equal(res.statusCode, 200, url);
        t.equal(res.headers['cache-control'], 'public, max-age=60', url);
        t.match(res.body, /Small Steps Dance/, url);
      }
    });

    t.test('serves each answer again from the response cache while consent stands', async (t) => {
      const before = (await app.inject('/metrics')).body.match(/response_cache_hits_total (\d+)/)?.[1];
      for (const url of CONTRIBUTION_URLS) t.equal((await app.inject(url)).statusCode, 200, url);
      const after = (await app.inject('/metrics')).body.match(/response_cache_hits_total (\d+)/)?.[1];
      t.equal(Number(after) - Number(before), CONTRIBUTION_URLS.length, 'every repeat was a hit');
    });

    t.test('answers 404 at every cached URL once the organisation withdraws consent, and no 304 either', async (t) => {
      const etags = new Map<string, string>();
      for (const url of CONTRIBUTION_URLS) etags.set(url, String((await app.inject(url)).headers.etag));
      const withdrawn = await app.inject({
        method: 'PATCH',
        url: '/v1/organisations/e-small',
        headers: bearer(admin),
        payload: { named: false },
      });
      t.equal(withdrawn.statusCode, 200);
      t.equal((await app.inject('/v1/organisations/e-small')).statusCode, 404);
      for (const url of CONTRIBUTION_URLS) {
        const res = await app.inject(url);
        t.equal(res.statusCode, 404, url);
        t.notMatch(res.body, /Small Steps/, url);
        t.equal(res.headers['cache-control'], 'no-store', url);
        const revalidated = await app.inject({ url, headers: { 'if-none-match': etags.get(url)! } });
        t.equal(revalidated.statusCode, 404, `${url}: the old ETag no longer matches`);
      }
    });

    t.test('answers again once consent is given back', async (t) => {
      const given = await app.inject({
        method: 'PATCH',
        url: '/v1/organisations/e-small',
        headers: bearer(admin),
        payload: { named: true },
      });
      t.equal(given.statusCode, 200);
      for (const url of CONTRIBUTION_URLS) t.equal((await app.inject(url)).statusCode, 200, url);
    });

    t.test('sees a withdrawal made by another process within the version TTL', async (t) => {
      const url = CONTRIBUTION_URLS[0]!;
      t.equal((await app.inject(url)).statusCode, 200);
      await database.db.update(organisations).set({ named: false, updatedAt: new Date() }).where(eq(organisations.id, 'e-small'));
      // No bump: this process was not told. It re-reads the reference version once CACHE_VERSION_TTL_MS
      // has passed (the request that notices serves the old one while the new one loads).
      await waitFor(async () => (await app.inject(url)).statusCode === 404, 2_000);
      t.pass('withdrawn within the bound');
    });
  },
  { CACHE_VERSION_TTL_MS: '100' },
);

forEachDatabase(async (t, { app, database }) => {
  t.test('lists an organisation under an activity only once a release publishes its figures', async (t) => {
    const admin = await adminKey(database.db);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: bearer(admin),
      payload: { id: 'befrienders', name: 'Kind Calls', named: true },
    });
    t.equal(created.statusCode, 201);
    const submitted = await app.inject({
      method: 'POST',
      url: '/v1/organisations/befrienders/figures',
      headers: bearer(admin),
      payload: { figures: [{ activity: 'befriending', area: AREA, period: '2025-26', participants: 30 }] },
    });
    t.equal(submitted.statusCode, 201);
    const listed = () => app.inject('/v1/organisations?activity=befriending').then((r) => json(r, OrganisationList).data.map((o) => o.id));
    t.same(await listed(), [], 'no release includes the figure yet');
    t.equal((await app.inject(`/v1/statistics/summary?area=${AREA}&activity=befriending`)).statusCode, 404);
    const released = await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin), payload: {} });
    t.equal(released.statusCode, 201);
    t.same(await listed(), ['befrienders'], 'published now');
    const { id: figureId } = json(
      await app.inject({ url: '/v1/organisations/befrienders/figures', headers: bearer(admin) }),
      OrganisationFigureList,
    ).data[0]!;
    const withdrawn = await app.inject({
      method: 'DELETE',
      url: `/v1/organisations/befrienders/figures/${figureId}`,
      headers: bearer(admin),
    });
    t.equal(withdrawn.statusCode, 200);
    t.same(await listed(), ['befrienders'], 'withdrawn, but still in the latest release until the next one');
  });
});
