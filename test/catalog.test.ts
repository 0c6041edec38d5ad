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

  t.test('before any release the catalogue is empty and there is no dataset to describe', async (t) => {
    const res = await app.inject('/v1/catalog');
    t.equal(res.statusCode, 200);
    t.equal(typed(await graph(JSON.parse(res.body) as object), `${DCAT}Dataset`).length, 0);
    const dataset = await app.inject('/v1/catalog/dataset');
    t.equal(dataset.statusCode, 404);
    t.equal(json(dataset, Problem).type, '/problems/not-found');
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

  if (!chromiumInstalled()) return;
  t.test('the public page carries the schema.org description in a JSON-LD block, under its strict policy', async (t) => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
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
});
