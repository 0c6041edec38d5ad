import t from 'tap';
import { organisations } from '../src/db/schema/index.js';
import type { Db } from '../src/db/client.js';
import { MAX_ENTRY_BYTES, ResponseCache } from '../src/http/response-cache.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { forEachDatabase, json } from './helpers/app.js';

const entry = (body: string) => ({ body, contentType: 'application/json; charset=utf-8' });

t.test('keeps the most recently used answers within its byte bound', async (t) => {
  const cache = new ResponseCache(1200);
  cache.set('a', entry('x'.repeat(300)));
  cache.set('b', entry('y'.repeat(300)));
  t.ok(cache.get('a'), 'a is used, so b is now the oldest');
  cache.set('c', entry('z'.repeat(300)));
  t.equal(cache.get('b'), undefined, 'b was evicted to make room');
  t.equal(cache.get('a')?.body, 'x'.repeat(300));
  t.equal(cache.get('c')?.body, 'z'.repeat(300));
  t.ok(cache.stats().bytes <= 1200);
  t.match(cache.stats(), { hits: 3, misses: 1, entries: 2, maxBytes: 1200 });
});

t.test('never keeps an answer larger than its entry limit', async (t) => {
  const cache = new ResponseCache(64 * MAX_ENTRY_BYTES);
  cache.set('download', entry('x'.repeat(MAX_ENTRY_BYTES)));
  t.equal(cache.get('download'), undefined);
  t.equal(cache.stats().bytes, 0);
  const off = new ResponseCache(0);
  t.notOk(off.enabled);
});

t.test('turns away an answer over its entry limit without evicting what it holds', async (t) => {
  const cache = new ResponseCache(4 * MAX_ENTRY_BYTES);
  cache.set('small', entry('x'.repeat(1000)));
  const held = cache.stats().bytes;
  t.ok(held >= 1000, 'the body and its bookkeeping are counted');
  cache.set('download', entry('y'.repeat(MAX_ENTRY_BYTES)));
  t.equal(cache.get('small')?.body, 'x'.repeat(1000));
  t.match(cache.stats(), { entries: 1, bytes: held });
});

async function publishSmallRelease(db: Db) {
  await db.insert(organisations).values([
    { id: 'armley-dance', name: 'Armley Dance', named: true },
    { id: 'bramley-dance', name: 'Bramley Dance', named: true },
  ]);
  for (const [organisationId, participants] of [
    ['armley-dance', 40],
    ['bramley-dance', 61],
  ] as const) {
    await recordSubmission(db, {
      organisationId,
      apiKeyId: null,
      format: 'demo',
      figures: [{ activity: 'dance', area: 'E05011385', period: '2025-26', participants }],
    });
  }
  return publishRelease(db, { policy: DEFAULT_POLICY });
}

const SUMMARY = '/v1/statistics/summary?area=E08000035&activity=dance&period=2025-26';

forEachDatabase(async (t, { app, database }) => {
  await publishSmallRelease(database.db);

  t.test('serves a release answer again from memory, still counted by the rate limiter', async (t) => {
    const first = await app.inject(`${SUMMARY}&release=1`);
    t.equal(first.statusCode, 200);
    const again = await app.inject(`${SUMMARY}&release=1`);
    t.equal(again.body, first.body);
    t.equal(again.headers['content-type'], first.headers['content-type']);
    t.equal(again.headers.etag, first.headers.etag);
    t.equal(Number(again.headers['x-ratelimit-remaining']), Number(first.headers['x-ratelimit-remaining']) - 1);
    const metrics = (await app.inject('/metrics')).body;
    t.match(metrics, /response_cache_hits_total [1-9]/);
    t.match(metrics, /response_cache_bytes [1-9]/);
  });

  t.test('keeps JSON and CSV apart, with the CSV file name', async (t) => {
    const csv = await app.inject({ url: `${SUMMARY}&release=1`, headers: { accept: 'text/csv' } });
    const csvAgain = await app.inject({ url: `${SUMMARY}&release=1`, headers: { accept: 'text/csv' } });
    t.match(csvAgain.headers['content-type'], /^text\/csv/);
    t.equal(csvAgain.headers['content-disposition'], csv.headers['content-disposition']);
    t.equal(csvAgain.body, csv.body);
    t.match(json(await app.inject(`${SUMMARY}&release=1`), Summary), { release: { id: 1 } });
  });

  t.test('answers from the release its ETag names, until the instance sees a newer one', async (t) => {
    const before = json(await app.inject(SUMMARY), Summary);
    t.equal(before.release.id, 1);
    await recordSubmission(database.db, {
      organisationId: 'armley-dance',
      apiKeyId: null,
      format: 'demo',
      figures: [{ activity: 'dance', area: 'E05011385', period: '2025-26', participants: 90 }],
    });
    await publishRelease(database.db, { policy: DEFAULT_POLICY });
    t.equal(json(await app.inject(SUMMARY), Summary).release.id, 1, 'another process published: the instance has not looked yet');
    app.cacheVersions.bump();
    const after = json(await app.inject(SUMMARY), Summary);
    t.equal(after.release.id, 2);
    t.equal(after.total.participants.value, 150, '90 + 61 rounded to the nearest 5');
  });

  t.test('serves cached answers with the database gone, and builds nothing new without it', async (t) => {
    const pinned = await app.inject(`${SUMMARY}&release=1`);
    await database.close();
    const fromMemory = await app.inject(`${SUMMARY}&release=1`);
    t.equal(fromMemory.statusCode, 200);
    t.equal(fromMemory.body, pinned.body);
    t.equal((await app.inject('/v1/statistics/summary?area=E05011385&activity=dance&period=2025-26&release=1')).statusCode, 503);
  });
});

forEachDatabase(
  async (t, { app, database }) => {
    await publishSmallRelease(database.db);
    t.test('builds every answer from the database when RESPONSE_CACHE_MAX_BYTES is 0', async (t) => {
      t.equal((await app.inject(`${SUMMARY}&release=1`)).statusCode, 200);
      await database.close();
      t.equal((await app.inject(`${SUMMARY}&release=1`)).statusCode, 503);
    });
  },
  { RESPONSE_CACHE_MAX_BYTES: '0' },
);
