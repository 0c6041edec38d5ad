// The portal's "What will be published" section in a real browser. The portal shell (sign-in,
// sessions) comes separately, so a small harness page served only here mounts the section with
// the documented ctx and a key-backed ctx.api, under the page's own Content-Security-Policy.
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { SYSTEM_ACTOR } from '../src/domain/actor.js';
import { issueKey } from '../src/modules/keys/keys.service.js';
import { forEachDatabase } from './helpers/app.js';
import { CHROMIUM, chromiumInstalled, openBrowser, seriousAccessibilityViolations } from './helpers/browser.js';
import { loadFixture } from './fixtures/statistics-fixture.js';

const HARNESS_HTML = `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Section harness</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/style.css" />
    <script type="module" src="/test-harness/section.js"></script>
  </head>
  <body>
    <main id="main"><section id="section" aria-labelledby="section-heading"></section></main>
  </body>
</html>`;

/** The section mounted as the portal shell mounts it: ctx per the section contract, the API through a key. */
const harnessScript = (key: string, organisation: { id: string; name: string }) => `
import { mount } from '/portal/sections/preview.js';
const key = ${JSON.stringify(key)};
const api = (path, init = {}) => fetch(path, { ...init, headers: { ...(init.headers ?? {}), authorization: 'Bearer ' + key } });
const root = document.getElementById('section');
await mount(root, { organisation: { ...${JSON.stringify(organisation)}, homeArea: null }, person: null, api });
root.querySelector('h2').id = 'section-heading';
document.body.dataset.mounted = 'true';
`;

type PageElement = { scrollWidth: number };

if (!chromiumInstalled()) {
  const why = `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`;
  if (process.env.CI) t.fail(why);
  else t.plan(0, why);
} else {
  forEachDatabase(
    async (t, { app, database }) => {
      await loadFixture(database.db);
      // Issued directly: routes cannot be added once the app has answered a request.
      const keyFor = async (id: string) => (await issueKey(database.db, { kind: 'organisation', organisationId: id }, SYSTEM_ACTOR)).key;
      const keys = { 'armley-ballet': await keyFor('armley-ballet'), 'quiet-group': await keyFor('quiet-group') };
      let mounted = { key: keys['armley-ballet'], organisation: { id: 'armley-ballet', name: 'Armley Ballet Club' } };
      let csp = '';
      app.get('/test-harness/preview.html', { schema: { hide: true } }, async (_request, reply) =>
        reply.header('content-security-policy', csp).type('text/html; charset=utf-8').send(HARNESS_HTML),
      );
      app.get('/test-harness/section.js', { schema: { hide: true } }, async (_request, reply) =>
        reply
          .header('content-security-policy', csp)
          .type('text/javascript; charset=utf-8')
          .send(harnessScript(mounted.key, mounted.organisation)),
      );
      await app.listen({ port: 0, host: '127.0.0.1' });
      const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      csp = (await fetch(`${origin}/`)).headers.get('content-security-policy') ?? '';
      t.match(csp, /script-src 'self'/, "the harness runs under the page's own policy");
      const browser = await openBrowser(origin);
      t.teardown(browser.close);
      const { page } = browser;
      const open = async () => {
        await page.goto(`${origin}/test-harness/preview.html`);
        await page.locator('body[data-mounted="true"]').waitFor();
      };

      t.test('a group sees, with the keyboard alone, what the next release would publish about it', async (t) => {
        await open();
        t.equal(await page.locator('#section h2').textContent(), 'What will be published');
        t.match(
          await page.locator('.preview-summary').textContent(),
          /is in 20 published totals for this period and is shown by name in every one\./,
        );
        const items = await page.locator('.preview-cell').allInnerTexts();
        // Leeds, dance, 2025-26: 70 in total from six groups; Armley Ballet Club 12 → 10, 10/70 = 14.3%, tied second.
        t.ok(
          items.some(
            (i) =>
              i.startsWith('Leeds (local authority), Dance') &&
              i.includes('Total: 70 participants from 6 groups.') &&
              i.includes('Your group: 10 (14.3%), shown by name, the second largest.'),
          ),
          'Leeds, dance as worked by hand',
        );
        await page.keyboard.press('Tab');
        t.equal(
          await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id),
          'preview-period',
        );
        await page.keyboard.press('ArrowDown');
        await page.locator('.preview-summary', { hasText: 'in 20 published totals' }).waitFor();
        t.equal(await page.locator('#preview-period').inputValue(), '2024-25');
        // Armley, ballet, 2024-25: 20 → 20, alone: 100%.
        t.ok(
          (await page.locator('.preview-cell').allInnerTexts()).some(
            (i) => i.startsWith('Armley (ward), Ballet') && i.includes('Your group: 20 (100.0%), shown by name, the largest.'),
          ),
        );
        t.same(await seriousAccessibilityViolations(page), [], 'axe-core: no serious or critical violation');
      });

      t.test('at 375 px wide, an unnamed group reads that it counts inside "other organisations"', async (t) => {
        mounted = { key: keys['quiet-group'], organisation: { id: 'quiet-group', name: 'Quiet Group' } };
        await page.setViewportSize({ width: 375, height: 800 });
        await open();
        t.match(await page.locator('.warning').textContent(), /not agreed to be named/);
        const items = await page.locator('.preview-cell').allInnerTexts();
        t.ok(
          items.length > 0 &&
            items.every((i) => i.includes('Your group is not named in public, so it counts inside "other organisations"')),
        );
        // Bramley, dance: bramley-movers 8 → 10 shown; other: quiet-group 7 → suppressed, one group.
        t.ok(
          items.some(
            (i) => i.startsWith('Bramley & Stanningley (ward), Dance') && i.includes('("other organisations": fewer than 8 from 1 group)'),
          ),
        );
        t.ok(await page.locator('html').evaluate((html: PageElement) => html.scrollWidth <= 375), 'no horizontal overflow');
        t.same(await seriousAccessibilityViolations(page), [], 'axe-core: no serious or critical violation at 375 px');
        t.same(browser.problems, [], 'no console error, exception or CSP violation');
      });

      t.test("a refusal is shown in the API's plain words", async (t) => {
        mounted = { key: keys['quiet-group'], organisation: { id: 'armley-ballet', name: 'Armley Ballet Club' } };
        await open();
        t.equal(await page.locator('#section .status').textContent(), 'This key belongs to another organisation.');
        t.same(
          browser.problems.filter((p) => !/status of 403/.test(p)),
          [],
          'nothing broke beyond the browser noting the 403',
        );
      });
    },
    { DISCLOSURE_METHOD: 'round' },
  );
}
