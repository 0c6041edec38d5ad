// End to end in a real browser: a volunteer finds their group on the page, picks an area, an
// activity and a period, sees the API's own numbers, and copies a citation for a bid.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Page } from 'playwright-core';
import { loadDemoIfEmpty } from '../src/demo/demo.service.js';
import { DEFAULT_POLICY } from '../src/modules/releases/releases.policy.js';
import { forEachDatabase } from './helpers/app.js';
import { CHROMIUM, chromiumInstalled, openBrowser } from './helpers/browser.js';

const SCREENSHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const ORGANISATION = 'demo-armley-ballet-club';
const LEEDS = 'E08000035';
const ALWOODLEY = 'E05012842';

// What the page should print for a published value: the API's number, written for a British reader.
const number = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 4 });
const count = (c: { value: number | null }) => (c.value === null ? 'fewer than 8' : number(c.value));
const share = (s: number | null) => (s === null ? '' : `${(s * 100).toFixed(1)}%`);

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
const tableRows = (page: Page, id: string) => page.locator(`#${id} tbody tr`).evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));

/** The result section shows a new answer when its heading changes and nothing is loading. */
async function waitForResult(page: Page, heading: string) {
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  await page.locator('#result-status').waitFor({ state: 'hidden' });
  await page.locator('#result-body').waitFor({ state: 'visible' });
}

/** The page's window, in code run by the browser: through a locator, as the project's TypeScript has no DOM library. */
const inWindow = (page: Page) => page.locator('html');

