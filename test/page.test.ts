import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_DIR } from '../src/modules/page/page.routes.js';
import { Problem } from '../src/http/problem.js';
import { forEachDatabase, json } from './helpers/app.js';
import { servedDocument } from './helpers/contract.js';

// The public page's own files; other pages (the portal) live in folders of their own, tested on their own.
const files = readdirSync(PUBLIC_DIR, { withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => entry.name);
const modules = files.filter((f) => f.endsWith('.js'));

forEachDatabase(async (t, { app }) => {
  t.test('serves the page at / under a strict Content-Security-Policy, revalidated on every visit', async (t) => {
    const res = await app.inject('/');
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    t.match(csp, /script-src 'self';/);
    t.match(csp, /style-src 'self';/);
    t.notMatch(csp, /unsafe-inline|unsafe-eval/, 'no inline script or style is allowed');
    t.equal(res.headers['cache-control'], 'public, no-cache');
    t.ok(res.headers.etag, 'an ETag to revalidate with');
    const again = await app.inject({ url: '/', headers: { 'if-none-match': String(res.headers.etag) } });
    t.equal(again.statusCode, 304);
    t.equal(again.body, '');
    t.equal((await app.inject({ method: 'HEAD', url: '/' })).statusCode, 200);
  });

  t.test('has no inline script, style or event handler, so the policy blocks nothing it needs', async (t) => {
    const html = (await app.inject('/')).body;
    t.notMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is a file');
    t.notMatch(html, /<style|\sstyle=|\son[a-z]+=/i, 'no style element, style attribute or handler attribute');
    t.match(html, /<html lang="en-GB">/);
    t.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1" ?\/?>/);
    for (const id of ['search-input', 'area-select', 'activity-select', 'period-select'])
      t.match(html, new RegExp(`<label for="${id}">`), `${id} has a label`);
  });

  t.test('serves every file the page loads, each module and the modules it imports', async (t) => {
    t.same(files.sort(), [
      'api.js',
      'app.js',
      'chart.js',
      'dom.js',
      'format.js',
      'index.html',
      'release-info.js',
      'result.js',
      'style.css',
    ]);
    const css = await app.inject('/style.css');
    t.match(css.headers['content-type'], /^text\/css/);
    // period-rules.js is the API's own period code (src/domain), served beside the page's files.
    const loadable = [...modules, 'period-rules.js'];
    for (const file of loadable) {
      const res = await app.inject(`/${file}`);
      t.equal(res.statusCode, 200, file);
      t.match(res.headers['content-type'], /^(application|text)\/javascript/, file);
      for (const [, imported] of res.body.matchAll(/from '\.\/([\w-]+\.js)'/g))
        t.ok(loadable.includes(imported!), `${file} imports ${imported}`);
    }
    const rules = await app.inject('/period-rules.js');
    t.equal(rules.body, readFileSync(new URL('../src/domain/period-rules.js', import.meta.url), 'utf8'), 'the very file the API runs');
    const again = await app.inject({ url: '/period-rules.js', headers: { 'if-none-match': String(rules.headers.etag) } });
    t.equal(again.statusCode, 304);
  });

  t.test('reads only the public API: every path the scripts fetch is a documented GET', async (t) => {
    const document = await servedDocument(app);
    const paths = Object.keys(document.paths).map((p) => new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`));
    const source = modules.map((f) => readFileSync(join(PUBLIC_DIR, f), 'utf8')).join('\n');
    const used = [...source.matchAll(/['`](\/v1\/[^'`?]*)['`]/g)].map(([, path]) => path!.replace(/\$\{[^}]+\}/g, 'x'));
    t.ok(used.length >= 8, `${used.length} API paths`);
    for (const path of used)
      t.ok(
        paths.some((p) => p.test(path)),
        path,
      );
  });

  t.test("keeps the page out of the OpenAPI document and other paths answering the API's 404", async (t) => {
    const document = await servedDocument(app);
    t.notOk(Object.keys(document.paths).some((p) => !p.startsWith('/v1/') && !['/health', '/ready'].includes(p)));
    const missing = await app.inject('/no-such-page.html');
    t.equal(missing.statusCode, 404);
    t.equal(json(missing, Problem).type, '/problems/not-found');
    t.match(
      String((await app.inject('/v1/meta')).headers['content-security-policy']),
      /style-src 'self' 'unsafe-inline'/,
      'the API keeps its own policy',
    );
  });
});
