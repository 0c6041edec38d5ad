import t from 'tap';
import { organisations } from '../src/db/schema/index.js';
import { CacheVersions } from '../src/http/cache-versions.js';
import { matchesIfNoneMatch } from '../src/plugins/caching.js';
import { OrganisationList } from '../src/modules/organisations/organisations.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';

const AREA = '/v1/areas/E08000035';

forEachDatabase(async (t, { app, database }) => {
  // Stand-ins for the statistics and releases routes: the policies are what is under test.
  let latestRelease = 7;
  app.cacheVersions.setLatestRelease(async () => latestRelease);
  app.get('/test/statistics', { config: { cache: 'release' } }, async () => ({ ok: true }));
  app.get('/test/releases/:id', { config: { cache: 'release-pinned' } }, async () => ({ ok: true }));
  app.get('/test/releases/latest', { config: { cache: 'latest' } }, async () => ({ ok: true }));

  t.test('answers 304 with no body to a matching If-None-Match, without spending rate-limit quota', async (t) => {
    const first = await app.inject(AREA);
    t.equal(first.statusCode, 200);
    t.match(first.headers.etag, /^"[\w-]{27}"$/);
    const remaining = Number(first.headers['x-ratelimit-remaining']);
    const revalidated = await app.inject({ url: AREA, headers: { 'if-none-match': `"other", ${first.headers.etag}` } });
    t.equal(revalidated.statusCode, 304);
    t.equal(revalidated.body, '');
    t.equal(revalidated.headers.etag, first.headers.etag);
    t.equal(revalidated.headers['x-ratelimit-remaining'], undefined);
    const after = await app.inject(AREA);
    t.equal(Number(after.headers['x-ratelimit-remaining']), remaining - 1, 'only the two full answers counted');
  });

  t.test('gives reference data a short public max-age and varies on Accept', async (t) => {
    const jsonAnswer = await app.inject('/v1/areas?parent=E08000035');
    const csvAnswer = await app.inject({ url: '/v1/areas?parent=E08000035', headers: { accept: 'text/csv' } });
    t.equal(jsonAnswer.headers['cache-control'], 'public, max-age=60');
    t.equal(jsonAnswer.headers.vary, 'Accept, Authorization');
    t.not(jsonAnswer.headers.etag, csvAnswer.headers.etag, 'JSON and CSV are different representations');
    for (const accept of ['*/*', 'application/json', 'application/json, text/plain;q=0.5']) {
      const same = await app.inject({ url: '/v1/areas?parent=E08000035', headers: { accept } });
      t.equal(same.headers.etag, jsonAnswer.headers.etag, `Accept: ${accept} asks for the same JSON, so it shares the ETag`);
    }
    const otherQuery = await app.inject('/v1/areas?parent=E12000003');
    t.not(otherQuery.headers.etag, jsonAnswer.headers.etag);
  });

  t.test('answers CSV only when Accept prefers it, by q-value and then by order; ?format= wins', async (t) => {
    const url = '/v1/areas?parent=E08000035';
    const jsonEtag = (await app.inject(url)).headers.etag;
    const csvEtag = (await app.inject({ url, headers: { accept: 'text/csv' } })).headers.etag;
    const cases: [string, Record<string, string>, 'json' | 'csv'][] = [
      [url, { accept: 'text/csv;q=0.1, application/json' }, 'json'],
      [url, { accept: 'application/json;q=0.5, text/csv' }, 'csv'],
      [url, { accept: 'text/csv, application/json' }, 'csv'],
      [url, { accept: 'application/json, text/csv' }, 'json'],
      [url, { accept: 'text/csv;q=0' }, 'json'],
      [url, { accept: '*/*;q=0.8, text/csv;q=0.5' }, 'json'],
      [url, { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }, 'json'],
      [`${url}&format=json`, { accept: 'text/csv' }, 'json'],
      [`${url}&format=csv`, { accept: 'application/json' }, 'csv'],
    ];
    for (const [path, headers, expected] of cases) {
      const res = await app.inject({ url: path, headers });
      const label = `${path} with Accept: ${headers.accept}`;
      t.equal(res.statusCode, 200, label);
      t.match(res.headers['content-type'], expected === 'csv' ? /^text\/csv/ : /^application\/json/, label);
      if (path === url)
        t.equal(res.headers.etag, expected === 'csv' ? csvEtag : jsonEtag, `${label} shares the ETag of its representation`);
    }
  });

  t.test('answers 304 to a matching If-None-Match whatever Cache-Control the request carries', async (t) => {
    const first = await app.inject(AREA);
    const weak = `W/${String(first.headers.etag)}`;
    for (const headers of [{ 'if-none-match': weak }, { 'if-none-match': String(first.headers.etag), 'cache-control': 'no-cache' }]) {
      t.equal((await app.inject({ url: AREA, headers })).statusCode, 304, JSON.stringify(headers));
    }
    t.equal((await app.inject({ url: AREA, headers: { 'if-none-match': '"a", "b"' } })).statusCode, 200);
  });

  t.test('changes reference ETags once a write is announced with cacheVersions.bump()', async (t) => {
    const before = await app.inject('/v1/organisations');
    await database.db.insert(organisations).values({ id: 'leeds-runners', name: 'Leeds Runners', named: true });
    app.cacheVersions.bump();
    const after = await app.inject({ url: '/v1/organisations', headers: { 'if-none-match': before.headers.etag as string } });
    t.equal(after.statusCode, 200);
    t.equal(json(after, OrganisationList).page.total, json(before, OrganisationList).page.total + 1);
    t.not(after.headers.etag, before.headers.etag);
    app.cacheVersions.bump();
    const unchanged = await app.inject('/v1/organisations');
    t.not(unchanged.headers.etag, after.headers.etag, 'a bump the digest cannot see still retires old ETags');
  });

  t.test('retires reference ETags after any successful write, so a client never keeps stale data', async (t) => {
    const admin = await adminKey(database.db);
    const key = await organisationWithKey(app, admin, 'etag-ballet');
    // Submitting figures changes no organisation, activity or release row: the digest cannot see it.
    const before = await app.inject('/v1/organisations?activity=ballet');
    t.equal(json(before, OrganisationList).page.total, 0);
    const submitted = await app.inject({
      method: 'POST',
      url: '/v1/organisations/etag-ballet/figures',
      headers: bearer(key),
      payload: { figures: [{ activity: 'ballet', area: 'E05011385', period: '2025-09', participants: 12 }] },
    });
    t.equal(submitted.statusCode, 201);
    const after = await app.inject({ url: '/v1/organisations?activity=ballet', headers: { 'if-none-match': String(before.headers.etag) } });
    t.equal(after.statusCode, 200, 'the old ETag no longer matches');
    t.equal(json(after, OrganisationList).page.total, 0, 'the figure is in no release yet');
    t.not(after.headers.etag, before.headers.etag);
  });

  t.test('marks URLs pinned to a release immutable for a year', async (t) => {
    for (const url of ['/test/releases/3', '/test/statistics?release=3']) {
      const res = await app.inject(url);
      t.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', url);
      t.equal((await app.inject({ url, headers: { 'if-none-match': res.headers.etag as string } })).statusCode, 304);
    }
  });

  t.test('ties "latest" ETags to the latest release id, which a bump refreshes', async (t) => {
    const before = await app.inject('/test/statistics');
    t.equal(before.headers['cache-control'], 'public, max-age=60');
    const latest = await app.inject('/test/releases/latest');
    latestRelease = 8;
    app.cacheVersions.bump();
    for (const [url, old] of [
      ['/test/statistics', before],
      ['/test/releases/latest', latest],
    ] as const) {
      const res = await app.inject({ url, headers: { 'if-none-match': old.headers.etag as string } });
      t.equal(res.statusCode, 200, url);
    }
  });

  t.test('never stores errors, keyed requests or operational answers', async (t) => {
    const missing = await app.inject('/v1/areas/E99999999');
    t.equal(missing.statusCode, 404);
    t.equal(missing.headers['cache-control'], 'no-store');
    t.equal(missing.headers.etag, undefined);
    const keyed = await app.inject({ url: AREA, headers: { authorization: 'Bearer some-key' } });
    t.equal(keyed.headers['cache-control'], 'no-store');
    t.equal(keyed.headers.etag, undefined);
    t.equal((await app.inject('/ready')).headers['cache-control'], 'no-store');
  });

  t.test('answers 304 from memory, before any database work', async (t) => {
    const first = await app.inject(AREA);
    await database.close();
    const revalidated = await app.inject({ url: AREA, headers: { 'if-none-match': first.headers.etag as string } });
    t.equal(revalidated.statusCode, 304);
    const full = await app.inject(AREA);
    t.equal(full.statusCode, 503, 'a full answer needs the database, which is gone');
  });
});

