import { organisations } from '../src/db/schema/index.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { Contribution } from '../src/modules/contributions/contributions.schemas.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';

// A share of exactly 0.25547, worked by hand. 0.25547 = 25,547 / 100,000 in lowest terms (25,547 is
// odd and no multiple of 5), so published counts, which are multiples of 5, reach it only as
// 5 × 25,547 = 127,735 of 5 × 100,000 = 500,000; both are already multiples of 5, so rounding keeps
// them. The other group: 500,000 − 127,735 = 372,265, a share of 0.74453.
// Stored to 4 decimals: 0.2555 and 0.7445. As a percentage, rounded once: 25.547% → 25.5% and
// 74.453% → 74.5%. Rounding the stored share again gives 0.2555 × 100 = 25.55 → 25.6%: wrong.
const ARMLEY = 'E05011385';
const CELL = `area=${ARMLEY}&activity=swimming&period=2025-26`;
const SUMMARY_URL = `https://participation.test/v1/statistics/summary?${CELL}&release=1`;

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const get = (url: string) => app.inject({ method: 'GET', url });
  await db.insert(organisations).values([
    { id: 'armley-lido', name: 'Armley Lido Club', named: true },
    { id: 'armley-otters', name: 'Armley Otters', named: true },
  ]);
  for (const [organisationId, participants] of [
    ['armley-lido', 127_735],
    ['armley-otters', 372_265],
  ] as const)
    await recordSubmission(db, {
      organisationId,
      apiKeyId: null,
      format: 'demo',
      figures: [{ activity: 'swimming', area: ARMLEY, period: '2025-26', participants }],
    });
  await publishRelease(db, { policy: DEFAULT_POLICY });

  t.test('the JSON share keeps its 4 decimals: 127,735 of 500,000 is 0.2555', async (t) => {
    const body = json(await get(`/v1/statistics/summary?${CELL}`), Summary);
    t.same(body.total.participants, { value: 500_000 });
    t.same(
      body.breakdown.map((b) => [b.label, b.participants, b.share, b.rank]),
      [
        ['Armley Otters', { value: 372_265 }, 0.7445, 1],
        ['Armley Lido Club', { value: 127_735 }, 0.2555, 2],
      ],
    );
  });

  t.test('the citation sentence reads 25.5%, rounded once from the counts, in JSON and in CSV', async (t) => {
    const sentence =
      `Armley Lido Club provided 127,735 of the 500,000 swimming participations in Armley in 2025-26 (25.5%). ` +
      `Source: Participation API release 1, ${SUMMARY_URL}`;
    const body = json(await get('/v1/organisations/armley-lido/contribution?period=2025-26'), Contribution);
    const row = body.data.find((r) => r.area.code === ARMLEY && r.activity?.id === 'swimming')!;
    t.same([row.share, row.sentence], [0.2555, sentence]);
    const csv = (await get('/v1/organisations/armley-lido/contribution?period=2025-26&format=csv')).body;
    t.ok(csv.includes(`,127735,500000,0.2555,2,"${sentence}",`), 'the CSV row carries the same share and sentence');
  });

  t.test('the chart image writes 25.5% and 74.5%', async (t) => {
    const svg = (await get(`/v1/organisations/armley-lido/contribution.svg?${CELL}`)).body;
    t.ok(svg.includes('Armley Lido Club provided 127,735 of the 500,000 participants (25.5%)'), 'the headline');
    t.ok(svg.includes('<title>Armley Otters: 372,265 (74.5%)</title>'), 'the other bar');
    t.ok(svg.includes('<title>Armley Lido Club: 127,735 (25.5%)</title>'), "the group's own bar");
    t.notOk(svg.includes('25.6%'), 'never the share rounded twice');
  });
});
