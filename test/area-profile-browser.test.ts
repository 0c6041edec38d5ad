// The area profile page in a real browser: the API's numbers, the keyboard, a phone screen, axe-core,
// and printing to an A4 PDF that carries the release, the licence and the permalink.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Page } from 'playwright-core';
import { loadDemoIfEmpty } from '../src/demo/demo.service.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { Demographics } from '../src/modules/demographics/demographics.schemas.js';
import { AreaProfile } from '../src/modules/profiles/profiles.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { CHROMIUM, chromiumInstalled, openBrowser, seriousAccessibilityViolations } from './helpers/browser.js';

const SCREENSHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const LEEDS = 'E08000035';
const YORKSHIRE = 'E12000003';

type PageElement = { textContent: string | null; children: Iterable<PageElement>; scrollWidth: number };

// What the page should print for a published value, written for a British reader.
const number = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 4 });
const count = (c: { value: number | null; flag?: string }) =>
  c.value !== null ? number(c.value) : c.flag === 'x' ? 'not reported by every group' : 'fewer than 8';
// Rates to three significant figures: the precision a protected count can bear.
const threeFigures = (n: number) => n.toLocaleString('en-GB', { maximumSignificantDigits: 3 });
const rate = (r: { per1000: number | null; lower95: number | null; upper95: number | null }) =>
  r.per1000 === null ? 'not available' : `${threeFigures(r.per1000)} (${threeFigures(r.lower95!)} to ${threeFigures(r.upper95!)})`;

const tableRows = (page: Page, id: string) =>
  page.locator(`#${id} tbody tr`).evaluateAll((rows: PageElement[]) => rows.map((r) => [...r.children].map((c) => c.textContent)));

