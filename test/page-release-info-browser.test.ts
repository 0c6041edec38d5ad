// The public page says which release it shows and what its publisher said changed; on an empty
// service it tells a steward who publishes the first release and how.
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { forEachDatabase } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';
import { CHROMIUM, chromiumInstalled, openBrowser } from './helpers/browser.js';

if (!chromiumInstalled()) {
  const why = `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`;
  if (process.env.CI) t.fail(why);
  else t.plan(0, why);
} else {
  forEachDatabase(async (t, { app, database }) => {
    const admin = await adminKey(database.db);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const browser = await openBrowser(origin, { width: 375, height: 800 });
    t.teardown(browser.close);
    const { page } = browser;

    t.test('an empty service says no release has been published yet, who publishes one and how', async (t) => {
      await page.goto(origin);
      const info = page.locator('#release-info');
      await info.getByRole('heading', { name: 'No release has been published yet' }).waitFor();
      const text = await info.innerText();
      t.match(text, /steward who runs this service for the area/);
      t.match(text, /POST \/v1\/releases/);
      t.match(text, /npm run release/);
      t.match(text, /console at \/console/);
      // An empty service is not an error: the page asks only questions that answer 200.
      t.same(browser.problems, []);
    });

    t.test('after a release, the page names it and shows its notes', async (t) => {
      const key = await organisationWithKey(app, admin, 'notes-club');
      await app.inject({
        method: 'POST',
        url: '/v1/organisations/notes-club/figures',
        headers: bearer(key),
        payload: { figures: [{ activity: 'running', area: 'E05011385', period: '2025-09', participants: 40 }] },
      });
      const notes = 'September figures from the running clubs.\nArmley added.';
      const published = await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin), payload: { notes } });
      t.equal(published.statusCode, 201);
      await page.goto(origin);
      const info = page.locator('#release-info');
      await info.getByText('Latest release: number 1').waitFor();
      t.equal(await info.locator('.release-notes').innerText(), `What changed: ${notes}`);
      t.ok(await page.locator('html').evaluate((html: { scrollWidth: number }) => html.scrollWidth <= 375), 'fits 375 px');
    });
  });
}
