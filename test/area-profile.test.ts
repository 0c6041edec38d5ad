import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { compareIntervals, wilsonPer1000 } from '../src/domain/interval.js';
import { Problem } from '../src/http/problem.js';
import { AreaProfile } from '../src/modules/profiles/profiles.schemas.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { AreaStatistics, Series, Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import t from 'tap';
import { forEachDatabase, json } from './helpers/app.js';
import { ARDSLEY, ARMLEY, BRAMLEY, LEEDS, loadProfileFixture } from './fixtures/profile-fixture.js';

const c = (value: number) => ({ value });
const C = { value: null, flag: 'c' };
const YORKSHIRE = { code: 'E12000003', name: 'Yorkshire and The Humber', type: 'region' };
const ENGLAND = { code: 'E92000001', name: 'England', type: 'country' };
// ONS mid-2022: Leeds 822,483; Yorkshire and The Humber 5,541,262; England 57,106,398.
const leeds = (per1000: number, lower95: number, upper95: number) => ({
  per1000,
  lower95,
  upper95,
  population: 822483,
  populationYear: 2022,
  reason: null,
});
const yorks = (per1000: number, lower95: number, upper95: number) => ({ ...leeds(per1000, lower95, upper95), population: 5541262 });
const england = (per1000: number, lower95: number, upper95: number) => ({ ...leeds(per1000, lower95, upper95), population: 57106398 });
const NO_WARD_POPULATION = {
  per1000: null,
  lower95: null,
  upper95: null,
  population: null,
  populationYear: null,
  reason: 'ONS publishes no population estimate for this type of area (wards).',
};

t.test('the Wilson score interval matches published examples (Newcombe 1998, table I)', async (t) => {
  // Newcombe RG, Two-sided confidence intervals for the single proportion, Stat Med 1998;17:857-872:
  // 81/263 → 0.2553 to 0.3662; 15/148 → 0.0624 to 0.1605; 0/20 → 0 to 0.1611; 1/29 → 0.0061 to 0.1718.
  const perUnit = (x: number, n: number) => {
    const i = wilsonPer1000(x, n)!;
    return [Math.round(i.lower * 10) / 10_000, Math.round(i.upper * 10) / 10_000];
  };
  t.same(perUnit(81, 263), [0.2553, 0.3662]);
  t.same(perUnit(15, 148), [0.0624, 0.1605]);
  t.same(perUnit(0, 20), [0, 0.1611]);
  t.same(perUnit(1, 29), [0.0061, 0.1718]);
  t.equal(wilsonPer1000(null, 100), null, 'no interval for a suppressed count');
  t.equal(wilsonPer1000(5, null), null, 'no interval without a population');
  t.equal(compareIntervals({ lower: 2, upper: 3 }, { lower: 1, upper: 1.9 }), 'higher');
  t.equal(compareIntervals({ lower: 2, upper: 3 }, { lower: 1, upper: 2 }), 'similar', 'touching intervals overlap');
  t.equal(compareIntervals({ lower: 0.5, upper: 0.9 }, { lower: 1, upper: 2 }), 'lower');
  t.equal(compareIntervals(null, { lower: 1, upper: 2 }), null);
});

