// The portal's "Upload a spreadsheet" section in Debian's chromium. Sign-in and the portal shell
// come from elsewhere, so the section is mounted by a small harness page that exists only in this
// test (served through the browser's request interception, on the API's own origin and under the
// page's Content-Security-Policy), with a ctx.api that sends the organisation's key.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import t from 'tap';
import { queryRows } from '../src/db/client.js';
import { forEachDatabase } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';
import { CHROMIUM, chromiumInstalled, openBrowser, seriousAccessibilityViolations } from './helpers/browser.js';

const ORG = 'armley-uploaders';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const harnessHtml = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Upload a spreadsheet (test harness)</title>
<link rel="stylesheet" href="/style.css"><script type="module" src="/test-harness/upload.js"></script></head>
<body><main><h1>Group portal</h1><section id="section"></section></main></body>
</html>`;

const harnessJs = (key: string) => `
import { mount } from '/portal/sections/upload.js';
const api = (path, init = {}) => fetch(path, { ...init, headers: { ...(init.headers ?? {}), authorization: 'Bearer ${key}' } });
await mount(document.getElementById('section'), {
  organisation: { id: '${ORG}', name: 'Armley Uploaders', homeArea: { code: 'E05011385', name: 'Armley' } },
  person: null,
  api,
});
document.body.dataset.mounted = 'true';
`;

async function fill(bytes: Buffer, rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Figures')!;
  rows.forEach((row, i) => (sheet.getRow(i + 2).values = row));
  return Buffer.from(await book.xlsx.writeBuffer());
}

if (!chromiumInstalled()) {
  const why = `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`;
  if (process.env.CI) t.fail(why);
  else t.plan(0, why);
} else {
  forEachDatabase(async (t, { app, database }) => {
    const db = database.db;
    const admin = await adminKey(db);
    const key = await organisationWithKey(app, admin, ORG);
    await app.inject({ method: 'PATCH', url: `/v1/organisations/${ORG}`, headers: bearer(admin), payload: { homeArea: 'E05011385' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const csp = (await fetch(`${origin}/`)).headers.get('content-security-policy')!;
    t.match(csp, "script-src 'self'", "the harness runs under the page's own policy");
    const browser = await openBrowser(origin);
    t.teardown(browser.close);
    const { page } = browser;
    await page.route(`${origin}/test-harness/**`, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-security-policy': csp },
        contentType: route.request().url().endsWith('.js') ? 'text/javascript' : 'text/html',
        body: route.request().url().endsWith('.js') ? harnessJs(key) : harnessHtml,
      }),
    );
    const stored = () =>
      queryRows(
        db,
        sql`select activity_id, area_code, period, participants from current_figures where organisation_id = ${ORG} order by period`,
      );
    const errorItems = () => page.locator('.error-summary li').allInnerTexts();
    const focusedClass = () => page.evaluate<string>("document.activeElement?.className ?? ''");

    await page.goto(`${origin}/test-harness/upload.html`);
    await page.waitForSelector('body[data-mounted="true"]');
    let template: Buffer;

    t.test('shows the section with a labelled file input, and downloads the template with the keyboard', async (t) => {
      t.equal(await page.locator('#section h2').innerText(), 'Upload a spreadsheet');
      t.equal(await page.getByLabel('Spreadsheet to upload').getAttribute('type'), 'file');
      t.same(await seriousAccessibilityViolations(page), [], 'axe-core finds no serious or critical violation');
      await page.keyboard.press('Tab');
      t.equal(await page.evaluate<string>('document.activeElement?.textContent'), 'Download the template (.xlsx)');
      const download = page.waitForEvent('download');
      await page.keyboard.press('Enter');
      const file = await download;
      t.equal(file.suggestedFilename(), `${ORG}-figures.xlsx`);
      template = readFileSync(await file.path());
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(template as unknown as ArrayBuffer);
      t.same(
        book.worksheets.map((s) => s.name),
        ['Instructions', 'Figures', 'Lists'],
      );
      t.match(await page.locator('.upload-status').innerText(), 'The template has been downloaded');
    });

    t.test('a filled template with a misspelt activity: every problem listed, focus on the summary, nothing stored', async (t) => {
      const bytes = await fill(template, [
        ['balet', 'Armley (E05011385)', '2025-26', 12],
        ['Dance', 'Armley (E05011385)', '2025-26', 30, 300],
      ]);
      await page.getByLabel('Spreadsheet to upload').setInputFiles({ name: 'our-figures.xlsx', mimeType: XLSX, buffer: bytes });
      await page.getByRole('button', { name: 'Upload this file', exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('.error-summary');
      t.equal(await page.locator('.error-summary h3').innerText(), '1 problem found: nothing was stored');
      t.same(await errorItems(), ["Row 2, Activity: 'balet' is not an activity we know. Did you mean 'ballet'?"]);
      t.equal(await focusedClass(), 'error-summary', 'focus moved to the error summary');
      t.same(await stored(), []);
      t.same(await seriousAccessibilityViolations(page), [], 'axe-core: none with the error summary shown');
    });

    t.test('the corrected file is stored and the section says what changed', async (t) => {
      const bytes = await fill(template, [
        ['ballet', 'Armley (E05011385)', '2025-26', 12],
        ['Dance', 'Armley (E05011385)', '2025-26', 30, 300],
      ]);
      await page.getByLabel('Spreadsheet to upload').setInputFiles({ name: 'our-figures.xlsx', mimeType: XLSX, buffer: bytes });
      await page.getByRole('button', { name: 'Upload this file', exact: true }).click();
      await page.waitForSelector('.upload-done');
      t.equal(await page.locator('.upload-done p').first().innerText(), '2 figures stored: 2 new, 0 revised, 0 unchanged, 0 withdrawn.');
      t.equal(await focusedClass(), 'upload-done');
      t.same(await stored(), [
        { activity_id: 'ballet', area_code: 'E05011385', period: '2025-26', participants: 12 },
        { activity_id: 'dance', area_code: 'E05011385', period: '2025-26', participants: 30 },
      ]);
    });

    t.test('a CSV works the same way, and a file of another kind is refused in words', async (t) => {
      const csv = Buffer.from('activity,area,period,participants\nballet,E05011385,2025-26,14\ndance,E05011385,2099,3\n');
      await page.getByLabel('Spreadsheet to upload').setInputFiles({ name: 'figures.csv', mimeType: 'text/csv', buffer: csv });
      await page.getByRole('button', { name: 'Upload this file', exact: true }).click();
      await page.waitForSelector('.error-summary');
      t.same(await errorItems(), ["Row 3, period: '2099' has not started yet (it starts on 2099-01-01)"]);
      await page
        .getByLabel('Spreadsheet to upload')
        .setInputFiles({ name: 'figures.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) });
      await page.getByRole('button', { name: 'Upload this file', exact: true }).click();
      await page.locator('.error-summary p', { hasText: 'is not a CSV file' }).waitFor();
      t.equal(
        await page.locator('.error-summary p').innerText(),
        '"figures.xls" is not a CSV file or an Excel workbook (.xlsx). Save your spreadsheet as one of those and choose it again.',
      );
      t.same(await stored(), [
        { activity_id: 'ballet', area_code: 'E05011385', period: '2025-26', participants: 12 },
        { activity_id: 'dance', area_code: 'E05011385', period: '2025-26', participants: 30 },
      ]);
    });

    t.test('fits a 375 px screen, with no console error or blocked resource', async (t) => {
      await page.setViewportSize({ width: 375, height: 800 });
      const csv = Buffer.from(`activity,area,period,participants\n${'x'.repeat(120)},E05011385,2025-26,14\n`);
      await page.getByLabel('Spreadsheet to upload').setInputFiles({ name: 'figures.csv', mimeType: 'text/csv', buffer: csv });
      await page.getByRole('button', { name: 'Upload this file', exact: true }).click();
      await page.locator('.error-summary li', { hasText: 'xxxx' }).waitFor();
      t.ok(await page.evaluate<boolean>('document.documentElement.scrollWidth <= 375'), 'no sideways scrolling, even with a long value');
      t.same(await seriousAccessibilityViolations(page), [], 'axe-core: none at 375 px');
      // The browser logs each 422 the section handled as a failed resource; nothing else may appear.
      const unexpected = browser.problems.filter((p) => !/status of 422/.test(p));
      t.same(unexpected, [], 'no console error, exception or Content-Security-Policy violation');
    });
  });
}