t.test('compares If-None-Match weakly, and leaves * to be decided once the handler has answered', async (t) => {
  const etag = '"abc"';
  t.ok(matchesIfNoneMatch('"abc"', etag));
  t.ok(matchesIfNoneMatch('W/"abc"', etag));
  t.ok(matchesIfNoneMatch('"x",W/"abc" ,  "y"', etag));
  t.notOk(matchesIfNoneMatch('"abcd", "ab"', etag));
  t.notOk(matchesIfNoneMatch('*', etag));
  t.notOk(matchesIfNoneMatch('', etag));
  t.notOk(matchesIfNoneMatch(undefined, etag));
});

t.test('keeps a version token: stale while one reload runs, never one loaded before a bump, none after a failure', async (t) => {
  const versions = new CacheVersions(50);
  const loads: { resolve: (id: number) => void; reject: (error: Error) => void }[] = [];
  versions.setLatestRelease(() => new Promise((resolve, reject) => loads.push({ resolve, reject })));
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  const beforeBump = versions.latestRelease();
  versions.bump();
  const afterBump = versions.latestRelease();
  t.equal(loads.length, 2, 'the bump started the next read afresh');
  loads[0]!.resolve(1);
  loads[1]!.resolve(2);
  t.equal(await beforeBump, undefined, 'a read waiting on a load that a bump overtook gets no token, so no ETag');
  t.equal(await afterBump, '2');
  t.equal(await versions.latestRelease(), '2', 'and the overtaken load is not kept');

  await new Promise((resolve) => setTimeout(resolve, 60));
  t.equal(await versions.latestRelease(), '2', 'stale, served while it reloads');
  t.equal(await versions.latestRelease(), '2');
  t.equal(loads.length, 3, 'one reload at a time');
  loads[2]!.resolve(3);
  await settled();
  t.equal(await versions.latestRelease(), '3');

  await new Promise((resolve) => setTimeout(resolve, 60));
  t.equal(await versions.latestRelease(), '3');
  loads[3]!.reject(new Error('database gone'));
  await settled();
  const afterFailure = versions.latestRelease();
  loads[4]!.reject(new Error('database gone'));
  t.equal(await afterFailure, undefined, 'a failed reload forgets the token, so no ETag is made from it');
});
