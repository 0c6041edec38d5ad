import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { organisations } from '../src/db/schema/index.js';
import { Problem } from '../src/http/problem.js';
import { Contribution } from '../src/modules/contributions/contributions.schemas.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { Release } from '../src/modules/releases/releases.schemas.js';
import { Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { forEachDatabase, json } from './helpers/app.js';
import { assertProblem } from './helpers/problems.js';
import { ARMLEY, LEEDS, loadFixture } from './fixtures/statistics-fixture.js';

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };
type Row = { className: string; texts: string[] };

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' });

/** Every piece of text in the image, entities decoded, in document order. */
function textsOf(nodes: Node[], out: string[] = []): string[] {
  for (const node of nodes) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '#text' && value !== '') out.push(String(value));
      else if (Array.isArray(value)) textsOf(value as Node[], out);
    }
  }
  return out;
}

/** The bar rows: one `<g class="row">` per organisation, with its texts (tooltip, label, figure). */
function rowsOf(svg: string): Row[] {
  const [, root] = parser.parse(svg) as Node[];
  return (root!.svg as Node[]).filter((n) => n.g).map((n) => ({ className: n[':@']!.class!, texts: textsOf(n.g as Node[]) }));
}

const URL = (q: string) => `/v1/organisations/armley-ballet/contribution.svg?${q}`;

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  await loadFixture(db);
  await publishRelease(db, { policy: DEFAULT_POLICY, notes: 'Fixture' });

  t.test('draws Leeds dance 2025-26 with the figures worked by hand, the source, the release and the licence', async (t) => {
    const res = await get(URL(`area=${LEEDS}&activity=dance&period=2025-26`));
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'image/svg+xml; charset=utf-8');
    t.equal(XMLValidator.validate(res.body), true, 'well-formed XML');
    t.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Named and published: network 40, armley-ballet 10, bramley-movers 10, ardsley-steps 0; other 10 (see statistics-fixture.test.ts).
    t.same(
      rowsOf(res.body).map((r) => [r.className, r.texts.slice(1)]),
      [
        ['row', ['Leeds Dance Network', '40 (57.1%)']],
        ['row highlight', ['Armley Ballet Club', '10 (14.3%)']],
        ['row', ['Bramley Movers', '10 (14.3%)']],
        ['row', ['Ardsley Steps', '0 (0.0%)']],
        ['row', ['Other organisations (2 groups)', '10 (14.3%)']],
      ],
    );
    const texts = textsOf(parser.parse(res.body) as Node[]);
    const published = (await publishedRelease()).publishedAt.slice(0, 10);
    for (const expected of [
      'Armley Ballet Club',
      'Participants in dance in Leeds, 2025-26',
      'Armley Ballet Club provided 10 of the 70 participants (14.3%)',
      'Total: 70 participants reported by 6 organisations',
      '0.0851 per 1,000 residents (ONS mid-2022 population); Yorkshire and The Humber 0.0126, England 0.0012',
      `Source: Participation API, release 1, published ${published}. Licence: Creative Commons Attribution 4.0.`,
      'https://participation.test/v1/statistics/summary?area=E08000035&activity=dance&period=2025-26&release=1',
      'Counts are rounded to the nearest 5; counts from 1 to 7 are not published.',
    ])
      t.ok(texts.includes(expected), expected);
    t.notOk(
      texts.some((s) => /DEMONSTRATION/.test(s)),
      'a real release carries no demo warning',
    );
    t.notOk(res.body.includes('Quiet Group'), 'an unnamed organisation is never named');
  });

  async function publishedRelease() {
    return json(await get('/v1/releases/1'), Release);
  }

  t.test('shows the same numbers as the JSON contribution and summary', async (t) => {
    const query = `area=${LEEDS}&activity=dance&period=2025-26`;
    const [svg, contribution, summary] = await Promise.all([
      get(URL(query)),
      get('/v1/organisations/armley-ballet/contribution?period=2025-26'),
      get(`/v1/statistics/summary?${query}`),
    ]);
    const row = json(contribution, Contribution).data.find((r) => r.area.code === LEEDS && r.activity?.id === 'dance')!;
    const texts = textsOf(parser.parse(svg.body) as Node[]);
    t.ok(texts.includes(row.url), 'the permalink of the contribution row');
    const figures = rowsOf(svg.body).map((r) => r.texts[2]);
    const { breakdown, total } = json(summary, Summary);
    // The percentage of the two published counts, rounded once: never the 4-decimal share rounded again.
    t.same(
      figures,
      breakdown.map(
        (b) => `${b.participants.value} (${(Math.round((1000 * b.participants.value!) / total.participants.value!) / 10).toFixed(1)}%)`,
      ),
    );
    t.ok(texts.some((s) => s.includes(`provided ${row.participants.value} of the ${row.total.value} participants`)));
  });

  t.test(
    'writes a suppressed count in words, never as a zero-length bar, and highlights "other organisations" that holds it',
    async (t) => {
      const res = await app.inject(`/v1/organisations/armley-dance/contribution.svg?area=${ARMLEY}&activity=dance`);
      t.equal(res.statusCode, 200);
      t.equal(XMLValidator.validate(res.body), true);
      // Armley dance 2025-26: armley-ballet 12 -> 10; other = armley-dance 3 -> suppressed.
      t.same(
        rowsOf(res.body).map((r) => [r.className, r.texts.slice(1)]),
        [
          ['row', ['Armley Ballet Club', '10 (66.7%)']],
          ['row highlight', ['Other organisations (1 group)', 'fewer than 8 (not published), including this group']],
        ],
      );
      t.match(res.body, /Armley Dance: fewer than 8 participants, counted within &quot;other organisations&quot;/);
      t.notMatch(res.body, /<rect[^>]*width="0"[^>]*fill="#005ea5"/, 'no empty highlighted bar');
    },
  );

  t.test("picks the latest period with the organisation's figures when none is given, and serves all activities", async (t) => {
    const res = await get(URL(`area=${ARMLEY}&activity=ballet`));
    t.match(res.headers['content-disposition'], 'armley-ballet-E05011385-ballet-2025-26.svg');
    const all = await get(URL(`area=${ARMLEY}`));
    t.equal(all.statusCode, 200);
    t.ok(textsOf(parser.parse(all.body) as Node[]).includes('Participants in all activities in Armley, 2025-26'));
    const older = await get(URL(`area=${ARMLEY}&activity=ballet&period=2024-25`));
    t.ok(textsOf(parser.parse(older.body) as Node[]).includes('Armley Ballet Club provided 20 of the 20 participants (100.0%)'));
  });

  t.test('caches briefly even when pinned (consent can be withdrawn), with 304s', async (t) => {
    const latest = await get(URL(`area=${LEEDS}&activity=dance`));
    t.equal(latest.headers['cache-control'], 'public, max-age=60');
    const pinned = await get(URL(`area=${LEEDS}&activity=dance&release=1`));
    t.equal(pinned.headers['cache-control'], 'public, max-age=60');
    const again = await get(URL(`area=${LEEDS}&activity=dance&release=1`), { 'if-none-match': String(pinned.headers.etag) });
    t.equal(again.statusCode, 304);
    t.equal(again.body, '');
  });

  t.test('answers 404 problems as the JSON contribution does, and 400 for a bad area', async (t) => {
    assertProblem(
      t,
      await get('/v1/organisations/quiet-group/contribution.svg?area=E05011387'),
      'not-found',
      '/v1/organisations/quiet-group/contribution.svg',
      'There is no named organisation with id quiet-group.',
    );
    assertProblem(
      t,
      await get('/v1/organisations/nobody/contribution.svg?area=E05011387'),
      'not-found',
      '/v1/organisations/nobody/contribution.svg',
      'There is no named organisation with id nobody.',
    );
    assertProblem(
      t,
      await get(URL('area=E05011387&activity=dance')),
      'no-figures',
      '/v1/organisations/armley-ballet/contribution.svg',
      'Release 1 has no figures from Armley Ballet Club for activity dance in area E05011387.',
    );
    assertProblem(
      t,
      await get(URL(`area=${ARMLEY}&period=2025`)),
      'no-figures',
      '/v1/organisations/armley-ballet/contribution.svg',
      'Release 1 has no figures from Armley Ballet Club in 2025.',
    );
    const bad = await get(URL('area=Leeds'));
    t.equal(bad.statusCode, 400);
    t.equal(json(bad, Problem).errors?.[0]?.pointer, '/query/area');
    const missing = await get('/v1/organisations/armley-ballet/contribution.svg');
    t.equal(json(missing, Problem).errors?.[0]?.pointer, '/query/area', 'the area is required');
  });

  t.test('escapes every name, so markup in a name stays text', async (t) => {
    const name = `Tom & Jerry's <Dance> "Club"</text><script>alert(1)</script>`;
    await db.insert(organisations).values({ id: 'tom-and-jerry', name, named: true });
    await recordSubmission(db, {
      organisationId: 'tom-and-jerry',
      apiKeyId: null,
      format: 'demo',
      figures: [{ activity: 'ballet', area: ARMLEY, period: '2025-26', participants: 30 }],
    });
    const release = await publishRelease(db, { policy: DEFAULT_POLICY });
    const res = await get(`/v1/organisations/tom-and-jerry/contribution.svg?area=${ARMLEY}&activity=ballet&release=${release.id}`);
    t.equal(res.statusCode, 200);
    t.equal(XMLValidator.validate(res.body), true, 'still well-formed');
    t.notMatch(res.body, /<script|<Dance>/);
    const texts = textsOf(parser.parse(res.body) as Node[]);
    t.equal(texts[0], `${name}: Participants in ballet in Armley, 2025-26`, 'the title holds the name as text');
    t.ok(texts.includes(`${name} provided 30 of the 40 participants (75.0%)`));
  });

  t.test('writes a suppressed total in words too', async (t) => {
    await db.insert(organisations).values({ id: 'lone-runners', name: 'Lone Runners', named: true });
    await recordSubmission(db, {
      organisationId: 'lone-runners',
      apiKeyId: null,
      format: 'demo',
      figures: [{ activity: 'running', area: ARMLEY, period: '2025-26', participants: 5 }],
    });
    const release = await publishRelease(db, { policy: DEFAULT_POLICY });
    const res = await get(`/v1/organisations/lone-runners/contribution.svg?area=${ARMLEY}&activity=running&release=${release.id}`);
    t.equal(XMLValidator.validate(res.body), true);
    const texts = textsOf(parser.parse(res.body) as Node[]);
    t.ok(texts.includes('Lone Runners: fewer than 8 participants, counted within "other organisations"'));
    t.ok(texts.includes('Total: fewer than 8 participants reported by 1 organisation'));
    t.same(
      rowsOf(res.body).map((r) => [r.className, r.texts.slice(1)]),
      [['row highlight', ['Other organisations (1 group)', 'fewer than 8 (not published), including this group']]],
    );
    t.notMatch(res.body, /<rect x="320"/, 'no bar at all');
  });
});