if (!chromiumInstalled()) {
  const why = `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`;
  if (process.env.CI) t.fail(why);
  else t.plan(0, why);
} else {
  forEachDatabase(async (t, { app, database, kind }) => {
    const release = await loadDemoIfEmpty(database.db, DEFAULT_POLICY);
    t.equal(release?.id, 1, 'the demo data and release 1, as on a first npm start');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const api = async (path: string) => (await fetch(`${origin}${path}`)).json() as Promise<any>;
    const browser = await openBrowser(origin);
    t.teardown(browser.close);
    const { page } = browser;
    mkdirSync(SCREENSHOTS, { recursive: true });

    t.test('a volunteer finds their group with the keyboard and sees the API\'s numbers for Leeds, dance, 2025-26', async (t) => {
      await page.goto(`${origin}/`);
      const paint = await inWindow(page).evaluate((html) => html.ownerDocument.defaultView.performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
      // The page's own files: the document, its stylesheet and its modules, not the API answers.
      const bytes = await inWindow(page).evaluate((html) => {
        const { performance } = html.ownerDocument.defaultView;
        return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
          .filter((e: any) => e.initiatorType !== 'fetch').reduce((sum: number, e: any) => sum + e.encodedBodySize, 0);
      });
      t.comment(`first contentful paint ${paint === null ? 'not reported' : `${Math.round(paint)} ms`}; page weight ${bytes} bytes (HTML, CSS and scripts)`);

      await page.getByLabel('Name of a group or an area').fill('Armley Ballet');
      await page.keyboard.press('Enter');
      const pick = page.getByRole('button', { name: 'Armley Ballet Club (demo), based in Armley' });
      await pick.focus();
      const started = Date.now();
      await page.keyboard.press('Enter');
      await waitForResult(page, '3. Ballet in Armley, 2025-26');
      t.comment(`from picking the group to its figures: ${Date.now() - started} ms`);
      t.ok(await page.locator('#choose-heading').evaluate((el) => el === el.ownerDocument.activeElement), 'focus moves on to the next step');

      await page.getByLabel('Area', { exact: true }).selectOption(LEEDS);
      await page.getByLabel('Activity', { exact: true }).selectOption('dance');
      await page.getByLabel('Period', { exact: true }).selectOption('2025-26');
      await waitForResult(page, '3. Dance in Leeds, 2025-26');

      const summary = await api(`/v1/statistics/summary?area=${LEEDS}&activity=dance&period=2025-26&release=1`);
      const contribution = await api(`/v1/organisations/${ORGANISATION}/contribution?period=2025-26`);
      const row = contribution.data.find((r: any) => r.area.code === LEEDS && r.activity?.id === 'dance');
      t.equal(await page.locator('#total-value').textContent(), count(summary.total.participants));
      t.equal(await page.locator('#contribution-line').textContent(), `Armley Ballet Club (demo): ${count(row.participants)} of them (${share(row.share)}).`);
      t.same(await tableRows(page, 'rate-table'), [
        [summary.area.name, count(summary.total.participants), number(summary.rate.per1000)],
        ...summary.comparisons.map((c: any) => [c.area.name, count(c.participants), number(c.per1000)]),
      ], 'rates next to the parent area and England');
      t.same(await tableRows(page, 'breakdown-table'), summary.breakdown.map((b: any) => [
        b.organisation ? `${b.label}${b.organisation.id === ORGANISATION ? ' (your group)' : ''}` : `Other organisations: ${b.organisations} groups not named or too small to show`,
        count(b.participants), share(b.share), b.rank === null ? '' : String(b.rank),
      ]), 'the table holds every row of the breakdown');
      t.same(await texts(page, '.bar-row.highlight .bar-value'), [`${count(row.participants)} (${share(row.share)})`], 'the group\'s bar is highlighted');
      t.ok((await texts(page, '.bar-row.other .bar-label')).length === 1, '"other organisations" has its own bar');

      const benchmarks = await api(`/v1/areas/${LEEDS}/benchmarks?latest=true`);
      const active = benchmarks.data.find((b: any) => b.indicatorId === 'active-adults');
      t.ok((await texts(page, '#benchmarks li')).includes(`${number(active.value)}% of adults in Leeds are physically active (Active Lives ${active.period})`));
      await page.screenshot({ path: `${SCREENSHOTS}page-${kind}.png`, fullPage: true });
    });

    t.test('"Copy for your bid" puts the citation sentence and its release permalink on the clipboard', async (t) => {
      const row = (await api(`/v1/organisations/${ORGANISATION}/contribution?period=2025-26`)).data.find((r: any) => r.area.code === LEEDS && r.activity?.id === 'dance');
      await page.getByRole('button', { name: 'Copy for your bid' }).click();
      await page.locator('#copy-status', { hasText: 'Copied' }).waitFor();
      const copied: string = await inWindow(page).evaluate((html) => html.ownerDocument.defaultView.navigator.clipboard.readText());
      t.ok(copied.startsWith(row.sentence), copied);
      t.match(row.url, /\/v1\/statistics\/summary\?area=E08000035&activity=dance&period=2025-26&release=1$/);
      t.ok(copied.includes(row.url), 'with the permalink pinned to release 1');
      t.match(copied, /Demonstration data/, 'a demo release says so');

      const csv = await fetch(`${origin}${await page.locator('#csv-link').getAttribute('href')}`);
      t.match(csv.headers.get('content-type'), /^text\/csv/);
      t.match(await csv.text(), new RegExp(`total,,Total,${row.total.value},`), 'the CSV of the same table');
      const svg = await fetch(`${origin}${await page.locator('#svg-link').getAttribute('href')}`);
      t.equal(svg.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
    });

    t.test('an area whose counts are suppressed reads "fewer than 8", never zero', async (t) => {
      const summary = await api(`/v1/statistics/summary?area=${ALWOODLEY}&activity=advice&period=2025-26`);
      t.same(summary.total.participants, { value: null, flag: 'c' }, 'precondition: the demo total is suppressed');
      await page.getByLabel('Name of a group or an area').fill('Alwoodley');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('button', { name: 'Alwoodley (ward)' }).click();
      await page.getByLabel('Activity', { exact: true }).selectOption('advice');
      await page.getByLabel('Period', { exact: true }).selectOption('2025-26');
      await waitForResult(page, '3. Advice service in Alwoodley, 2025-26');
      t.equal(await page.locator('#total-value').textContent(), 'fewer than 8');
      t.same((await tableRows(page, 'breakdown-table')).map((r) => r[1]), summary.breakdown.map((b: any) => count(b.participants)));
      t.equal(await page.locator('.bar-track.suppressed').count(), summary.breakdown.filter((b: any) => b.participants.value === null).length, 'an outlined empty track, no zero-length bar');
      t.notOk((await page.locator('#result-body').innerText()).match(/\b0 participants/), 'no zero anywhere for a suppressed count');
    });

    t.test('fits a phone-width screen without sideways scrolling, and nothing was blocked or broke', async (t) => {
      await page.setViewportSize({ width: 375, height: 800 });
      t.ok(await inWindow(page).evaluate((html) => html.scrollWidth <= 375), 'no horizontal overflow at 375 px');
      await page.screenshot({ path: `${SCREENSHOTS}page-phone-${kind}.png`, fullPage: true });
      t.same(browser.problems, [], 'no console error, exception or Content-Security-Policy violation');
    });
  });
}
