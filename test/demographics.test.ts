import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { CELL_KEY_POLICY } from '../src/domain/perturbation.js';
import { Problem } from '../src/http/problem.js';
import { Demographics } from '../src/modules/demographics/demographics.schemas.js';
import { SubmissionReceipt } from '../src/modules/figures/figures.schemas.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';

const LEEDS = 'E08000035';
const ARMLEY = 'E05011385';
const c = (value: number) => ({ value });
const C = { value: null, flag: 'c' };
const band = (ageBand: string | undefined, sex: string | undefined, participants: number) => ({
  activity: 'running',
  area: LEEDS,
  period: '2025-26',
  participants,
  ...(ageBand ? { ageBand } : {}),
  ...(sex ? { sex } : {}),
});

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const admin = await adminKey(db);
  const keys = {
    band: await organisationWithKey(app, admin, 'band-group'),
    plain: await organisationWithKey(app, admin, 'plain-group'),
    ward: await organisationWithKey(app, admin, 'ward-group'),
  };
  const post = (org: keyof typeof keys, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/v1/organisations/${org}-group/figures`, headers: bearer(keys[org]), payload });
  const postCsv = (org: keyof typeof keys, body: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/organisations/${org}-group/figures`,
      headers: { ...bearer(keys[org]), 'content-type': 'text/csv' },
      payload: body,
    });
  const get = (url: string) => app.inject({ method: 'GET', url });

  await t.test('a cell is a plain total or a breakdown, never both, and every refusal stores nothing', async (t) => {
    const before = await fingerprint(db);
    const both = await post('band', { figures: [band(undefined, undefined, 10), band('15-24', 'female', 4)] });
    t.equal(both.statusCode, 422);
    t.same(json(both, Problem).errors, [
      {
        pointer: '/body/figures/1/ageBand',
        detail:
          'running in E08000035 for 2025-26 is given both as a plain total and broken down by age band and sex; report one or the other',
      },
    ]);
    const repeated = await post('band', { figures: [band('15-24', 'female', 4), band('15-24', 'female', 5)] });
    t.same(json(repeated, Problem).errors, [
      {
        pointer: '/body/figures/1',
        detail: 'repeats age band 15-24 and sex female of running in E08000035 for 2025-26, given earlier in this batch',
      },
    ]);
    const unknown = await post('band', { figures: [band('16-24', 'woman', 4)] });
    t.same(
      json(unknown, Problem).errors?.map((e) => e.pointer),
      ['/body/figures/0/ageBand', '/body/figures/0/sex'],
    );
    t.match(
      json(unknown, Problem).errors?.[0]?.detail,
      /must be one of 0-14, 15-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75\+, not-recorded/,
    );
    const partial = await post('band', { figures: [{ ...band('15-24', 'male', 4), volunteers: 1 }, band('25-34', 'male', 5)] });
    t.same(json(partial, Problem).errors, [
      {
        pointer: '/body/figures/1/volunteers',
        detail: 'must be given on every row of the breakdown of running in E08000035 for 2025-26, or on none',
      },
    ]);
    const withdraw = await post('band', {
      figures: [{ activity: 'running', area: LEEDS, period: '2025-26', withdraw: true, sex: 'male' }],
    });
    t.match(json(withdraw, Problem).errors, [{ pointer: '/body/figures/0/sex', detail: 'must be left out when withdraw is true' }]);
    const csv = await postCsv('band', 'activity,area,period,participants,age_band,sex\nrunning,E08000035,2025-26,3,teen,female\n');
    t.equal(csv.statusCode, 422);
    t.match(json(csv, Problem).errors, [{ pointer: '/body/1/age_band', row: 1 }]);
    t.same(await fingerprint(db), before, 'nothing was stored');
  });

  // band-group, running in Leeds 2025-26, broken down (JSON): 15-24 female 20, 15-24 male 12,
  // 25-34 female 30, 65-74 male 9, and 4 women whose age was not recorded (no ageBand): 75 in all.
  // plain-group, the same cell as a plain total (CSV, with the band columns empty): 50.
  // ward-group, swimming in Armley (a ward), broken down: 35-44 male 10, 45-54 female 12.
  await t.test('accepts a breakdown as JSON and a plain total as CSV in the same cell', async (t) => {
    const banded = await post('band', {
      figures: [
        band('15-24', 'female', 20),
        band('15-24', 'male', 12),
        band('25-34', 'female', 30),
        band('65-74', 'male', 9),
        band(undefined, 'female', 4),
      ],
    });
    t.equal(banded.statusCode, 201, banded.body);
    t.equal(json(banded, SubmissionReceipt).figures, 1, 'one figure: the breakdown summed');
    const plain = await postCsv('plain', 'activity,area,period,participants,age_band,sex\nrunning,E08000035,2025-26,50,,\n');
    t.equal(plain.statusCode, 201, plain.body);
    const ward = await post('ward', {
      figures: [
        { activity: 'swimming', area: ARMLEY, period: '2025-26', participants: 10, ageBand: '35-44', sex: 'male' },
        { activity: 'swimming', area: ARMLEY, period: '2025-26', participants: 12, ageBand: '45-54', sex: 'female' },
      ],
    });
    t.equal(ward.statusCode, 201, ward.body);
    const [stored] = await queryRows<{ participants: number; bands: unknown }>(
      db,
      sql`select r.participants, r.bands from figure_revisions r join figures f on f.id = r.figure_id where f.organisation_id = 'band-group'`,
    );
    t.equal(stored!.participants, 75);
    t.same(stored!.bands, [
      { ageBand: '15-24', sex: 'female', participants: 20 },
      { ageBand: '15-24', sex: 'male', participants: 12 },
      { ageBand: '25-34', sex: 'female', participants: 30 },
      { ageBand: '65-74', sex: 'male', participants: 9 },
      { ageBand: 'not-recorded', sex: 'female', participants: 4 },
    ]);
  });

  await publishRelease(db, { policy: DEFAULT_POLICY, notes: 'Demographics fixture' });

  t.test('Leeds running 2025-26 by age band and sex, worked by hand', async (t) => {
    const res = await get(`/v1/statistics/demographics?area=${LEEDS}&activity=running`);
    t.equal(res.statusCode, 200);
    const body = json(res, Demographics);
    t.equal(body.period, '2025-26');
    // Total 75 + 50 = 125 → 125: each group counts once whichever way it reported. With a breakdown 75 → 75.
    t.same(body.total, { participants: c(125), organisations: 2 });
    t.same(body.withBreakdown, c(75));
    t.equal(body.coverage, 0.6, '75 / 125');
    // Rounded to 5: 15-24: 20 + 12 = 32 → 30; 25-34: 30; 65-74: 9 → 10; not recorded 4 → suppressed; others 0.
    // ONS mid-2022 Leeds (reference/ons-mye-mid2022-population-age5.csv, persons): 0-14 145,401;
    // 15-24 126,899; 25-34 122,410; 35-44 110,588; 45-54 98,552; 55-64 90,015; 65-74 66,741; 75+ 61,877 (822,483 in all).
    // 15-24: 30 × 1000 / 126,899 = 0.2364, Wilson 0.1656 to 0.3375; share 30/75 = 0.4; population share 0.1543.
    const rate = (per1000: number | null, lower95: number | null, upper95: number | null, reason: string | null = null) => ({
      per1000,
      lower95,
      upper95,
      reason,
    });
    t.same(body.ageBands, [
      { band: '0-14', participants: c(0), share: 0, population: 145401, populationShare: 0.1768, rate: rate(0, 0, 0.0264) },
      { band: '15-24', participants: c(30), share: 0.4, population: 126899, populationShare: 0.1543, rate: rate(0.2364, 0.1656, 0.3375) },
      { band: '25-34', participants: c(30), share: 0.4, population: 122410, populationShare: 0.1488, rate: rate(0.2451, 0.1717, 0.3498) },
      { band: '35-44', participants: c(0), share: 0, population: 110588, populationShare: 0.1345, rate: rate(0, 0, 0.0347) },
      { band: '45-54', participants: c(0), share: 0, population: 98552, populationShare: 0.1198, rate: rate(0, 0, 0.039) },
      { band: '55-64', participants: c(0), share: 0, population: 90015, populationShare: 0.1094, rate: rate(0, 0, 0.0427) },
      { band: '65-74', participants: c(10), share: 0.1333, population: 66741, populationShare: 0.0811, rate: rate(0.1498, 0.0814, 0.2758) },
      { band: '75+', participants: c(0), share: 0, population: 61877, populationShare: 0.0752, rate: rate(0, 0, 0.0621) },
      {
        band: 'not-recorded',
        participants: C,
        share: null,
        population: null,
        populationShare: null,
        rate: rate(null, null, null, 'No population matches participants whose age band was not recorded.'),
      },
    ]);
    // Female 20 + 30 + 4 = 54 → 55 of 420,159: 0.1309 (0.1006 to 0.1704); male 12 + 9 = 21 → 20 of 402,324: 0.0497.
    t.same(body.sexes, [
      {
        band: 'female',
        participants: c(55),
        share: 0.7333,
        population: 420159,
        populationShare: 0.5108,
        rate: rate(0.1309, 0.1006, 0.1704),
      },
      { band: 'male', participants: c(20), share: 0.2667, population: 402324, populationShare: 0.4892, rate: rate(0.0497, 0.0322, 0.0768) },
      {
        band: 'not-recorded',
        participants: c(0),
        share: 0,
        population: null,
        populationShare: null,
        rate: rate(null, null, null, 'No population matches participants whose sex was not recorded.'),
      },
    ]);
    t.same(body.population, { year: 2022, reason: null });
    t.equal(
      body.citation.url,
      'https://participation.test/v1/statistics/demographics?area=E08000035&activity=running&period=2025-26&release=1',
    );
    t.ok(body.notes.some((n) => /coverage/.test(n)));
  });

  t.test('a ward has counts but no matching population, and says so', async (t) => {
    const body = json(await get(`/v1/statistics/demographics?area=${ARMLEY}&activity=swimming`), Demographics);
    // 10 + 12 = 22 → 20; 35-44 10; 45-54 12 → 10; male 10; female 10.
    t.same(body.total.participants, c(20));
    t.same(body.withBreakdown, c(20));
    t.equal(body.coverage, 1);
    t.same(
      body.ageBands.filter((b) => b.participants.value !== 0).map((b) => [b.band, b.participants, b.rate.per1000]),
      [
        ['35-44', c(10), null],
        ['45-54', c(10), null],
      ],
    );
    t.equal(body.population.year, null);
    t.match(body.ageBands[3]!.rate.reason, /no population estimate by age and sex .*wards/);
  });

  t.test('a cell without any breakdown has coverage 0, and CSV carries the same rows', async (t) => {
    const summary = json(await get(`/v1/statistics/summary?area=${LEEDS}`), Summary);
    const body = json(await get(`/v1/statistics/demographics?area=${LEEDS}`), Demographics);
    t.same(body.total.participants, summary.total.participants, 'the total is the summary total');
    const csv = await get(`/v1/statistics/demographics?area=${LEEDS}&activity=running&format=csv`);
    t.match(csv.headers['content-type'], /^text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    t.equal(lines[0], 'dimension,band,participants,share,population,population_share,per_1000,lower_95,upper_95,note');
    t.equal(lines[2], 'age,15-24,30,0.4,126899,0.1543,0.2364,0.1656,0.3375,');
    t.equal(lines[9], 'age,not-recorded,[c],,,,,,,No population matches participants whose age band was not recorded.');
    t.equal(lines.length, 1 + 9 + 3);
    const none = await get(`/v1/statistics/demographics?area=${LEEDS}&activity=ballet`);
    t.equal(none.statusCode, 404);
    t.match(json(none, Problem).detail, /no figures for Ballet in Leeds/);
  });

  t.test(
    'properties, under rounding and under cell key perturbation: no band above its total, coverage in [0, 1], nothing in 1 to 7',
    async (t) => {
      await publishRelease(db, { policy: CELL_KEY_POLICY, notes: 'Perturbed' });
      for (const release of [1, 2]) {
        const rows = await queryRows<{ participants: number | null; total: number | null; dimension: string }>(
          db,
          sql`select d.participants, c.participants as total, d.dimension from release_demographics d
        join release_cells c on c.release_id = d.release_id and c.area_code = d.area_code and c.scope = 0
          and coalesce(c.activity_id, '') = coalesce(d.activity_id, '') and c.period = d.period
        where d.release_id = ${release}`,
        );
        t.ok(rows.length > 20, `release ${release} has demographic cells at every level (${rows.length})`);
        for (const r of rows) {
          if (r.participants === null) continue;
          t.ok(r.total !== null && r.participants <= r.total, 'a band never exceeds its published total');
          t.notOk(r.participants >= 1 && r.participants <= 7, 'no published value from 1 to 7');
          if (release === 1) t.equal(r.participants % 5, 0, 'rounded to 5 under the rounding policy');
        }
        for (const area of [LEEDS, 'E12000003', 'E92000001', ARMLEY]) {
          for (const activity of ['', '&activity=running', '&activity=swimming']) {
            const res = await get(`/v1/statistics/demographics?area=${area}${activity}&release=${release}`);
            if (res.statusCode === 404) continue;
            const body = json(res, Demographics);
            t.ok(body.coverage === null || (body.coverage >= 0 && body.coverage <= 1), 'coverage between 0 and 1');
            for (const b of [...body.ageBands, ...body.sexes]) {
              if (b.participants.value !== null && body.total.participants.value !== null)
                t.ok(b.participants.value <= body.total.participants.value, `${area}${activity} ${b.band} within the total`);
              t.ok(b.share === null || (b.share >= 0 && b.share <= 1));
            }
          }
        }
      }
    },
  );
});
