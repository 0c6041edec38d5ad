import { sql } from 'drizzle-orm';
import type { Test } from 'tap';
import { queryRows } from '../src/db/client.js';
import { CELL_KEY_POLICY } from '../src/domain/perturbation.js';
import { Contribution } from '../src/modules/contributions/contributions.schemas.js';
import { PublishedTable, Release } from '../src/modules/releases/releases.schemas.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { ActivityStatistics, AreaStatistics, Series, Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { json, forEachDatabase } from './helpers/app.js';
import { ARDSLEY, ARMLEY, BRAMLEY, LEEDS, loadFixture } from './fixtures/statistics-fixture.js';

// The hand-worked fixture (test/fixtures/statistics-fixture.ts) published under cell key
// perturbation, with every figure's record keys fixed. Each expected value is worked out below from
// the table in docs/disclosure.md ("Cell key perturbation"), never by the code under test:
//
//   exact count 4 and more: key 0–7 → −3; 8–31 → −2; 32–79 → −1; 80–175 → 0; 176–223 → +1; 224–247 → +2; 248–255 → +3
//   exact count 3:          key 0–31 → −2; 32–79 → −1; 80–175 → 0; 176–223 → +1; 224–255 → +2
//   exact count 0 and 1:    0; then a published 1 to 7 is suppressed.
//
// The cell key is the sum of the cell's figures' keys for that measure, modulo 256.

/** One figure's record key: four 8-bit keys, participants in the lowest byte, then attendances, sessions, volunteers. */
const recordKey = (keys: { participants: number; attendances?: number; sessions?: number; volunteers?: number }) =>
  keys.participants + (keys.attendances ?? 0) * 2 ** 8 + (keys.sessions ?? 0) * 2 ** 16 + (keys.volunteers ?? 0) * 2 ** 24;

// Participants keys (p), and the other measures' where a cell publishes them:
//   armley-ballet 2025-26  p 17, attendances 255     armley-ballet 2024-25  p 3
//   armley-dance           p 100                     bramley-movers         p 40
//   quiet-group            p 36                      leeds-dance-network    p 250
//   ardsley-steps          p 60
//   armley-swimmers        p 230, sessions 100, volunteers 10
//   armley-aquafit         p 90,  sessions 100, volunteers 10
const KEYS = {
  'armley-ballet 2025-26': recordKey({ participants: 17, attendances: 255 }),
  'armley-ballet 2024-25': recordKey({ participants: 3 }),
  'armley-dance 2025-26': recordKey({ participants: 100 }),
  'bramley-movers 2025-26': recordKey({ participants: 40 }),
  'quiet-group 2025-26': recordKey({ participants: 36 }),
  'leeds-dance-network 2025-26': recordKey({ participants: 250 }),
  'ardsley-steps 2025-26': recordKey({ participants: 60 }),
  'armley-swimmers 2025-26': recordKey({ participants: 230, sessions: 100, volunteers: 10 }),
  'armley-aquafit 2025-26': recordKey({ participants: 90, sessions: 100, volunteers: 10 }),
};

