import { PROBLEM_TYPES, Problem, problemTypeUri, type ProblemType } from '../src/http/problem.js';
import { forEachDatabase, json } from './helpers/app.js';

const HTML = 'text/html; charset=utf-8';

/** The text of the paragraph under a heading, without its tags. */
const section = (html: string, heading: string) =>
  (new RegExp(`<h2>${heading}</h2>\\s*<p>(.*?)</p>`, 's').exec(html)?.[1] ?? '').replace(/<[^>]+>/g, '');

forEachDatabase(async (t, { app }) => {
  t.test('every problem type URI in the catalogue resolves to a page explaining it', async (t) => {
    const types = Object.keys(PROBLEM_TYPES) as ProblemType[];
    t.ok(types.length >= 19);
    for (const type of types) {
      const res = await app.inject(problemTypeUri(type));
      t.equal(res.statusCode, 200, `${type} answers 200`);
      t.equal(res.headers['content-type'], HTML);
      t.match(res.body, `<h1>${PROBLEM_TYPES[type].title}</h1>`);
      t.ok(section(res.body, 'What it means').length >= 20, `${type}: says what it means`);
      t.ok(section(res.body, 'What to do').length >= 20, `${type}: says what to do`);
    }
    const index = await app.inject('/problems');
    t.equal(index.statusCode, 200);
    const linked = [...index.body.matchAll(/href="(\/problems\/[^"]+)"/g)].map((m) => m[1]);
    t.same(linked, types.map(problemTypeUri), 'the index links every type');
  });

  t.test('the type of a real problem answer resolves, and an unknown type is a 404 problem', async (t) => {
    const res = await app.inject('/v1/areas/E99999999');
    const problem = json(res, Problem);
    const page = await app.inject(problem.type);
    t.equal(page.statusCode, 200);
    t.match(page.body, 'Not found');
    const unknown = await app.inject('/problems/no-such-problem');
    t.equal(unknown.statusCode, 404);
    t.equal(json(unknown, Problem).type, '/problems/not-found');
  });

  t.test('content negotiation honours q-values on every list route', async (t) => {
    const routes = ['/v1/areas?type=region', '/v1/areas/E08000035/children', '/v1/activities?parent=dance', '/v1/organisations'];
    const cases: [string, 'json' | 'csv'][] = [
      ['text/csv;q=0.1, application/json', 'json'],
      ['application/json, text/csv;q=0.1', 'json'],
      ['text/csv;q=0, */*', 'json'],
      ['text/csv, application/json;q=0.5', 'csv'],
      ['application/json;q=0.2, text/csv;q=0.9', 'csv'],
      ['text/csv', 'csv'],
    ];
    for (const url of routes) {
      for (const [accept, expected] of cases) {
        const res = await app.inject({ url, headers: { accept } });
        t.equal(res.statusCode, 200, `${url} with ${accept}`);
        t.match(
          res.headers['content-type'],
          expected === 'json' ? /^application\/json/ : /^text\/csv/,
          `${url} with ${accept}: ${expected}`,
        );
        if (expected === 'json') t.type((JSON.parse(res.body) as { data: unknown }).data, Array);
      }
    }
  });
});
