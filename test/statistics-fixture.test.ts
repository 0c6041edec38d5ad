import { sql } from 'drizzle-orm';
import { Problem } from '../src/http/problem.js';
import { Contribution } from '../src/modules/contributions/contributions.schemas.js';
import { Release, ReleaseList } from '../src/modules/releases/releases.schemas.js';
import { ActivityStatistics, AreaStatistics, Series, Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { json, forEachDatabase } from './helpers/app.js';
import { ARDSLEY, ARMLEY, BRAMLEY, LEEDS, loadFixture } from './fixtures/statistics-fixture.js';

const c = (value: number) => ({ value });
const C = { value: null, flag: 'c' };

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const get = (url: string) => app.inject({ method: 'GET', url });

  await t.test('before any release, statistics answer a 404 that says so', async (t) => {
    const res = await get(`/v1/statistics/summary?area=${LEEDS}`);
    t.equal(res.statusCode, 404);
    t.match(json(res, Problem).detail, /No release has been published yet/);
    t.equal((await get('/v1/releases/latest')).statusCode, 404);
  });

  await loadFixture(db);
  const release = await publishRelease(db, { policy: DEFAULT_POLICY, notes: 'Fixture' });

  t.test('publishes release 1 with its counts', async (t) => {
    t.equal(release.id, 1);
    const body = json(await get('/v1/releases/1'), Release);
    // Areas: 3 wards, Leeds, Yorkshire, England. Activities: ballet, community_dance, dance, community_activity.
    t.match(body.counts, { figures: 7, organisations: 6, periods: 2, areas: 6, activities: 4 });
    t.equal(body.demo, false);
    t.equal(body.policy.suppressUpTo, 7);
    const list = json(await get('/v1/releases'), ReleaseList);
    t.same([list.data.map((r) => r.id), list.page.total], [[1], 1]);
    t.same(json(await get('/v1/releases/latest'), Release), body);
  });

  t.test('Leeds dance 2025-26: total, rate, comparisons and breakdown as worked by hand', async (t) => {
    const res = await get(`/v1/statistics/summary?area=${LEEDS}&activity=dance&period=2025-26`);
    t.equal(res.statusCode, 200);
    const body = json(res, Summary);
    // 12 (ballet, once although ballet reaches dance twice) + 3 + 8 + 7 + 40 + 0 = 70 → 70.
    // Attendances: only armley-ballet reported them, 140 → 140; sessions and volunteers none → 0.
    t.same(body.total, { participants: c(70), attendances: c(140), sessions: c(0), volunteers: c(0), organisations: 6 });
    // 70 × 1000 / 822,483 = 0.08511 → 0.0851
    t.same(body.rate, { per1000: 0.0851, population: 822483, populationYear: 2022, reason: null });
    // Yorkshire: 70 × 1000 / 5,541,262 = 0.01263; England: 70 × 1000 / 57,106,398 = 0.00123
    t.same(body.comparisons, [
      { area: { code: 'E12000003', name: 'Yorkshire and The Humber', type: 'region' }, participants: c(70), per1000: 0.0126 },
      { area: { code: 'E92000001', name: 'England', type: 'country' }, participants: c(70), per1000: 0.0012 },
    ]);
    // Named and not suppressed: network 40 → 40; armley-ballet 12 → 10; bramley-movers 8 → 10; ardsley-steps 0 → 0.
    // Other: armley-dance 3 (named, suppressed) + quiet-group 7 (unnamed) = 10 → 10.
    // Shares of the published 70: 40/70 = 0.5714, 10/70 = 0.1429, 0/70 = 0. Ties share rank 2.
    t.same(body.breakdown, [
      {
        organisation: { id: 'leeds-dance-network', name: 'Leeds Dance Network' },
        label: 'Leeds Dance Network',
        participants: c(40),
        organisations: 1,
        share: 0.5714,
        rank: 1,
      },
      {
        organisation: { id: 'armley-ballet', name: 'Armley Ballet Club' },
        label: 'Armley Ballet Club',
        participants: c(10),
        organisations: 1,
        share: 0.1429,
        rank: 2,
      },
      {
        organisation: { id: 'bramley-movers', name: 'Bramley Movers' },
        label: 'Bramley Movers',
        participants: c(10),
        organisations: 1,
        share: 0.1429,
        rank: 2,
      },
      {
        organisation: { id: 'ardsley-steps', name: 'Ardsley Steps' },
        label: 'Ardsley Steps',
        participants: c(0),
        organisations: 1,
        share: 0,
        rank: 4,
      },
      { organisation: null, label: 'Other organisations', participants: c(10), organisations: 2, share: 0.1429, rank: null },
    ]);
    t.same(body.release, { id: 1, publishedAt: release.publishedAt.toISOString() });
    t.equal(body.citation.url, 'https://participation.test/v1/statistics/summary?area=E08000035&activity=dance&period=2025-26&release=1');
    t.match(body.notes[0], /counts twice/);
    t.notOk(JSON.stringify(body).includes('Quiet Group'), 'an unnamed organisation is never named');
  });

  t.test('Armley dance: a suppressed "other organisations" row and no ward population', async (t) => {
    const body = json(await get(`/v1/statistics/summary?area=${ARMLEY}&activity=dance`), Summary);
    t.equal(body.period, '2025-26', 'the latest period with figures');
    // 12 + 3 = 15 → 15; armley-ballet 12 → 10, 10/15 = 0.6667; other = armley-dance 3 → suppressed.
    t.same(body.total.participants, c(15));
    t.same(body.rate, {
      per1000: null,
      population: null,
      populationYear: null,
      reason: 'ONS publishes no population estimate for this type of area (wards).',
    });
    t.same(
      body.breakdown.map((b) => [b.label, b.participants, b.share, b.rank]),
      [
        ['Armley Ballet Club', c(10), 0.6667, 1],
        ['Other organisations', C, null, null],
      ],
    );
  });

  t.test('Leeds by ward: one row per ward with figures and the not-attributed row, adding up before rounding', async (t) => {
    const body = json(await get(`/v1/statistics/areas?parent=${LEEDS}&activity=dance&period=2025-26`), AreaStatistics);
    // Ardsley 0; Armley 12 + 3 = 15; Bramley 8 + 7 = 15; reported for Leeds itself 40. 0 + 15 + 15 + 40 = 70.
    t.same(
      body.data.map((r) => [r.area?.code ?? null, r.label, r.total.participants, r.total.organisations]),
      [
        [ARDSLEY, 'Ardsley & Robin Hood', c(0), 1],
        [ARMLEY, 'Armley', c(15), 2],
        [BRAMLEY, 'Bramley & Stanningley', c(15), 2],
        [null, 'Not attributed to a ward', c(40), 1],
      ],
    );
    t.same(body.total.participants, c(70));
  });

  t.test('activities beneath dance in Leeds: ballet counts once, community_activity holds it once too', async (t) => {
    const body = json(await get(`/v1/statistics/activities?area=${LEEDS}&parent=dance&period=2025-26`), ActivityStatistics);
    // ballet: 12 + 0 = 12 → 10; community_dance holds only ballet figures: 12 → 10.
    t.same(
      body.data.map((r) => [r.activity.id, r.total.participants]),
      [
        ['ballet', c(10)],
        ['community_dance', c(10)],
      ],
    );
    const all = json(await get(`/v1/statistics/summary?area=${LEEDS}&activity=community_activity&period=2025-26`), Summary);
    t.same(all.total.participants, c(10));
  });

  t.test('a series has one row per period, oldest first', async (t) => {
    const body = json(await get(`/v1/statistics/series?area=${ARMLEY}&activity=ballet`), Series);
    // 2024-25: 20 → 20; 2025-26: 12 → 10.
    t.same(
      body.data.map((r) => [r.period, r.total.participants]),
      [
        ['2024-25', c(20)],
        ['2025-26', c(10)],
      ],
    );
  });

  t.test('a contribution gives the ready-to-paste sentence with a permalink pinned to the release', async (t) => {
    const body = json(await get('/v1/organisations/armley-ballet/contribution?period=2025-26'), Contribution);
    const leedsDance = body.data.find((r) => r.area.code === LEEDS && r.activity?.id === 'dance')!;
    t.same(leedsDance.participants, c(10));
    t.same(leedsDance.total, c(70));
    t.equal(leedsDance.rank, 2);
    t.equal(
      leedsDance.sentence,
      'Armley Ballet Club provided 10 of the 70 dance participations in Leeds in 2025-26 (14.3%). ' +
        'Source: Participation API release 1, https://participation.test/v1/statistics/summary?area=E08000035&activity=dance&period=2025-26&release=1',
    );
    t.equal(
      body.data.length,
      4 * 5,
      '4 areas (ward to country) × 5 activity roll-ups (ballet, community_dance, dance, community_activity, all)',
    );
  });

  t.test('a suppressed named organisation sees its count as [c]; an unnamed one is absent', async (t) => {
    const body = json(await get('/v1/organisations/armley-dance/contribution'), Contribution);
    t.same(body.data[0]?.participants, C);
    t.match(body.data[0]?.sentence, /too small to publish/);
    t.equal((await get('/v1/organisations/quiet-group/contribution')).statusCode, 404);
  });

  t.test('CSV marks suppressed cells [c]', async (t) => {
    const res = await get(`/v1/statistics/summary?area=${ARMLEY}&activity=dance&format=csv`);
    t.match(res.headers['content-type'], /text\/csv/);
    t.match(res.body, /other,,Other organisations,\[c\],1,,/);
  });

  t.test('no figures for a combination is a 404 problem that says why', async (t) => {
    const res = await get(`/v1/statistics/summary?area=${LEEDS}&activity=running`);
    t.equal(res.statusCode, 404);
    t.same(json(res, Problem).type, '/problems/no-figures');
    t.match(json(res, Problem).detail, /Release 1 has no figures for Running .* in Leeds \(E08000035\) in any period/);
    const wards = await get(`/v1/statistics/areas?parent=${ARMLEY}`);
    t.same([wards.statusCode, json(wards, Problem).type], [404, '/problems/no-figures'], 'a ward has no child areas');
    const unknown = await get(`/v1/statistics/series?area=${LEEDS}&release=9`);
    t.same([unknown.statusCode, json(unknown, Problem).detail], [404, 'There is no release 9; GET /v1/releases lists the published ones.']);
  });

  t.test('the database refuses to change a release', async (t) => {
    for (const statement of [
      sql`update release_cells set participants = 0`,
      sql`delete from release_breakdown`,
      sql`update releases set notes = 'x'`,
      // Each release is a partition of its own; reaching it directly changes nothing either.
      sql`update release_cells_1 set participants = 0`,
      sql`delete from release_breakdown_1`,
      sql`truncate release_cells_1`,
      sql`truncate release_breakdown_1`,
      sql`truncate release_cells`,
    ]) {
      const error = await db.execute(statement).then(
        () => undefined,
        (e: Error) => e,
      );
      t.match(String((error?.cause as Error | undefined)?.message), /append-only/);
    }
  });
});