const c = (value: number) => ({ value });
const C = { value: null, flag: 'c' };
const X = { value: null, flag: 'x', reason: 'not reported by every organisation' };

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const get = (url: string) => app.inject({ method: 'GET', url });

  await loadFixture(db, KEYS);
  const release = await publishRelease(db, { policy: CELL_KEY_POLICY, notes: 'Fixture, perturbed' });

  t.test('the figures keep the record keys chosen for them', async (t) => {
    const rows = await queryRows<{ organisation_id: string; period: string; record_key: number }>(
      db,
      sql`select organisation_id, period, record_key::float8 as record_key from figures`,
    );
    t.same(Object.fromEntries(rows.map((r) => [`${r.organisation_id} ${r.period}`, Number(r.record_key)])), KEYS);
  });

  t.test('publishes release 1 with the cell key policy it used', async (t) => {
    t.equal(release.id, 1);
    const res = await get('/v1/releases/1');
    t.equal(res.statusCode, 200);
    if (res.statusCode !== 200) return;
    t.match(json(res, Release), { id: 1, policy: { method: 'cell-key', version: 'ptable-2026-1', maxChange: 3, suppressUpTo: 7 } });
  });

  t.test('Leeds dance 2025-26: total, rate, comparisons and breakdown as worked by hand', async (t) => {
    const res = await get(`/v1/statistics/summary?area=${LEEDS}&activity=dance&period=2025-26`);
    t.equal(res.statusCode, 200);
    const body = json(res, Summary);
    // Exact 12 + 3 + 8 + 7 + 40 + 0 = 70 (ballet once); keys 17 + 100 + 40 + 36 + 250 + 60 = 503
    // → 503 mod 256 = 247 → row 224..247 → +2 → 72. Attendances, sessions, volunteers: not every figure → x.
    t.same(body.total, { participants: c(72), attendances: X, sessions: X, volunteers: X, organisations: 6 });
    // From the published 72: 72 × 1000 / 822,483 = 0.087540 → 0.0875.
    t.same(body.rate, { per1000: 0.0875, population: 822483, populationYear: 2022, reason: null });
    // Yorkshire and England hold the same six figures: same exact 70 and key 247 → 72 again.
    // 72 × 1000 / 5,541,262 = 0.012993 → 0.013; 72 × 1000 / 57,106,398 = 0.001261 → 0.0013.
    t.same(body.comparisons, [
      { area: { code: 'E12000003', name: 'Yorkshire and The Humber', type: 'region' }, participants: c(72), per1000: 0.013 },
      { area: { code: 'E92000001', name: 'England', type: 'country' }, participants: c(72), per1000: 0.0013 },
    ]);
    // Named organisations, each on its own count and key:
    //   leeds-dance-network 40, key 250 → row 248..255 → +3 → 43; share 43/72 = 0.59722 → 0.5972, rank 1
    //   armley-ballet 12, key 17 → row 8..31 → −2 → 10; share 10/72 = 0.13889 → 0.1389, rank 2
    //   ardsley-steps 0 → 0 (any key); share 0, rank 3
    //   bramley-movers 8, key 40 → row 32..79 → −1 → 7 → suppressed: merged into "other organisations"
    //   armley-dance 3, key 100 → count-3 row 80..175 → 0 → 3 → suppressed: merged too
    // Other: armley-dance 3 + quiet-group 7 (unnamed) + bramley-movers 8 = 18, keys 100 + 36 + 40 = 176
    //   → row 176..223 → +1 → 19; 3 organisations; share 19/72 = 0.26389 → 0.2639.
    t.same(body.breakdown, [
      {
        organisation: { id: 'leeds-dance-network', name: 'Leeds Dance Network' },
        label: 'Leeds Dance Network',
        participants: c(43),
        organisations: 1,
        share: 0.5972,
        rank: 1,
      },
      {
        organisation: { id: 'armley-ballet', name: 'Armley Ballet Club' },
        label: 'Armley Ballet Club',
        participants: c(10),
        organisations: 1,
        share: 0.1389,
        rank: 2,
      },
      {
        organisation: { id: 'ardsley-steps', name: 'Ardsley Steps' },
        label: 'Ardsley Steps',
        participants: c(0),
        organisations: 1,
        share: 0,
        rank: 3,
      },
      { organisation: null, label: 'Other organisations', participants: c(19), organisations: 3, share: 0.2639, rank: null },
    ]);
    t.match(body.notes.join(' '), /small deliberate change \(at most 3 either way/);
    t.notOk(JSON.stringify(body).includes('Quiet Group'), 'an unnamed organisation is never named');
    t.notOk(JSON.stringify(body).includes('Bramley Movers'), 'a suppressed named organisation is not listed');
  });

  t.test('Armley dance: the total and a named row are perturbed, "other organisations" is suppressed', async (t) => {
    const body = json(await get(`/v1/statistics/summary?area=${ARMLEY}&activity=dance&period=2025-26`), Summary);
    // Exact 12 + 3 = 15; keys 17 + 100 = 117 → row 80..175 → 0 → 15.
    t.same(body.total.participants, c(15));
    // armley-ballet 12, key 17 → −2 → 10; share 10/15 = 0.66667 → 0.6667.
    t.same(
      body.breakdown.filter((b) => b.organisation !== null).map((b) => [b.label, b.participants, b.share, b.rank]),
      [['Armley Ballet Club', c(10), 0.6667, 1]],
    );
  });

  t.test('a suppressed "other organisations" row has no share (docs/disclosure.md rule 5)', async (t) => {
    const body = json(await get(`/v1/statistics/summary?area=${ARMLEY}&activity=dance&period=2025-26`), Summary);
    // Other: armley-dance 3, key 100 → count-3 row 80..175 → 0 → 3 → suppressed; share null as the part is suppressed.
    t.same(
      body.breakdown.filter((b) => b.organisation === null),
      [{ organisation: null, label: 'Other organisations', participants: C, organisations: 1, share: null, rank: null }],
    );
  });

  t.test('Leeds by ward: each ward perturbed on its own figures, not adding up to the total', async (t) => {
    const body = json(await get(`/v1/statistics/areas?parent=${LEEDS}&activity=dance&period=2025-26`), AreaStatistics);
    // Ardsley: 0 → 0.
    // Armley: 12 + 3 = 15, keys 17 + 100 = 117 → row 80..175 → 0 → 15.
    // Bramley: 8 + 7 = 15, keys 40 + 36 = 76 → row 32..79 → −1 → 14.
    // Reported for Leeds itself: 40, key 250 → row 248..255 → +3 → 43.
    // 0 + 15 + 14 + 43 = 72, by chance the published total (from 70 and key 247, as above).
    t.same(
      body.data.map((r) => [r.area?.code ?? null, r.label, r.total.participants, r.total.organisations]),
      [
        [ARDSLEY, 'Ardsley & Robin Hood', c(0), 1],
        [ARMLEY, 'Armley', c(15), 2],
        [BRAMLEY, 'Bramley & Stanningley', c(14), 2],
        [null, 'Not attributed to a ward', c(43), 1],
      ],
    );
    t.same(body.total.participants, c(72));
  });

  t.test('activities beneath dance in Leeds: a cell with the same figures reads the same wherever it appears', async (t) => {
    const body = json(await get(`/v1/statistics/activities?area=${LEEDS}&parent=dance&period=2025-26`), ActivityStatistics);
    // ballet: armley-ballet 12 + ardsley-steps 0 = 12, keys 17 + 60 = 77 → row 32..79 → −1 → 11.
    // community_dance holds the same two figures: 12, key 77 → 11.
    t.same(
      body.data.map((r) => [r.activity.id, r.total.participants]),
      [
        ['ballet', c(11)],
        ['community_dance', c(11)],
      ],
    );
    // community_activity holds only those two figures as well → 11.
    const all = json(await get(`/v1/statistics/summary?area=${LEEDS}&activity=community_activity&period=2025-26`), Summary);
    t.same(all.total.participants, c(11));
  });

  t.test('a series: each period perturbed on its own figure', async (t) => {
    const body = json(await get(`/v1/statistics/series?area=${ARMLEY}&activity=ballet`), Series);
    // 2024-25: 20, key 3 → row 0..7 → −3 → 17. 2025-26: 12, key 17 → row 8..31 → −2 → 10.
    t.same(
      body.data.map((r) => [r.period, r.total.participants]),
      [
        ['2024-25', c(17)],
        ['2025-26', c(10)],
      ],
    );
  });

  t.test('each measure is perturbed with its own key; a measure not reported by everyone is x', async (t) => {
    const swimming = json(await get(`/v1/statistics/summary?area=${ARMLEY}&activity=swimming&period=2025-26`), Summary);
    // Participants 25 + 15 = 40, keys 230 + 90 = 320 → 64 → row 32..79 → −1 → 39.
    // Attendances: aquafit did not report them → x.
    // Sessions 48 + 20 = 68, sessions keys 100 + 100 = 200 → row 176..223 → +1 → 69.
    // Volunteers 6 + 3 = 9, volunteers keys 10 + 10 = 20 → row 8..31 → −2 → 7 → suppressed, although 9 is not.
    t.same(swimming.total, { participants: c(39), attendances: X, sessions: c(69), volunteers: C, organisations: 2 });
    // armley-swimmers 25, key 230 → row 224..247 → +2 → 27; share 27/39 = 0.69231 → 0.6923.
    // armley-aquafit 15, key 90 → row 80..175 → 0 → 15; share 15/39 = 0.38462 → 0.3846. Nobody merged: no other row.
    t.same(
      swimming.breakdown.map((b) => [b.label, b.participants, b.share, b.rank]),
      [
        ['Armley Swimmers', c(27), 0.6923, 1],
        ['Armley Aquafit', c(15), 0.3846, 2],
      ],
    );
    const ballet = json(await get(`/v1/statistics/summary?area=${ARMLEY}&activity=ballet&period=2025-26`), Summary);
    // Participants 12, key 17 → −2 → 10. Attendances 140 with the attendances key 255 → row 248..255 → +3 → 143:
    // not the participants' change, as the keys are independent.
    t.same(ballet.total, { participants: c(10), attendances: c(143), sessions: X, volunteers: X, organisations: 1 });
    const all = json(await get(`/v1/statistics/summary?area=${ARMLEY}&period=2025-26`), Summary);
    // All activities in Armley: 12 + 3 + 25 + 15 = 55, keys 17 + 100 + 230 + 90 = 437 → 181 → row 176..223 → +1 → 56.
    t.same(all.total, { participants: c(56), attendances: X, sessions: X, volunteers: X, organisations: 4 });
  });

  t.test('the CSV download publishes the same perturbed values', async (t) => {
    const csv = (await get('/v1/releases/1/download?format=csv')).body;
    // As worked above: Armley swimming total 39, attendances x, sessions 69, volunteers 7 → [c]; swimmers 27, aquafit 15.
    t.match(csv, /\r\n1,false,2025-26,E05011385,Armley,swimming,total,,,39,\[x\],69,\[c\],2,,,,\r\n/);
    t.match(csv, /\r\n1,false,2025-26,E05011385,Armley,swimming,organisation,armley-swimmers,Armley Swimmers,27,,,,1,,,0\.6923,1\r\n/);
    t.match(csv, /\r\n1,false,2025-26,E08000035,Leeds,dance,total,,,72,\[x\],\[x\],\[x\],6,822483,0\.0875,,\r\n/);
  });

  t.test('the JSON download answers for a perturbed release, with the values of the CSV', async (t) => {
    const res = await get('/v1/releases/1/download');
    t.equal(res.statusCode, 200);
    if (res.statusCode !== 200) return;
    const table = json(res, PublishedTable).data;
    const armleySwimming = table.filter((r) => r.areaCode === ARMLEY && r.activityId === 'swimming');
    t.same(
      armleySwimming.map((r) => [r.row, r.organisationId, r.participants, r.attendances, r.sessions, r.volunteers]),
      [
        ['total', null, c(39), X, c(69), C],
        ['organisation', 'armley-swimmers', c(27), null, null, null],
        ['organisation', 'armley-aquafit', c(15), null, null, null],
      ],
    );
  });

  const csvLines = async (t: Test, url: string) => {
    const res = await get(url);
    t.match(res.headers['content-type'], /^text\/csv/);
    return res.body.replace(/^\uFEFF/, '').split('\r\n');
  };

  t.test('series CSV carries the perturbed values', async (t) => {
    // Armley ballet: 2024-25 20 → 17 (key 3); 2025-26 12 → 10 (key 17), attendances 140 → 143 (key 255).
    t.same(await csvLines(t, `/v1/statistics/series?area=${ARMLEY}&activity=ballet&format=csv`), [
      'release,demo,area_code,area_name,activity_id,activity_label,period,participants,attendances,sessions,volunteers,organisations,population,per_1000',
      '1,false,E05011385,Armley,ballet,Ballet,2024-25,17,[x],[x],[x],1,,',
      '1,false,E05011385,Armley,ballet,Ballet,2025-26,10,143,[x],[x],1,,',
      '',
    ]);
  });

  t.test('a contribution gives the perturbed count, total and percentage', async (t) => {
    const body = json(await get('/v1/organisations/armley-ballet/contribution?period=2025-26'), Contribution);
    const leedsDance = body.data.find((r) => r.area.code === LEEDS && r.activity?.id === 'dance')!;
    // 10 of the published 72 (as above): 1000 × 10 / 72 = 138.9 tenths → 13.9%.
    t.same([leedsDance.participants, leedsDance.total, leedsDance.rank], [c(10), c(72), 2]);
    t.equal(
      leedsDance.sentence,
      'Armley Ballet Club provided 10 of the 72 dance participations in Leeds in 2025-26 (13.9%). ' +
        'Source: Participation API release 1, https://participation.test/v1/statistics/summary?area=E08000035&activity=dance&period=2025-26&release=1',
    );
  });

  t.test('a named organisation whose perturbed count is 1 to 7 sees it as [c], though its exact count is 8', async (t) => {
    // bramley-movers 8, key 40 → row 32..79 → −1 → 7 → suppressed, in Bramley and in Leeds alike (same figure, same key).
    const body = json(await get('/v1/organisations/bramley-movers/contribution?period=2025-26'), Contribution);
    const dance = body.data.filter((r) => r.activity?.id === 'dance').map((r) => [r.area.code, r.participants]);
    t.same(dance.slice(0, 2), [
      [BRAMLEY, C],
      [LEEDS, C],
    ]);
    t.match(body.data[0]?.sentence, /too small to publish/);
    t.equal((await get('/v1/organisations/quiet-group/contribution')).statusCode, 404);
  });
});
