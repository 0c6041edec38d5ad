import pg from 'pg';
import { Problem } from '../src/http/problem.js';
import { OrganisationFeedPage, ReleaseFeedPage } from '../src/modules/feeds/feeds.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';

type Item = { state: 'updated' | 'deleted'; id: string; modified: number; data?: { name?: string } };

forEachDatabase(async (t, { app, database, kind }) => {
  const admin = await adminKey(database.db);
  const patch = (id: string, payload: object) =>
    app.inject({ method: 'PATCH', url: `/v1/organisations/${id}`, headers: bearer(admin), payload });
  const relative = (url: string) => url.replace('https://participation.test', '');

  /** Reads pages from `url` until one comes back empty; returns the items and the last `next`. */
  async function follow(url: string, between: (page: number) => Promise<void> = async () => {}) {
    const items: Item[] = [];
    for (let page = 0; page < 50; page++) {
      const res = await app.inject(url);
      t.equal(res.statusCode, 200, url);
      const body = json(res, OrganisationFeedPage);
      items.push(...body.items);
      if (body.items.length === 0) {
        t.equal(body.next, `https://participation.test${url}`, 'the last page points at itself');
        return { items, next: url };
      }
      url = relative(body.next);
      await between(page);
    }
    throw new Error('the feed did not end');
  }

  t.test(
    'pages through named organisations with inserts, changes and withdrawals between pages: nothing missed, nothing twice',
    async (t) => {
      for (const id of ['feed-a', 'feed-b', 'feed-d']) await organisationWithKey(app, admin, id);
      await organisationWithKey(app, admin, 'feed-c', false);
      const { items, next } = await follow('/v1/feeds/organisations?limit=2', async (page) => {
        if (page === 0) {
          await organisationWithKey(app, admin, 'feed-e');
          t.equal((await patch('feed-a', { named: false })).statusCode, 200, 'feed-a withdraws its consent');
          t.equal((await patch('feed-b', { name: 'Feed B renamed' })).statusCode, 200);
          await organisationWithKey(app, admin, 'feed-f', false);
          t.equal((await patch('feed-c', { name: 'Still unnamed' })).statusCode, 200);
        }
      });
      const keys = items.map((i) => `${i.id}@${i.modified}`);
      t.equal(new Set(keys).size, keys.length, 'no change is delivered twice');
      const order = items.map((i) => [i.modified, i.id] as const);
      t.ok(
        order.every((x, n) => n === 0 || x[0] > order[n - 1]![0] || (x[0] === order[n - 1]![0] && x[1] > order[n - 1]![1])),
        'in (modified, id) order',
      );
      const latest = new Map(items.map((i) => [i.id, i]));
      t.same([...latest.keys()].sort(), ['feed-a', 'feed-b', 'feed-d', 'feed-e'], 'every named organisation, and never an unnamed one');
      t.same(latest.get('feed-a'), { state: 'deleted', kind: 'Organization', id: 'feed-a', modified: latest.get('feed-a')!.modified });
      t.equal(latest.get('feed-b')!.data?.name, 'Feed B renamed', 'the change after the first page arrives');
      t.equal(latest.get('feed-e')!.data?.name, 'Group feed-e', 'an organisation created between pages arrives');
      t.notOk(
        JSON.stringify(items).includes('feed-c') || JSON.stringify(items).includes('feed-f'),
        'unnamed organisations never appear, not even by id',
      );
      const tombstone = JSON.stringify(items.filter((i) => i.id === 'feed-a' && i.state === 'deleted'));
      t.notMatch(tombstone, /Group feed-a/, 'the tombstone carries no name');

      // Consent given again: the organisation comes back, after everything read so far.
      t.equal((await patch('feed-a', { named: true })).statusCode, 200);
      const again = await follow(next);
      t.same(
        again.items.map((i) => [i.id, i.state]),
        [['feed-a', 'updated']],
      );
    },
  );

  t.test('the organisation feed stops naming an organisation at once when it withdraws its consent', async (t) => {
    const first = await app.inject('/v1/feeds/organisations');
    t.ok(json(first, OrganisationFeedPage).items.some((i) => i.id === 'feed-d' && i.state === 'updated'));
    t.equal((await patch('feed-d', { named: false })).statusCode, 200);
    const res = await app.inject({ url: '/v1/feeds/organisations', headers: { 'if-none-match': String(first.headers.etag ?? '') } });
    t.equal(res.statusCode, 200, 'an earlier ETag no longer matches');
    const d = json(res, OrganisationFeedPage).items.filter((i) => i.id === 'feed-d');
    t.same(
      d.map((i) => i.state),
      ['deleted'],
    );
    t.notMatch(res.body, /Group feed-d/);
  });

  t.test('pages through releases as they are published', async (t) => {
    const key = await organisationWithKey(app, admin, 'feed-release-club');
    const publish = async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin), payload: {} });
      t.equal(res.statusCode, 201);
    };
    await app.inject({
      method: 'POST',
      url: '/v1/organisations/feed-release-club/figures',
      headers: bearer(key),
      payload: { figures: [{ activity: 'running', area: 'E05011385', period: '2025-09', participants: 40 }] },
    });
    await publish();
    const first = json(await app.inject('/v1/feeds/releases?limit=1'), ReleaseFeedPage);
    t.same(
      first.items.map((i) => [i.id, i.state, i.state === 'updated' ? i.data.id : null]),
      [['1', 'updated', 1]],
    );
    await publish();
    const second = json(await app.inject(relative(first.next)), ReleaseFeedPage);
    t.same(
      second.items.map((i) => i.id),
      ['2'],
    );
    const end = json(await app.inject(relative(second.next)), ReleaseFeedPage);
    t.same(end.items, []);
    t.equal(end.next, second.next);
  });

  t.test('refuses afterTimestamp without afterId, and the other way round', async (t) => {
    for (const url of ['/v1/feeds/releases?afterTimestamp=1', '/v1/feeds/organisations?afterId=x']) {
      const res = await app.inject(url);
      t.equal(res.statusCode, 400, url);
      t.match(json(res, Problem), { type: '/problems/validation', detail: /go together/ });
    }
  });

  if (kind !== 'postgres') return;
  t.test('a change that commits while another is open is never sorted before what a reader has already seen', async (t) => {
    await organisationWithKey(app, admin, 'feed-race-a');
    await organisationWithKey(app, admin, 'feed-race-b');
    const start = await follow('/v1/feeds/organisations');
    const a = new pg.Client({ connectionString: database.url });
    const b = new pg.Client({ connectionString: database.url });
    await a.connect();
    await b.connect();
    t.teardown(async () => {
      await a.end();
      await b.end();
    });
    await a.query('begin');
    await a.query("update organisations set name = 'Race A', updated_at = now() where id = 'feed-race-a'");
    // B starts after A and tries to commit first. Were B's change to commit now, a reader would page
    // past its time, and A, committing later with an earlier time, would never be read. Instead B
    // waits for A's transaction to end: the feed's writers take turns.
    const bDone = (async () => {
      await b.query('begin');
      await b.query("update organisations set name = 'Race B', updated_at = now() where id = 'feed-race-b'");
      await b.query('commit');
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    app.cacheVersions.bump();
    const seenWhileOpen = await follow(start.next);
    await a.query('commit');
    await bDone;
    // Written behind the API's back, as another instance would: this one's cache versions are re-read now rather than within CACHE_VERSION_TTL_MS.
    app.cacheVersions.bump();
    const seenAfter = await follow(seenWhileOpen.next);
    t.same(
      [...seenWhileOpen.items, ...seenAfter.items].map((i) => [i.id, i.data?.name]),
      [
        ['feed-race-a', 'Race A'],
        ['feed-race-b', 'Race B'],
      ],
      'both changes arrive, in commit order, each once',
    );
  });
});
