import { sql } from 'drizzle-orm';
import type { Test } from 'tap';
import { Problem } from '../src/http/problem.js';
import { Contribution } from '../src/modules/contributions/contributions.schemas.js';
import { PublishedTable, Release, ReleaseList } from '../src/modules/releases/releases.schemas.js';
import { ActivityStatistics, AreaStatistics, Series, Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { json, forEachDatabase } from './helpers/app.js';
import { ARDSLEY, ARMLEY, BRAMLEY, LEEDS, loadFixture } from './fixtures/statistics-fixture.js';

const c = (value: number) => ({ value });
const C = { value: null, flag: 'c' };
const X = { value: null, flag: 'x', reason: 'not reported by every organisation' };

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
    // Areas: 3 wards, Leeds, Yorkshire, England. Activities: ballet, community_dance, dance, community_activity, swimming.
    t.match(body.counts, { figures: 9, organisations: 8, periods: 2, areas: 6, activities: 5 });
    t.equal(body.demo, false);
    t.equal(body.policy.suppressUpTo, 7);
    t.equal(body.policy.unreported, 'null', 'a new release says it leaves a measure not reported by everyone unpublished');
    const list = json(await get('/v1/releases'), ReleaseList);
    t.same([list.data.map((r) => r.id), list.page.total], [[1], 1]);
    t.same(json(await get('/v1/releases/latest'), Release), body);
  });

  t.test('Leeds dance 2025-26: total, rate, comparisons and breakdown as worked by hand', async (t) => {
    const res = await get(`/v1/statistics/summary?area=${LEEDS}&activity=dance&period=2025-26`);
    t.equal(res.statusCode, 200);
    const body = json(res, Summary);
    // 12 (ballet, once although ballet reaches dance twice) + 3 + 8 + 7 + 40 + 0 = 70 → 70.
    // Attendances: armley-ballet reported 140 and the other five none, so not every figure reported
    // them → x (counting the missing ones as 0 published 140 beside 70 participants, as if complete).
    // Sessions and volunteers: nobody reported them → x, not 0.
    t.same(body.total, { participants: c(70), attendances: X, sessions: X, volunteers: X, organisations: 6 });
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
    t.match(body.notes[2], /published only where every organisation reported them.*flag x, \[x\] in CSV/);
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

  t.test('publishes a measure only where every organisation in the total reported it, else x', async (t) => {
    const swimming = json(await get(`/v1/statistics/summary?area=${ARMLEY}&activity=swimming&period=2025-26`), Summary);
    // Participants 25 + 15 = 40 → 40. Attendances: swimmers 300, aquafit none → x. Sessions 48 + 20 = 68 → 70.
    // Volunteers 6 + 3 = 9 → 10: both reported, so their sum is published like any count.
    t.same(swimming.total, { participants: c(40), attendances: X, sessions: c(70), volunteers: c(10), organisations: 2 });
    // Shares of the published 40: 25/40 = 0.625, 15/40 = 0.375; nobody is merged, so no "other" row.
    t.same(
      swimming.breakdown.map((b) => [b.label, b.participants, b.share, b.rank]),
      [
        ['Armley Swimmers', c(25), 0.625, 1],
        ['Armley Aquafit', c(15), 0.375, 2],
      ],
    );
    const ballet = json(await get(`/v1/statistics/summary?area=${ARMLEY}&activity=ballet&period=2025-26`), Summary);
    // One figure, armley-ballet's: 12 → 10 participants; it reported 140 attendances → 140, and no sessions or volunteers → x.
    t.same(ballet.total, { participants: c(10), attendances: c(140), sessions: X, volunteers: X, organisations: 1 });
    const all = json(await get(`/v1/statistics/summary?area=${ARMLEY}&period=2025-26`), Summary);
    // All activities in Armley: 12 + 3 + 25 + 15 = 55 → 55; armley-dance reported no measure at all → x for each.
    t.same(all.total, { participants: c(55), attendances: X, sessions: X, volunteers: X, organisations: 4 });
    const older = json(await get(`/v1/statistics/summary?area=${ARMLEY}&activity=ballet&period=2024-25`), Summary);
    // armley-ballet's 2024-25 figure has no measures: its 140 attendances of 2025-26 never reach another period.
    t.same(older.total, { participants: c(20), attendances: X, sessions: X, volunteers: X, organisations: 1 });
  });

  t.test('a measure not reported is x in every endpoint and in the whole published table, never 0 or [c]', async (t) => {
    const areas = json(await get(`/v1/statistics/areas?parent=${LEEDS}&activity=swimming&period=2025-26`), AreaStatistics);
    // Only Armley has swimming figures, and none was reported for Leeds itself: one row, no not-attributed row.
    t.same(
      areas.data.map((r) => [r.area?.code ?? null, r.total]),
      [[ARMLEY, { participants: c(40), attendances: X, sessions: c(70), volunteers: c(10), organisations: 2 }]],
    );
    const series = json(await get(`/v1/statistics/series?area=${LEEDS}&activity=swimming`), Series);
    t.same(
      series.data.map((r) => [r.period, r.total.attendances, r.total.sessions]),
      [['2025-26', X, c(70)]],
    );
    const table = json(await get('/v1/releases/1/download'), PublishedTable).data;
    const armleySwimming = table.filter((r) => r.areaCode === ARMLEY && r.activityId === 'swimming');
    t.same(
      armleySwimming.map((r) => [r.row, r.participants, r.attendances, r.sessions, r.volunteers]),
      [
        ['total', c(40), X, c(70), c(10)],
        ['organisation', c(25), null, null, null],
        ['organisation', c(15), null, null, null],
      ],
      'breakdown rows carry participants only, which every figure reports',
    );
    const csv = (await get('/v1/releases/1/download?format=csv')).body;
    t.match(csv, /\r\n1,false,2025-26,E05011385,Armley,swimming,total,,,40,\[x\],70,10,2,,,,\r\n/);
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

  const csvLines = async (t: Test, url: string) => {
    const res = await get(url);
    t.match(res.headers['content-type'], /^text\/csv/);
    return res.body.replace(/^\uFEFF/, '').split('\r\n');
  };

  t.test('summary CSV names its release, period, area and activity on every row, and marks suppressed cells [c]', async (t) => {
    // Armley dance 2025-26 as worked above: total 15; armley-ballet 10, 10/15 = 0.6667; other (armley-dance 3) suppressed.
    t.same(await csvLines(t, `/v1/statistics/summary?area=${ARMLEY}&activity=dance&format=csv`), [
      'release,demo,period,area_code,area_name,activity_id,activity_label,row,organisation_id,label,participants,organisations,share,rank',
      '1,false,2025-26,E05011385,Armley,dance,Dance,total,,Total,15,2,,',
      '1,false,2025-26,E05011385,Armley,dance,Dance,organisation,armley-ballet,Armley Ballet Club,10,1,0.6667,1',
      '1,false,2025-26,E05011385,Armley,dance,Dance,other,,Other organisations,[c],1,,',
      '',
    ]);
    const all = await csvLines(t, `/v1/statistics/summary?area=${ARMLEY}&period=2025-26&format=csv`);
    t.equal(all[1], '1,false,2025-26,E05011385,Armley,all,All activities,total,,Total,55,4,,', 'all activities is named, not left blank');
  });

  t.test('areas, activities and series CSVs carry their context and mark a measure not reported [x]', async (t) => {
    // Swimming in Leeds by ward: Armley only, as worked above (40; attendances x; 68 → 70 sessions; 9 → 10 volunteers).
    t.same(await csvLines(t, `/v1/statistics/areas?parent=${LEEDS}&activity=swimming&period=2025-26&format=csv`), [
      'release,demo,period,parent_code,parent_name,activity_id,activity_label,area_code,label,participants,attendances,sessions,volunteers,organisations,population,per_1000',
      '1,false,2025-26,E08000035,Leeds,swimming,Swimming,E05011385,Armley,40,[x],70,10,2,,',
      '',
    ]);
    // Top-level activities in Armley: community_activity holds ballet only (12 → 10, 140 attendances); dance holds
    // ballet and armley-dance (12 + 3 = 15, attendances x); swimming as above. Wards have no population.
    t.same(await csvLines(t, `/v1/statistics/activities?area=${ARMLEY}&period=2025-26&format=csv`), [
      'release,demo,period,area_code,area_name,parent_activity_id,activity_id,label,participants,attendances,sessions,volunteers,organisations,population,per_1000',
      '1,false,2025-26,E05011385,Armley,,community_activity,Community activity,10,140,[x],[x],1,,',
      '1,false,2025-26,E05011385,Armley,,dance,Dance,15,[x],[x],[x],2,,',
      '1,false,2025-26,E05011385,Armley,,swimming,Swimming,40,[x],70,10,2,,',
      '',
    ]);
    // Armley ballet: 2024-25 20 (no measures); 2025-26 12 → 10 with 140 attendances.
    t.same(await csvLines(t, `/v1/statistics/series?area=${ARMLEY}&activity=ballet&format=csv`), [
      'release,demo,area_code,area_name,activity_id,activity_label,period,participants,attendances,sessions,volunteers,organisations,population,per_1000',
      '1,false,E05011385,Armley,ballet,Ballet,2024-25,20,[x],[x],[x],1,,',
      '1,false,E05011385,Armley,ballet,Ballet,2025-26,10,140,[x],[x],1,,',
      '',
    ]);
  });

  t.test('contribution CSV names the release and the organisation on every row', async (t) => {
    const lines = await csvLines(t, `/v1/organisations/armley-swimmers/contribution?period=2025-26&format=csv`);
    t.equal(
      lines[0],
      'release,demo,organisation_id,organisation_name,area_code,area_name,activity_id,activity_label,period,participants,total,share,rank,sentence,url',
    );
    const url = 'https://participation.test/v1/statistics/summary?area=E05011385&activity=swimming&period=2025-26&release=1';
    // 25 of the published 40 = 62.5%.
    t.equal(
      lines[1],
      `1,false,armley-swimmers,Armley Swimmers,E05011385,Armley,swimming,Swimming,2025-26,25,40,0.625,1,` +
        `"Armley Swimmers provided 25 of the 40 swimming participations in Armley in 2025-26 (62.5%). Source: Participation API release 1, ${url}",${url}`,
    );
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
      sql`update release_cells set attendances_reported = true`,
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
