// End to end in a real browser: a volunteer finds their group on the page, picks an area, an
// activity and a period, sees the API's own numbers, and copies a citation for a bid.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Page } from 'playwright-core';
import type { z } from 'zod';
import { loadDemoIfEmpty } from '../src/demo/demo.service.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { BenchmarkList } from '../src/modules/benchmarks/benchmarks.schemas.js';
import { Contribution } from '../src/modules/contributions/contributions.schemas.js';
import { Release } from '../src/modules/releases/releases.schemas.js';
import { ActivityStatistics, Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer } from './helpers/auth.js';
import { CHROMIUM, chromiumInstalled, openBrowser, seriousAccessibilityViolations } from './helpers/browser.js';

const SCREENSHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));

const ORGANISATION = 'demo-armley-ballet-club';
const LEEDS = 'E08000035';
const ALWOODLEY = 'E05012842';

// What the page should print for a published value: the API's number, written for a British reader.
const number = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 4 });
const count = (c: { value: number | null; flag?: string }) =>
  c.value !== null ? number(c.value) : c.flag === 'x' ? 'not reported by every group' : 'fewer than 8';
// A share as a percentage rounded once from the two published counts: the 4-decimal `share` rounded
// again can be a tenth out (0.2555 reads 25.6% where 127,735 of 500,000 is 25.5%).
const share = (part: { value: number | null }, whole: { value: number | null }) =>
  part.value === null || whole.value === null || whole.value === 0
    ? ''
    : `${(Math.round((1000 * part.value) / whole.value) / 10).toFixed(1)}%`;
const measures = (total: {
  attendances: { value: number | null };
  sessions: { value: number | null };
  volunteers: { value: number | null };
}) => `Attendances: ${count(total.attendances)}. Sessions: ${count(total.sessions)}. Volunteers: ${count(total.volunteers)}.`;