/** Pages of a PDF as Chromium writes it: one `/Type /Page` dictionary each (`/Pages` is the tree). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

if (!chromiumInstalled()) {
  const why = `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`;
  if (process.env.CI) t.fail(why);
  else t.plan(0, why);
} else {
  forEachDatabase(
    async (t, { app, database, kind }) => {
      await loadDemoIfEmpty(database.db, DEFAULT_POLICY);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const profileOf = async (path: string) => json({ body: await (await fetch(`${origin}${path}`)).text() }, AreaProfile);
      const demographicsOf = async (path: string) => json({ body: await (await fetch(`${origin}${path}`)).text() }, Demographics);
      const browser = await openBrowser(origin);
      t.teardown(browser.close);
      const { page } = browser;
      const failedRequests: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url().replace(origin, '')}`);
      });
      mkdirSync(SCREENSHOTS, { recursive: true });

      t.test("Leeds: the page shows the API's numbers", async (t) => {
        const api = await profileOf(`/v1/areas/${LEEDS}/profile`);
        await page.goto(`${origin}/areas/${LEEDS}`);
        await page.getByRole('heading', { name: `Leeds: who takes part, ${api.period}` }).waitFor();
        const all = api.activities[0]!;
        t.equal(
          await page.locator('#headline').textContent(),
          `${count(all.participants)} participants reported by ${number(all.organisations)} organisations in Leeds in ${api.period}.`,
        );
        t.same(
          await tableRows(page, 'activities-table'),
          api.activities.map((a) => [
            a.activity ? (a.parentActivity ? `of which ${a.activity.label}` : a.activity.label) : 'All activities',
            count(a.participants),
            rate(a.rate),
            rate(a.comparisons[0]!.rate),
            rate(a.comparisons[1]!.rate),
            { higher: 'Higher', similar: 'Similar', lower: 'Lower' }[a.comparisons[1]!.significance!] ?? 'Not compared',
          ]),
        );
        t.same(
          await tableRows(page, 'children-table'),
          api.children.data.map((r) => [r.rank === null ? '' : String(r.rank), r.label, count(r.participants), rate(r.rate)]),
        );
        t.same(
          (await tableRows(page, 'trend-table')).map((r) => r[1]),
          api.trend.filter((r) => r.activity === null).map((r) => count(r.participants)),
        );
        t.same(
          (await tableRows(page, 'benchmarks-table')).map((r) => r.slice(1)),
          api.benchmarks.map((b) => [b.period, `${number(b.value)}%`, b.england === null ? 'not published' : `${number(b.england)}%`]),
        );
        const whom = await demographicsOf(`/v1/statistics/demographics?area=${LEEDS}&period=${api.period}`);
        t.ok(whom.withBreakdown.value! > 0, 'some demo groups broke their figures down');
        const percent = (f: number | null) => (f === null ? '' : `${number(Math.round(f * 1000) / 10)}%`);
        const bandRow = (b: (typeof whom.ageBands)[number]) => [
          count(b.participants),
          percent(b.share),
          percent(b.populationShare),
          rate(b.rate),
        ];
        t.same(
          (await tableRows(page, 'age-table')).map((r) => r.slice(1)),
          whom.ageBands.map(bandRow),
          "the age bands are the API's",
        );
        t.same(
          (await tableRows(page, 'sex-table')).map((r) => r.slice(1)),
          whom.sexes.map(bandRow),
          "the sexes are the API's",
        );
        t.match(
          await page.locator('#coverage').textContent(),
          new RegExp(`^${count(whom.withBreakdown)} of the ${count(whom.total.participants)} participants came with a breakdown`),
        );
        t.match(await page.locator('#deprivation').textContent(), /average score 27\.301.*23\.7% of its neighbourhoods/);
        const permalink = `${origin}/areas/${LEEDS}?period=${api.period}&release=${api.release.id}`;
        t.equal(await page.locator('#permalink').textContent(), permalink);
        t.match(await page.locator('#licence-line').textContent(), /Creative Commons Attribution 4\.0/);
        t.equal(await page.locator('#map-section').isHidden(), true, 'no map for a district');
      });

      t.test('keyboard alone: the period changes and the page follows', async (t) => {
        const periods = await page.locator('#period-select option').allTextContents();
        t.ok(periods.length > 1, 'the demo has several periods for Leeds');
        await page.locator('#period-select').focus();
        await page.keyboard.press('ArrowDown');
        const chosen = await page.locator('#period-select').inputValue();
        await page.getByRole('heading', { name: `Leeds: who takes part, ${chosen}` }).waitFor();
        t.match(page.url(), new RegExp(`period=${chosen}`));
        const api = await profileOf(`/v1/areas/${LEEDS}/profile?period=${chosen}`);
        t.equal((await tableRows(page, 'activities-table'))[0]![1], count(api.activities[0]!.participants));
        await page.keyboard.press('Tab');
        t.equal(
          await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id),
          'print-button',
        );
      });

      t.test('prints on A4: a few pages with the release, the licence and the permalink', async (t) => {
        await page.goto(`${origin}/areas/${LEEDS}`);
        await page.locator('#profile-body').waitFor();
        await page.emulateMedia({ media: 'print' });
        t.equal(await page.locator('#print-button').isVisible(), false, 'controls are not printed');
        t.equal(await page.locator('#permalink').isVisible(), true, 'the permalink is printed');
        t.equal(await page.locator('#release-line').isVisible(), true, 'the release is printed');
        await page.emulateMedia({ media: 'screen' });
        const pdf = await page.pdf({ format: 'A4' });
        const pages = pdfPages(pdf);
        t.ok(pages >= 1 && pages <= 6, `the Leeds profile prints on ${pages} A4 pages`);
        const api = await profileOf(`/v1/areas/${LEEDS}/profile`);
        // The permalink is a link in the PDF: Chromium writes each as a URI annotation in plain text.
        t.ok(
          pdf.toString('latin1').includes(`/URI (${origin}/areas/${LEEDS}?period=${api.period}&release=${api.release.id})`),
          'the permalink is in the PDF',
        );
      });

      t.test('Yorkshire and The Humber: a map of its districts with its numbers as a table', async (t) => {
        const api = await profileOf(`/v1/areas/${YORKSHIRE}/profile`);
        await page.goto(`${origin}/areas/${YORKSHIRE}`);
        await page.locator('#profile-body').waitFor();
        await page.locator('#map-section').waitFor();
        t.equal(await page.locator('#map-image').getAttribute('src'), api.map!.url);
        await page.waitForFunction(() => {
          const img = (
            globalThis as unknown as { document: { getElementById: (id: string) => { complete: boolean; naturalWidth: number } } }
          ).document.getElementById('map-image');
          return img.complete && img.naturalWidth > 0;
        });
        t.same(
          await tableRows(page, 'map-table'),
          api.map!.districts.map((d) => [d.area.name, count(d.participants), rate(d.rate)]),
        );
        const pdf = await page.pdf({ format: 'A4' });
        t.ok(pdfPages(pdf) <= 8, `the region prints on ${pdfPages(pdf)} A4 pages`);
      });

      t.test('fits a 375 px screen, passes axe-core, and nothing broke', async (t) => {
        await page.setViewportSize({ width: 375, height: 800 });
        await page.goto(`${origin}/areas/${LEEDS}`);
        await page.locator('#profile-body').waitFor();
        t.ok(await page.locator('html').evaluate((html: PageElement) => html.scrollWidth <= 375), 'no horizontal overflow at 375 px');
        await page.screenshot({ path: `${SCREENSHOTS}area-profile-phone-${kind}.png`, fullPage: true });
        t.same(await seriousAccessibilityViolations(page), [], 'axe-core at 375 px');
        await page.setViewportSize({ width: 1000, height: 900 });
        t.same(await seriousAccessibilityViolations(page), [], 'axe-core at desktop width');
        const missing = await fetch(`${origin}/areas/not-a-code`);
        t.equal(missing.status, 404);
        t.same(browser.problems, [], 'no console error, exception or Content-Security-Policy violation');
        t.same(failedRequests, [], 'no request answered with an error');
      });
    },
    { DISCLOSURE_METHOD: 'round' },
  );
}
