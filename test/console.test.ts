// The console's files are served like the portal, under the same strict policy, and call only
// documented operations of the API.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_DIR } from '../src/modules/page/page.routes.js';
import { forEachDatabase } from './helpers/app.js';
import { operations, servedDocument } from './helpers/contract.js';

const CONSOLE_DIR = join(PUBLIC_DIR, 'console');
const scripts = [
  ...readdirSync(CONSOLE_DIR)
    .filter((f) => f.endsWith('.js'))
    .map((f) => `console/${f}`),
  ...readdirSync(join(CONSOLE_DIR, 'views')).map((f) => `console/views/${f}`),
  'portal/session.js',
  'portal/shell.js',
];

forEachDatabase(async (t, { app, kind }) => {
  if (kind !== 'pglite') return;
  t.test('serves the console at /console/ with the page policy and no inline script or style', async (t) => {
    const redirect = await app.inject({ url: '/console' });
    t.equal(redirect.statusCode, 301);
    t.equal(redirect.headers.location, '/console/');
    const page = await app.inject({ url: '/console/' });
    t.equal(page.statusCode, 200);
    t.match(page.headers['content-type'], /^text\/html/);
    t.match(page.headers['content-security-policy'], /script-src 'self'; style-src 'self'/);
    t.match(page.body, /<script type="module" src="\/console\/console\.js"><\/script>/);
    t.notMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is a file');
    t.notMatch(page.body, /<style|\sstyle=|\son[a-z]+=/i, 'no style element, style attribute or handler attribute');
    for (const file of [...scripts, 'console/console.css']) {
      const res = await app.inject({ url: `/${file}` });
      t.equal(res.statusCode, 200, file);
    }
    t.ok(scripts.length >= 8, `${scripts.length} scripts`);
  });

  t.test('every API call in the console is a documented operation with that method', async (t) => {
    const document = await servedDocument(app);
    const known = operations(document).map((op) => ({
      method: op.method.toUpperCase(),
      path: new RegExp(`^${op.path.replace(/\{\w+\}/g, '[^/]+')}$`),
    }));
    let calls = 0;
    for (const file of scripts) {
      const source = readFileSync(join(PUBLIC_DIR, file), 'utf8');
      // api(`/v1/...`, { method: 'POST' ... }) or an href to a GET.
      for (const match of source.matchAll(/(api\(|href: )[`']((\/v1\/[^`'?]*)[^`']*)[`'](?:,\s*\{\s*method: '([A-Z]+)')?/g)) {
        const path = match[3]!.replace(/\$\{[^}]+\}/g, 'x');
        const method = match[4] ?? 'GET';
        calls += 1;
        t.ok(
          known.some((op) => op.method === method && op.path.test(path)),
          `${file}: ${method} ${path}`,
        );
      }
    }
    t.ok(calls >= 15, `${calls} calls checked`);
  });
});