/** The few members of the page's DOM that the checks below read: the project's TypeScript has no DOM library. */
type PageElement = {
  textContent: string | null;
  children: Iterable<PageElement>;
  scrollWidth: number;
  ownerDocument: { activeElement: unknown; defaultView: PageWindow };
};
type PageWindow = {
  performance: {
    getEntriesByName: (name: string) => { startTime: number }[];
    getEntriesByType: (type: 'navigation' | 'resource') => { initiatorType: string; encodedBodySize: number }[];
  };
  navigator: { clipboard: { readText: () => Promise<string> } };
};

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
const tableRows = (page: Page, id: string) =>
  page.locator(`#${id} tbody tr`).evaluateAll((rows: PageElement[]) => rows.map((r) => [...r.children].map((c) => c.textContent)));

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
  forEachDatabase(
    async (t, { app, database, kind }) => {
      const release = await loadDemoIfEmpty(database.db, DEFAULT_POLICY);
      t.equal(release?.id, 1, 'the demo data and release 1, as on a first npm start');
      await app.listen({ port: 0, host: '127.0.0.1' });
      const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const api = async <S extends z.ZodType>(path: string, schema: S) =>
        json({ body: await (await fetch(`${origin}${path}`)).text() }, schema);
      const browser = await openBrowser(origin);
      t.teardown(browser.close);
      const { page } = browser;
      // The browser logs every answer of 400 or more as an error in the console, even one the page
      // handles; so the journey records them all, and the requests that never got an answer.
      const failedRequests: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url().replace(origin, '')}`);
      });
      page.on('requestfailed', (request) =>
        failedRequests.push(`${request.failure()?.errorText ?? 'failed'} ${request.url().replace(origin, '')}`),
      );
      mkdirSync(SCREENSHOTS, { recursive: true });

      t.test("a volunteer finds their group with the keyboard and sees the API's numbers for Leeds, dance, 2025-26", async (t) => {
        await page.goto(`${origin}/`);
        const paint = await inWindow(page).evaluate(
          (html: PageElement) =>
            html.ownerDocument.defaultView.performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        );
        // The page's own files: the document, its stylesheet and its modules, not the API answers.
        const bytes = await inWindow(page).evaluate((html: PageElement) => {
          const { performance } = html.ownerDocument.defaultView;
          return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
            .filter((e) => e.initiatorType !== 'fetch')
            .reduce((sum, e) => sum + e.encodedBodySize, 0);
        });
        t.comment(
          `first contentful paint ${paint === null ? 'not reported' : `${Math.round(paint)} ms`}; page weight ${bytes} bytes (HTML, CSS and scripts)`,
        );

        await page.getByLabel('Name of a group or an area').fill('Armley Ballet');
        await page.keyboard.press('Enter');
        const pick = page.getByRole('button', { name: 'Armley Ballet Club (demo), based in Armley' });
        await pick.focus();
        const started = Date.now();
        await page.keyboard.press('Enter');
        await waitForResult(page, '3. Ballet in Armley, 2025-26');
        t.comment(`from picking the group to its figures: ${Date.now() - started} ms`);
        t.ok(
          await page.locator('#choose-heading').evaluate((el: PageElement) => el === el.ownerDocument.activeElement),
          'focus moves on to the next step',
        );

        await page.getByLabel('Area', { exact: true }).selectOption(LEEDS);
        await page.getByLabel('Activity', { exact: true }).selectOption('dance');
        await page.getByLabel('Period', { exact: true }).selectOption('2025-26');
        await waitForResult(page, '3. Dance in Leeds, 2025-26');

        const summary = await api(`/v1/statistics/summary?area=${LEEDS}&activity=dance&period=2025-26&release=1`, Summary);
        const contribution = await api(`/v1/organisations/${ORGANISATION}/contribution?period=2025-26`, Contribution);
        const row = contribution.data.find((r) => r.area.code === LEEDS && r.activity?.id === 'dance')!;
        t.equal(await page.locator('#total-value').textContent(), count(summary.total.participants));
        t.equal(
          await page.locator('#contribution-line').textContent(),
          `Armley Ballet Club (demo): ${count(row.participants)} of them (${share(row.participants, row.total)}).`,
        );
        t.ok(
          [summary.total.attendances, summary.total.sessions, summary.total.volunteers].some((m) => m.flag === 'x'),
          'precondition: some demo group did not report a measure here',
        );
        t.equal(await page.locator('#measures').textContent(), measures(summary.total), 'a measure not reported reads so, never 0');
        t.same(
          await tableRows(page, 'rate-table'),
          [
            [summary.area.name, count(summary.total.participants), number(summary.rate.per1000!)],
            ...summary.comparisons.map((c) => [c.area.name, count(c.participants), number(c.per1000!)]),
          ],
          'rates next to the parent area and England',
        );
        t.same(
          await tableRows(page, 'breakdown-table'),
          summary.breakdown.map((b) => [
            b.organisation
              ? `${b.label}${b.organisation.id === ORGANISATION ? ' (your group)' : ''}`
              : `Other organisations: ${b.organisations} groups not named or too small to show`,
            count(b.participants),
            share(b.participants, summary.total.participants),
            b.rank === null ? '' : String(b.rank),
          ]),
          'the table holds every row of the breakdown',
        );
        t.same(
          await texts(page, '.bar-row.highlight .bar-value'),
          [`${count(row.participants)} (${share(row.participants, row.total)})`],
          "the group's bar is highlighted",
        );
        t.ok((await texts(page, '.bar-row.other .bar-label')).length === 1, '"other organisations" has its own bar');

        const benchmarks = await api(`/v1/areas/${LEEDS}/benchmarks?latest=true`, BenchmarkList);
        const active = benchmarks.data.find((b) => b.indicatorId === 'active-adults')!;
        t.ok(
          (await texts(page, '#benchmarks li')).includes(
            `${number(active.value)}% of adults in Leeds are physically active (Active Lives ${active.period})`,
          ),
        );
        await page.screenshot({ path: `${SCREENSHOTS}page-${kind}.png`, fullPage: true });
        t.same(await seriousAccessibilityViolations(page), [], 'axe-core finds no serious or critical violation');
      });

      t.test('"Copy for your bid" puts the citation sentence and its release permalink on the clipboard', async (t) => {
        const row = (await api(`/v1/organisations/${ORGANISATION}/contribution?period=2025-26`, Contribution)).data.find(
          (r) => r.area.code === LEEDS && r.activity?.id === 'dance',
        )!;
        await page.getByRole('button', { name: 'Copy for your bid' }).click();
        await page.locator('#copy-status', { hasText: 'Copied' }).waitFor();
        const copied = await inWindow(page).evaluate((html: PageElement) => html.ownerDocument.defaultView.navigator.clipboard.readText());
        t.equal(copied, row.sentence, "the API's sentence as it is");
        t.match(row.url, /\/v1\/statistics\/summary\?area=E08000035&activity=dance&period=2025-26&release=1$/);
        t.ok(copied.includes(row.url), 'with the permalink pinned to release 1');
        t.ok(copied.endsWith(' (Demonstration data: do not cite.)'), 'a demo release says so, once');

        const csv = await fetch(`${origin}${await page.locator('#csv-link').getAttribute('href')}`);
        t.match(csv.headers.get('content-type'), /^text\/csv/);
        t.match(await csv.text(), new RegExp(`total,,Total,${String(row.total.value)},`), 'the CSV of the same table');
        const svg = await fetch(`${origin}${await page.locator('#svg-link').getAttribute('href')}`);
        t.equal(svg.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
      });

      t.test('an area whose counts are suppressed reads "fewer than 8", never zero', async (t) => {
        const summary = await api(`/v1/statistics/summary?area=${ALWOODLEY}&activity=advice&period=2025-26`, Summary);
        t.same(summary.total.participants, { value: null, flag: 'c' }, 'precondition: the demo total is suppressed');
        await page.getByLabel('Name of a group or an area').fill('Alwoodley');
        await page.getByRole('button', { name: 'Search' }).click();
        await page.getByRole('button', { name: 'Alwoodley (ward)' }).click();
        await page.getByLabel('Activity', { exact: true }).selectOption('advice');
        await page.getByLabel('Period', { exact: true }).selectOption('2025-26');
        await waitForResult(page, '3. Advice service in Alwoodley, 2025-26');
        t.equal(await page.locator('#total-value').textContent(), 'fewer than 8');
        t.same(
          (await tableRows(page, 'breakdown-table')).map((r) => r[1]),
          summary.breakdown.map((b) => count(b.participants)),
        );
        t.equal(
          await page.locator('.bar-track.suppressed').count(),
          summary.breakdown.filter((b) => b.participants.value === null).length,
          'an outlined empty track, no zero-length bar',
        );
        t.notOk((await page.locator('#result-body').innerText()).match(/\b0 participants/), 'no zero anywhere for a suppressed count');
      });

      t.test('a volunteer picks Leeds as an area and sees each activity beneath it, without a request the API refuses', async (t) => {
        const top = await api(`/v1/statistics/activities?area=${LEEDS}&release=1`, ActivityStatistics);
        t.ok(
          top.data.some((r) => r.activity.id === 'running'),
          'precondition: running has figures in Leeds (and, in the demo, nothing beneath it has)',
        );
        await page.getByLabel('Name of a group or an area').fill('Leeds');
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: 'Leeds (local authority)' }).click();
        await page.getByLabel('Activity', { exact: true }).locator('option[value="ballet"]').waitFor({ state: 'attached' });
        t.same(
          await texts(page, '#activity-select option'),
          [
            'All activities',
            'Community activity',
            'Community activity: Advice service',
            'Community activity: Befriending',
            'Community activity: Choir and singing',
            'Dance',
            'Dance: Ballet',
            'Football',
            'Football: Walking Football',
            'Running',
          ],
          'the activities with figures in Leeds and those directly beneath them',
        );
        await page.getByLabel('Activity', { exact: true }).selectOption('running');
        await page.getByLabel('Period', { exact: true }).selectOption('2025-26');
        await waitForResult(page, '3. Running in Leeds, 2025-26');
        const summary = await api(`/v1/statistics/summary?area=${LEEDS}&activity=running&period=2025-26&release=1`, Summary);
        t.equal(await page.locator('#total-value').textContent(), count(summary.total.participants));
        t.same(failedRequests, [], 'every request the page made was answered');
      });

      t.test('a share is rounded once and a measure one group did not report reads so, in a later release', async (t) => {
        // 127,735 of 500,000 is exactly 0.25547: stored as 0.2555, shown 25.5% (not 25.6%); 372,265 is
        // 0.74453, 74.5%. Attendances: only the lido reported them → not reported by every group.
        // Sessions 300 + 205 = 505 → 505; volunteers 12 + 9 = 21 → 20.
        // Through the API, as a steward would: a write retires this process's cached answers at once.
        const admin = bearer(await adminKey(database.db));
        const post = async (url: string, payload: object) => {
          const res = await app.inject({ method: 'POST', url, headers: admin, payload });
          if (res.statusCode !== 201) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
          return res;
        };
        for (const [id, name, participants, measures] of [
          ['armley-lido', 'Armley Lido Club', 127_735, { attendances: 400_000, sessions: 300, volunteers: 12 }],
          ['armley-otters', 'Armley Otters', 372_265, { sessions: 205, volunteers: 9 }],
        ] as const) {
          await post('/v1/organisations', { id, name, named: true });
          await post(`/v1/organisations/${id}/figures`, {
            figures: [{ activity: 'swimming', area: 'E05011385', period: '2025-26', participants, ...measures }],
          });
        }
        t.equal(json(await post('/v1/releases', {}), Release).id, 2);
        await page.getByLabel('Name of a group or an area').fill('Armley Lido');
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: 'Armley Lido Club', exact: true }).click();
        await waitForResult(page, '3. Swimming in Armley, 2025-26');
        t.equal(await page.locator('#contribution-line').textContent(), 'Armley Lido Club: 127,735 of them (25.5%).');
        t.same(await tableRows(page, 'breakdown-table'), [
          ['Armley Otters', '372,265', '74.5%', '1'],
          ['Armley Lido Club (your group)', '127,735', '25.5%', '2'],
        ]);
        t.equal(await page.locator('#measures').textContent(), 'Attendances: not reported by every group. Sessions: 505. Volunteers: 20.');
        t.match(await page.locator('#citation').textContent(), /provided 127,735 of the 500,000 swimming participations .* \(25\.5%\)\./);
        t.notMatch(await page.locator('#result-body').innerText(), /25\.6%|Attendances: 0/);
      });

      t.test('fits a phone-width screen without sideways scrolling, and nothing was blocked or broke', async (t) => {
        await page.setViewportSize({ width: 375, height: 800 });
        t.ok(await inWindow(page).evaluate((html: PageElement) => html.scrollWidth <= 375), 'no horizontal overflow at 375 px');
        await page.screenshot({ path: `${SCREENSHOTS}page-phone-${kind}.png`, fullPage: true });
        t.same(await seriousAccessibilityViolations(page), [], 'axe-core finds no serious or critical violation at 375 px');
        t.same(browser.problems, [], 'no console error, exception or Content-Security-Policy violation');
        t.same(failedRequests, [], 'no request answered with an error or left unanswered');
      });
    },
    { DISCLOSURE_METHOD: 'round' },
  ); // the journey checks published numbers worked out by hand under rounding
}
