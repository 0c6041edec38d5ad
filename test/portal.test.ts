// The portal's files are served like the public page, under the same strict policy.
import { forEachDatabase } from './helpers/app.js';

forEachDatabase(async (t, { app, kind }) => {
  if (kind !== 'pglite') return;
  t.test('serves the portal at /portal/ with the page policy, and lists the sections this build has', async (t) => {
    const redirect = await app.inject({ url: '/portal' });
    t.equal(redirect.statusCode, 301);
    t.equal(redirect.headers.location, '/portal/');
    const page = await app.inject({ url: '/portal/' });
    t.equal(page.statusCode, 200);
    t.match(page.headers['content-type'], /^text\/html/);
    t.match(page.headers['content-security-policy'], /script-src 'self'; style-src 'self'/);
    t.match(page.body, /<script type="module" src="\/portal\/portal\.js"><\/script>/);
    const sections = await app.inject({ url: '/portal/sections.json' });
    const listed = (JSON.parse(sections.body) as { sections: string[] }).sections;
    t.same(
      listed.filter((s) => ['add', 'consent', 'figures', 'history', 'keys'].includes(s)),
      ['add', 'consent', 'figures', 'history', 'keys'],
    );
    t.equal((await app.inject({ url: '/portal/sections/figures.js' })).statusCode, 200);
  });
});