forEachDatabase(async (t, { app, database }) => {
  const get = (url: string) => app.inject({ method: 'GET', url });
  await loadProfileFixture(database.db);
  await publishRelease(database.db, { policy: DEFAULT_POLICY, notes: 'Profile fixture' });

  const res = await get(`/v1/areas/${LEEDS}/profile`);
  const profile = json(res, AreaProfile);

  t.test('Leeds 2025-26: activities, rates, intervals and comparisons as worked by hand', async (t) => {
    t.equal(res.statusCode, 200);
    t.equal(profile.period, '2025-26', 'the latest period: 2025-26 ends after 2025');
    t.equal(profile.previousPeriod, '2024-25');
    // Rounded to 5 (default policy). All: 42 + 18 + 30 + 25 + 12 = 127 → 125. Running: 42 + 18 + 12 = 72 → 70;
    // jogging 12 → 10; dance: 30 + 25 = 55; ballet 30. Top-level by size: running, then dance, each with its largest child.
    // Rates: 125 × 1000 / 822,483 = 0.15198 → 0.1520. Wilson, z = 1.96, p = x/n:
    // (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n) × 1000 → 0.1276 to 0.1811.
    // Yorkshire 125/5,541,262: 0.0226 (0.0189 to 0.0269); England 125/57,106,398: 0.0022 (0.0018 to 0.0026).
    // Leeds's interval lies above both: higher.
    t.same(
      profile.activities.map((a) => [a.activity?.id ?? null, a.parentActivity, a.participants, a.organisations, a.rate]),
      [
        [null, null, c(125), 5, leeds(0.152, 0.1276, 0.1811)],
        ['running', null, c(70), 3, leeds(0.0851, 0.0674, 0.1075)],
        ['jogging', 'running', c(10), 1, leeds(0.0122, 0.0066, 0.0224)],
        ['dance', null, c(55), 2, leeds(0.0669, 0.0514, 0.087)],
        ['ballet', 'dance', c(30), 1, leeds(0.0365, 0.0256, 0.0521)],
      ],
    );
    t.same(profile.activities[0]!.comparisons, [
      { area: YORKSHIRE, rate: yorks(0.0226, 0.0189, 0.0269), significance: 'higher' },
      { area: ENGLAND, rate: england(0.0022, 0.0018, 0.0026), significance: 'higher' },
    ]);
    // Jogging 10 in Yorkshire: 0.0018 (0.0010 to 0.0033); Leeds 0.0066 to 0.0224 lies above it.
    t.same(profile.activities[2]!.comparisons[0], { area: YORKSHIRE, rate: yorks(0.0018, 0.001, 0.0033), significance: 'higher' });
    t.match(profile.method.interval, /^Wilson score interval for a proportion \(95%/);
  });

  t.test('the trend holds the periods of the same kind only, oldest first', async (t) => {
    // 2024-25: all 30 + 20 = 50; running 30; dance and ballet 20 (ballet is under dance); no jogging.
    t.same(
      profile.trend.map((r) => [r.period, r.activity, r.participants]),
      [
        ['2024-25', null, c(50)],
        ['2024-25', 'ballet', c(20)],
        ['2024-25', 'dance', c(20)],
        ['2024-25', 'running', c(30)],
        ['2025-26', null, c(125)],
        ['2025-26', 'ballet', c(30)],
        ['2025-26', 'dance', c(55)],
        ['2025-26', 'jogging', c(10)],
        ['2025-26', 'running', c(70)],
      ],
    );
    t.same(profile.trend[0]!.rate, leeds(0.0608, 0.0461, 0.0801), '50/822,483 with its interval');
  });

  t.test('the community: organisations and volunteers against the same period a year earlier', async (t) => {
    // Volunteers 2025-26: 5 + 3 + 2 + 4 + 1 = 15 → 15; 2024-25: 4 + 2 = 6 → suppressed (1 to 7).
    t.same(profile.community, {
      organisations: 5,
      volunteers: c(15),
      previousPeriod: '2024-25',
      previousOrganisations: 2,
      organisationsChange: 3,
      previousVolunteers: C,
      volunteersChange: null,
    });
    const year = json(await get(`/v1/areas/${LEEDS}/profile?period=2025`), AreaProfile);
    t.same(year.community, {
      organisations: 1,
      volunteers: c(10),
      previousPeriod: '2024',
      previousOrganisations: 1,
      organisationsChange: 0,
      previousVolunteers: c(10),
      volunteersChange: 0,
    });
    t.same(
      year.trend.map((r) => [r.period, r.activity, r.participants]),
      [
        ['2024', null, c(40)],
        ['2024', 'running', c(40)],
        ['2025', null, c(50)],
        ['2025', 'running', c(50)],
      ],
    );
  });

  t.test('wards ranked by participants (no ward population), then the "not attributed" row', async (t) => {
    // Armley 42 + 12 = 54 → 55; Ardsley 30; Bramley 18 → 20; the district-wide dance group 25.
    t.same(profile.children.childType, 'ward');
    t.same(profile.children.rankedBy, 'participants');
    t.same(
      profile.children.data.map((r) => [r.area?.code ?? null, r.label, r.rank, r.participants, r.organisations, r.rate.per1000]),
      [
        [ARMLEY, 'Armley', 1, c(55), 2, null],
        [ARDSLEY, 'Ardsley & Robin Hood', 2, c(30), 1, null],
        [BRAMLEY, 'Bramley & Stanningley', 3, c(20), 1, null],
        [null, 'Not attributed to a ward', null, c(25), 1, null],
      ],
    );
    t.same(profile.children.data[0]!.rate, NO_WARD_POPULATION);
  });

  t.test('benchmarks beside England and deprivation from IMD 2019', async (t) => {
    // reference/active-lives…csv: Leeds 2024/25 active 70.4, inactive 20.3; England 68 and 21.8.
    // reference/dcms…csv 2023/24: arts 89 (England 90), heritage 69 (66), museums 42 (43), libraries 23 (25).
    t.same(
      profile.benchmarks.map((b) => [b.indicatorId, b.period, b.value, b.england]),
      [
        ['active-adults', '2024/25', 70.4, 68],
        ['inactive-adults', '2024/25', 20.3, 21.8],
        ['engaged-with-arts', '2023/24', 89, 90],
        ['visited-heritage-site', '2023/24', 69, 66],
        ['visited-museum-or-gallery', '2023/24', 42, 43],
        ['visited-public-library', '2023/24', 23, 25],
      ],
    );
    // mhclg-imd2019…csv, E08000035: Score 27.301, Proportion 0.2365.
    t.same(profile.deprivation, { source: 'mhclg-imd2019', year: 2019, averageScore: 27.301, mostDeprived10: 0.2365, reason: null });
    t.equal(profile.map, null, 'no map for a district');
  });

  t.test('a district created since 2019 has no deprivation figure and says why', async (t) => {
    const res = await get('/v1/areas/E06000065/profile');
    t.equal(res.statusCode, 404, 'North Yorkshire has no figures in this release');
    t.match(json(res, Problem).detail, /no figures for North Yorkshire/);
  });

  t.test('every answer carries release, licence, attribution, citation and the method', async (t) => {
    t.same(profile.release.id, 1);
    t.equal(profile.citation.url, `https://participation.test/v1/areas/${LEEDS}/profile?period=2025-26&release=1`);
    t.match(profile.licence, { name: 'Creative Commons Attribution 4.0' });
    t.match(profile.attribution, /ONS mid-year population estimates/);
    t.ok(profile.notes.some((n) => /Wilson score/.test(n)));
    t.ok(profile.notes.some((n) => /counts twice/.test(n)));
  });

  t.test('the profile equals the same cells from summary, series and areas', async (t) => {
    for (const a of profile.activities) {
      const q = `area=${LEEDS}&period=2025-26${a.activity ? `&activity=${a.activity.id}` : ''}`;
      const summary = json(await get(`/v1/statistics/summary?${q}`), Summary);
      t.same(a.participants, summary.total.participants, `${a.activity?.id ?? 'all'}: participants`);
      t.equal(a.organisations, summary.total.organisations);
      t.equal(a.rate.per1000, summary.rate.per1000);
      t.same(
        a.comparisons.map((x) => [x.area.code, x.rate.per1000]),
        summary.comparisons.map((x) => [x.area.code, x.per1000]),
      );
      const series = json(await get(`/v1/statistics/series?area=${LEEDS}${a.activity ? `&activity=${a.activity.id}` : ''}`), Series);
      for (const row of profile.trend.filter((r) => r.activity === (a.activity?.id ?? null))) {
        const same = series.data.find((s) => s.period === row.period);
        t.same(row.participants, same?.total.participants, `${a.activity?.id ?? 'all'} ${row.period}`);
      }
    }
    const areas = json(await get(`/v1/statistics/areas?parent=${LEEDS}&period=2025-26`), AreaStatistics);
    t.same(
      profile.children.data.map((r) => [r.label, r.participants]).sort(),
      areas.data.map((r) => [r.label, r.total.participants]).sort(),
    );
  });

  t.test('England: regions ranked by rate, and a map of districts', async (t) => {
    const body = json(await get('/v1/areas/E92000001/profile'), AreaProfile);
    t.equal(body.children.rankedBy, 'rate');
    t.same(
      body.children.data.map((r) => [r.area?.code, r.rank, r.participants, r.rate.per1000]),
      [['E12000003', 1, c(125), 0.0226]],
    );
    t.equal(body.deprivation, null);
    t.equal(body.map?.url, '/v1/areas/E92000001/profile/map.svg?period=2025-26&release=1');
    const map = await get(body.map!.url);
    t.equal(map.statusCode, 200);
    t.match(map.headers['content-type'], /^image\/svg\+xml/);
    t.match(map.body, /<title>Leeds: 0\.2 per 1,000<\/title>/, 'Leeds shaded with its rate (0.1520)');
    t.match(map.body, /<title>Bradford: no figures<\/title>/);
    t.equal((map.body.match(/<path /g) ?? []).length, 296, 'every district of England is drawn');
    t.match(map.body, /release=1/);
    const region = await get('/v1/areas/E12000003/profile/map.svg');
    t.equal((region.body.match(/<path /g) ?? []).length, 15, 'the 15 districts of Yorkshire and The Humber');
    t.equal((await get(`/v1/areas/${LEEDS}/profile/map.svg`)).statusCode, 404, 'no map for a district');
  });

  t.test('CSV: every line of the profile, suppressed cells as [c]', async (t) => {
    const csv = await get(`/v1/areas/${LEEDS}/profile?format=csv`);
    t.equal(csv.statusCode, 200);
    t.match(csv.headers['content-type'], /^text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    t.equal(
      lines[0],
      'section,area_code,area_name,activity,period,participants,organisations,volunteers,per_1000,lower_95,upper_95,population,significance,rank,indicator,value,england_value,note',
    );
    t.equal(lines[1], 'activity,E08000035,Leeds,,2025-26,125,5,,0.152,0.1276,0.1811,822483,,,,,,');
    t.ok(lines.includes('community,E08000035,Leeds,,2024-25,,2,[c],,,,,,,,,,'));
    t.ok(
      lines.includes(
        'child,,Not attributed to a ward,,2025-26,25,1,,,,,,,,,,,Figures not attributed to a child area have no population of their own.',
      ),
    );
  });

  t.test('unknown area, unknown release and a period without figures are 404 problems', async (t) => {
    t.equal((await get('/v1/areas/E08999999/profile')).statusCode, 404);
    t.equal((await get(`/v1/areas/${LEEDS}/profile?release=9`)).statusCode, 404);
    const none = await get(`/v1/areas/${LEEDS}/profile?period=2023-24`);
    t.equal(none.statusCode, 404);
    t.match(json(none, Problem).detail, /no figures for Leeds \(E08000035\) in 2023-24/);
    t.equal((await get(`/v1/areas/${LEEDS}/profile?period=2025-x`)).statusCode, 400);
  });
});
