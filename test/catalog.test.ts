import type { AddressInfo } from 'node:net';
import jsonld from 'jsonld';
import { Problem } from '../src/http/problem.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';
import { chromiumInstalled, openBrowser } from './helpers/browser.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
type Node = Record<string, { '@value'?: string; '@id'?: string }[] | string[] | string | undefined>;

/** The expanded JSON-LD graph: what any RDF tool reads from the document, whatever its prefixes. */
async function graph(doc: object) {
  const flat = (await jsonld.flatten(doc)) as unknown as Node[];
  return flat;
}
const typed = (nodes: Node[], type: string) => nodes.filter((n) => (n['@type'] as string[] | undefined)?.includes(type));
const has = (node: Node, property: string) => Array.isArray(node[property]) && (node[property] as unknown[]).length > 0;
const first = (node: Node, property: string) => (node[property] as { '@value'?: string; '@id'?: string }[] | undefined)?.[0];

forEachDatabase(async (t, { app, database }) => {
  const admin = await adminKey(database.db);
  const key = await organisationWithKey(app, admin, 'catalog-club');
  const local = (url: string) => url.replace('https://participation.test', '');
  const listening = async () => {
    if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  };

  await t.test('before any release the catalogue is empty and there is no dataset to describe', async (t) => {
    const res = await app.inject('/v1/catalog');
    t.equal(res.statusCode, 200);
    t.equal(typed(await graph(JSON.parse(res.body) as object), `${DCAT}Dataset`).length, 0);
    const dataset = await app.inject('/v1/catalog/dataset');
    t.equal(dataset.statusCode, 404);
    t.equal(json(dataset, Problem).type, '/problems/not-found');
  });

  if (chromiumInstalled())
    await t.test('before any release, neither page asks for a dataset description, so none fails in the console', async (t) => {
      const origin = await listening();
      const browser = await openBrowser(origin);
      t.teardown(browser.close);
      const asked: string[] = [];
      const failed: string[] = [];
      browser.page.on('request', (r) => {
        if (r.url().includes('/v1/catalog/dataset')) asked.push(r.url());
      });
      browser.page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
      });
      await browser.page.goto(`${origin}/`);
      await browser.page.waitForLoadState('networkidle');
      await browser.page.goto(`${origin}/areas/E08000035`);
      await browser.page.waitForLoadState('networkidle');
      t.same(asked, [], 'no request for the dataset description');
      t.equal(await browser.page.locator('script#dataset-jsonld').count(), 0, 'no JSON-LD block');
      t.notOk(
        failed.some((f) => f.includes('/catalog/')),
        `no failed catalogue request (failed: ${failed.join(', ') || 'none'})`,
      );
    });

  await app.inject({
    method: 'POST',
    url: '/v1/organisations/catalog-club/figures',
    headers: bearer(key),
    payload: { figures: [{ activity: 'running', area: 'E05011385', period: '2025-09', participants: 40 }] },
  });
  for (const notes of ['First', 'Second']) {
    const res = await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin), payload: { notes } });
    t.equal(res.statusCode, 201);
  }

  t.test('lists every release as a DCAT dataset with what DCAT-AP requires and recommends', async (t) => {
    const res = await app.inject('/v1/catalog');
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'application/ld+json; charset=utf-8');
    const nodes = await graph(JSON.parse(res.body) as object);
    const [catalog] = typed(nodes, `${DCAT}Catalog`);
    for (const p of [`${DCT}title`, `${DCT}description`, `${DCT}publisher`, `${DCAT}dataset`])
      t.ok(has(catalog!, p), `the catalogue has ${p}`);
    const datasets = typed(nodes, `${DCAT}Dataset`);
    t.same(datasets.map((d) => d['@id']).sort(), ['https://participation.test/v1/releases/1', 'https://participation.test/v1/releases/2']);
    for (const d of datasets) {
      for (const p of [
        `${DCT}title`,
        `${DCT}description`,
        `${DCT}issued`,
        `${DCT}license`,
        `${DCT}publisher`,
        `${DCAT}distribution`,
        `${DCAT}keyword`,
        `${DCAT}contactPoint`,
      ])
        t.ok(has(d, p), `${JSON.stringify(d['@id'])} has ${p}`);
    }
    const distributions = typed(nodes, `${DCAT}Distribution`);
    t.equal(distributions.length, 10, 'five distributions per release');
    for (const d of distributions) {
      const url = first(d, `${DCAT}accessURL`)!['@id']!;
      const download = await app.inject(local(url));
      t.equal(download.statusCode, 200, `${url} resolves`);
    }
  });

  t.test('describes the latest release as a schema.org Dataset whose downloads resolve', async (t) => {
    const res = await app.inject('/v1/catalog/dataset');
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'application/ld+json; charset=utf-8');
    const dataset = JSON.parse(res.body) as { '@type': string; name: string; license: string; distribution: { contentUrl: string }[] };
    t.match(dataset, {
      '@context': 'https://schema.org/',
      '@type': 'Dataset',
      name: /release 2/,
      license: 'https://creativecommons.org/licenses/by/4.0/',
    });
    for (const d of dataset.distribution) t.equal((await app.inject(local(d.contentUrl))).statusCode, 200, d.contentUrl);
  });

  t.test("describes an area's profile page, in the release asked for", async (t) => {
    const res = await app.inject('/v1/catalog/dataset?area=E08000035&release=1');
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'application/ld+json; charset=utf-8');
    t.match(JSON.parse(res.body), {
      '@type': 'Dataset',
      '@id': 'https://participation.test/areas/E08000035#dataset',
      name: 'Community participation in Leeds, release 1',
      url: 'https://participation.test/areas/E08000035',
      identifier: 'https://participation.test/v1/releases/1',
      version: '1',
      spatialCoverage: { '@type': 'Place', name: 'Leeds', identifier: 'E08000035' },
    });
    const latest = JSON.parse((await app.inject('/v1/catalog/dataset?area=E05011385')).body) as { name: string };
    t.equal(latest.name, 'Community participation in Armley, release 2', 'the latest release when none is asked for');
    const unknownArea = await app.inject('/v1/catalog/dataset?area=E08999999');
    t.equal(unknownArea.statusCode, 404);
    t.equal(json(unknownArea, Problem).detail, 'There is no area with code E08999999.');
    const unknownRelease = await app.inject('/v1/catalog/dataset?release=9');
    t.equal(unknownRelease.statusCode, 404);
    t.equal(json(unknownRelease, Problem).detail, 'There is no release 9.');
    t.equal((await app.inject('/v1/catalog/dataset?area=leeds')).statusCode, 400, 'a malformed code is a 400');
  });

  if (!chromiumInstalled()) return;
  t.test('the public page carries the schema.org description in a JSON-LD block, under its strict policy', async (t) => {
    const origin = await listening();
    const browser = await openBrowser(origin);
    t.teardown(browser.close);
    await browser.page.goto(`${origin}/`);
    const block = browser.page.locator('script#dataset-jsonld');
    await block.waitFor({ state: 'attached' });
    const embedded = JSON.parse((await block.textContent()) ?? '') as { '@type': string; name: string };
    t.equal(embedded['@type'], 'Dataset');
    t.match(embedded.name, /release 2/);
    t.same(browser.problems, [], 'no console error and no Content-Security-Policy violation');
  });

  t.test("the area profile page carries its own area's description, in the release it shows", async (t) => {
    const origin = await listening();
    const browser = await openBrowser(origin);
    t.teardown(browser.close);
    const embedded = async (path: string, name: string) => {
      await browser.page.goto(`${origin}${path}`);
      await browser.page.locator('#profile-body').waitFor();
      const block = browser.page.locator('script#dataset-jsonld');
      await browser.page.waitForFunction(
        (expected) =>
          (globalThis as unknown as { document: { getElementById: (id: string) => { textContent: string } | null } }).document
            .getElementById('dataset-jsonld')
            ?.textContent.includes(expected) ?? false,
        name,
      );
      t.equal(await block.count(), 1, `one JSON-LD block on ${path}`);
      return JSON.parse((await block.textContent()) ?? '') as Record<string, unknown>;
    };
    t.match(await embedded('/areas/E08000035', 'release 2'), {
      '@type': 'Dataset',
      name: 'Community participation in Leeds, release 2',
      url: 'https://participation.test/areas/E08000035',
      spatialCoverage: { identifier: 'E08000035', name: 'Leeds' },
    });
    t.match(await embedded('/areas/E08000035?release=1', 'release 1'), {
      version: '1',
      name: 'Community participation in Leeds, release 1',
    });
    t.same(browser.problems, [], 'no console error and no Content-Security-Policy violation');
  });
});
