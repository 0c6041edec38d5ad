// End to end in a real browser: an admin invites a volunteer (through the API); the volunteer
// opens the link, chooses a password, adds two figures with the form, downloads the group's
// template, fills it in, uploads it, reads a row error, fixes it and uploads again, reads what the
// next release will publish about the group and chooses to be named; an admin publishes a release
// (through the API); the public page shows the group's share. Once at desktop width, once at
// 375 px with the keyboard alone; axe-core on every portal view.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import { queryRows } from '../src/db/client.js';
import { OrganisationFigureList } from '../src/modules/figures/figures.schemas.js';
import { Release } from '../src/modules/releases/releases.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer } from './helpers/auth.js';
import { CHROMIUM, chromiumInstalled, openBrowser, seriousAccessibilityViolations } from './helpers/browser.js';
import { invite, PASSWORD } from './helpers/people.js';

type PageElement = { scrollWidth: number; ownerDocument: { activeElement: unknown } };

const ARMLEY = 'E05011385';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// The spreadsheet carries the year before: it changes no cell of the period the public page shows.
const SHEET_PERIOD = '2023-24';

/** The downloaded template with `rows` typed under its header, as a person would in a spreadsheet program. */
async function fillTemplate(template: Buffer, rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Figures')!;
  rows.forEach((row, i) => (sheet.getRow(i + 2).values = row));
  return Buffer.from(await book.xlsx.writeBuffer());
}

if (!chromiumInstalled()) {
  const why = `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`;
  if (process.env.CI) t.fail(why);
  else t.plan(0, why);
} else {
  forEachDatabase(
    async (t, { app, database }) => {
      const admin = bearer(await adminKey(database.db));
      const adminPost = async (url: string, payload: object) => {
        const res = await app.inject({ method: 'POST', url, headers: admin, payload });
        if (res.statusCode !== 201) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
        return res;
      };
      // Another named group in Armley, so the share is a share: 60 ballet and 60 swimming in each period.
      await adminPost('/v1/organisations', { id: 'armley-movers', name: 'Armley Movers', named: true, homeArea: ARMLEY });
      await adminPost('/v1/organisations/armley-movers/figures', {
        figures: ['2025-26', '2024-25'].flatMap((period) => [
          { activity: 'ballet', area: ARMLEY, period, participants: 60 },
          { activity: 'swimming', area: ARMLEY, period, participants: 60 },
        ]),
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

      const journey = (name: string, viewport: { width: number; height: number }, period: string, keyboardOnly: boolean) =>
        t.test(name, async (t: Test) => {
          const browser = await openBrowser(origin, viewport);
          t.teardown(browser.close);
          const { page } = browser;
          // The browser logs every answer of 400 or more as a console error; the journey makes none.
          const failed: string[] = [];
          page.on('response', (r) => {
            if (r.status() >= 400) failed.push(`${r.status()} ${r.url().replace(origin, '')}`);
          });
          const checked: string[] = [];
          const accessible = async (view: string) => {
            t.same(await seriousAccessibilityViolations(page), [], `axe-core: no serious or critical violation on ${view}`);
            const width = await page.locator('html').evaluate((html: PageElement) => html.scrollWidth);
            t.ok(width <= viewport.width, `${view} fits ${viewport.width} px (${width} px wide)`);
            checked.push(view);
          };
          // With the keyboard alone: focus moves by Tab from the previous control, never by a click.
          const press = async (locator: ReturnType<Page['locator']>, key = 'Enter') => {
            if (keyboardOnly) {
              await locator.focus();
              await page.keyboard.press(key);
            } else await locator.click();
          };
          const type = async (locator: ReturnType<Page['locator']>, text: string) => {
            await locator.focus();
            if (keyboardOnly) await page.keyboard.type(text);
            else await locator.fill(text);
          };
          const openSection = async (label: string, heading: string) => {
            await press(page.getByRole('button', { name: label, exact: true }));
            await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
          };

          const id = `canal-dancers-${period.slice(0, 4)}`;
          const groupName = `Canal Dancers ${period}`;
          await adminPost('/v1/organisations', { id, name: groupName, named: false, homeArea: ARMLEY });
          const { token } = await invite(app, admin.authorization.slice(7), id);

          await page.goto(`${origin}/portal/#invitation=${token}`);
          await page.getByRole('heading', { name: 'Accept your invitation', level: 1 }).waitFor();
          await accessible('the invitation page');
          await type(page.locator('#invitation-form').getByLabel('Your name'), 'Sam');
          await type(page.locator('#invitation-form').getByLabel('Email'), `sam-${period}@example.org`);
          await type(page.locator('#invitation-form').getByLabel('Password'), PASSWORD);
          await press(page.getByRole('button', { name: 'Accept and sign in' }));
          await page.getByText(`Signed in as Sam (sam-${period}@example.org).`).waitFor();
          t.equal(new URL(page.url()).hash, '', 'the used token leaves the address bar');
          await page.getByRole('heading', { name: 'Our figures', level: 2 }).waitFor();
          await page.getByText('No figures yet.').waitFor();
          await accessible('Our figures');

          await openSection('Add figures', 'Add figures');
          await accessible('Add figures');
          await page.getByLabel('Period').selectOption(period);
          const rows = page.locator('fieldset.figure-row');
          const fillRow = async (row: number, activity: string, participants: string) => {
            await type(rows.nth(row).getByLabel('Activity'), activity);
            await type(rows.nth(row).getByLabel('Area'), 'Armley');
            await type(rows.nth(row).getByLabel('Participants'), participants);
          };
          await fillRow(0, 'Ballet', '40');
          await type(rows.nth(0).getByLabel('Volunteers (optional)'), '3');
          // Who took part in ballet: 25 girls and 15 boys under 15, 40 in all.
          await press(rows.nth(0).getByText('Who took part (optional)'));
          await press(rows.nth(0).getByRole('button', { name: 'Add another line' }));
          const lines = rows.nth(0).locator('.band-line');
          for (const [i, sex, count] of [
            [0, 'Female', '25'],
            [1, 'Male', '15'],
          ] as const) {
            await lines.nth(i).getByLabel('Age group').selectOption({ label: 'Under 15' });
            await lines.nth(i).getByLabel('Sex').selectOption({ label: sex });
            await type(lines.nth(i).getByLabel('How many people'), count);
          }
          await press(page.getByRole('button', { name: 'Add another row' }));
          await fillRow(1, 'Swimming', '40');
          await press(page.getByRole('button', { name: 'Save these figures' }));
          await page.getByText(/^Saved 2 figures for /).waitFor();
          const stored = json(await app.inject({ url: `/v1/organisations/${id}/figures`, headers: admin }), OrganisationFigureList);
          t.same(
            stored.data.map((f) => [f.activity, f.area, f.period, f.participants, f.volunteers]),
            [
              ['ballet', ARMLEY, period, 40, 3],
              ['swimming', ARMLEY, period, 40, null],
            ],
            'the form stored exactly what was typed',
          );
          const [ballet] = await queryRows<{ bands: unknown }>(
            database.db,
            sql`select r.bands from current_figures c join figure_revisions r on r.id = c.revision_id
                where c.organisation_id = ${id} and c.activity_id = 'ballet'`,
          );
          t.same(
            ballet?.bands,
            [
              { ageBand: '0-14', sex: 'female', participants: 25 },
              { ageBand: '0-14', sex: 'male', participants: 15 },
            ],
            'who took part in ballet is stored with the figure',
          );

          // The template, downloaded from the upload section, filled in with a misspelt activity.
          await openSection('Upload a spreadsheet', 'Upload a spreadsheet');
          await accessible('Upload a spreadsheet');
          const download = page.waitForEvent('download');
          await press(page.getByRole('button', { name: 'Download the template (.xlsx)' }));
          const file = await download;
          t.equal(file.suggestedFilename(), `${id}-figures.xlsx`, 'the template is named after the group');
          const template = readFileSync(await file.path());
          await page.getByText('The template has been downloaded').waitFor();
          const upload = async (rows: ExcelJS.CellValue[][]) => {
            const sheet = { name: 'our-figures.xlsx', mimeType: XLSX, buffer: await fillTemplate(template, rows) };
            const input = page.getByLabel('Spreadsheet to upload');
            if (keyboardOnly) {
              // The file input opens the system's file chooser from the keyboard; the test answers it.
              const chooser = page.waitForEvent('filechooser');
              await input.focus();
              await page.keyboard.press('Space');
              await (await chooser).setFiles(sheet);
            } else await input.setInputFiles(sheet);
            await press(page.getByRole('button', { name: 'Upload this file', exact: true }));
          };
          const sheetRows = (ballet: string) => [
            ['Dance', 'Armley (E05011385)', SHEET_PERIOD, 15, 150],
            [ballet, 'Armley (E05011385)', SHEET_PERIOD, 25],
          ];
          await upload(sheetRows('balet'));
          await page.locator('.error-summary').waitFor();
          t.equal(await page.locator('.error-summary h3').innerText(), '1 problem found: nothing was stored');
          t.same(
            await page.locator('.error-summary li').allInnerTexts(),
            ["Row 3, Activity: 'balet' is not an activity we know. Did you mean 'ballet'?"],
            'the row error names the row and column of the spreadsheet',
          );
          const sheetFigures = async () =>
            json(
              await app.inject({ url: `/v1/organisations/${id}/figures?period=${SHEET_PERIOD}`, headers: admin }),
              OrganisationFigureList,
            )
              .data.filter((f) => f.period === SHEET_PERIOD)
              .map((f) => [f.activity, f.area, f.participants, f.attendances]);
          t.same(await sheetFigures(), [], 'nothing from the wrong file is stored');
          await accessible('Upload a spreadsheet with a row error');
          await upload(sheetRows('Ballet'));
          await page.locator('.upload-done').waitFor();
          t.equal(
            await page.locator('.upload-done p').first().innerText(),
            '2 figures stored: 2 new, 0 revised, 0 unchanged, 0 withdrawn.',
            'the upload says what changed',
          );
          t.same(
            await sheetFigures(),
            [
              ['ballet', ARMLEY, 25, null],
              ['dance', ARMLEY, 15, 150],
            ],
            'the corrected spreadsheet is stored',
          );

          // Before choosing to be named: the group counts inside "other organisations".
          await openSection('What will be published', 'What will be published');
          await page.locator('.preview-summary').waitFor();
          await page.locator('#preview-period').selectOption(period);
          // Armley, ballet: 60 (Armley Movers) + 40 (this group) = 100, from 2 groups.
          await page
            .locator('.preview-cell')
            .filter({ hasText: 'Armley (ward), Ballet' })
            .filter({ hasText: 'Total: 100 participants from 2 groups.' })
            .filter({ hasText: 'Your group is not named in public, so it counts inside "other organisations"' })
            .waitFor();
          await accessible('What will be published');

          await openSection('Named in public', 'Named in public');
          await accessible('Named in public');
          await press(page.getByLabel('Named in public', { exact: true }), 'Space');
          await press(page.getByRole('button', { name: 'Save this choice' }));
          await page.getByText('Saved: your group will be named from the next release.').waitFor();

          await openSection('History', 'History');
          await page.getByText(/Ballet in Armley, .*: Participants 40, Volunteers 3, by Sam\./).waitFor();
          await accessible('History');

          await openSection('Keys', 'Keys');
          await accessible('Keys');
          await type(page.getByLabel('What the key is for'), 'our website');
          await press(page.getByRole('button', { name: 'Make a new key' }));
          await page.getByText('Copy this key now and keep it safe: it will not be shown again.').waitFor();
          await page.getByRole('button', { name: 'Revoke our website' }).waitFor();

          // Signed out, and in again with the email and password.
          await press(page.getByRole('button', { name: 'Sign out', exact: true }));
          await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
          await page.getByText('You are signed out.').waitFor();
          await accessible('the sign-in page');
          await type(page.locator('#signin-form').getByLabel('Email'), `sam-${period}@example.org`);
          await type(page.locator('#signin-form').getByLabel('Password'), PASSWORD);
          await press(page.getByRole('button', { name: 'Sign in', exact: true }));
          await page.getByText(`Signed in as Sam (sam-${period}@example.org).`).waitFor();

          const release = json(await adminPost('/v1/releases', {}), Release);
          t.ok(release.id >= 1, `release ${release.id} published`);
          await openSection('Our figures', 'Our figures');
          await page.getByText(`Release ${release.id}.`, { exact: false }).waitFor();
          await accessible('Our figures after the release');

          // 40 of the 100 Armley ballet (and swimming) participants in the period, 80 of 200 in all: 40.0% wherever the page looks.
          await page.goto(`${origin}/`);
          await type(page.getByLabel('Name of a group or an area'), 'Canal Dancers');
          await page.keyboard.press('Enter');
          await press(page.getByRole('button', { name: `${groupName}, based in Armley` }));
          await page.locator('#contribution-line').filter({ hasText: groupName }).waitFor();
          t.match(
            await page.locator('#contribution-line').textContent(),
            /^Canal Dancers .*: 40 of them \(40\.0%\)\.$/,
            'the share is shown',
          );

          t.same(checked.length, 11, 'axe-core ran on every portal view');
          // The one error answer is the refused spreadsheet (422), which the browser logs as a failed resource.
          t.same(failed, [`422 /v1/organisations/${id}/figures`], 'no request answered with an error but the refused spreadsheet');
          t.same(
            browser.problems.filter((p) => !/status of 422/.test(p)),
            [],
            'no console error, exception or Content-Security-Policy violation',
          );
          t.equal(browser.problems.length, 1, 'the browser noted the refused spreadsheet once');
        });

      await journey('a volunteer gets two figures into a release at desktop width', { width: 1000, height: 900 }, '2025-26', false);
      await journey('the same on a 375 px phone with the keyboard alone', { width: 375, height: 800 }, '2024-25', true);
    },
    { DISCLOSURE_METHOD: 'round', PUBLIC_URL: 'http://127.0.0.1' },
  );
}
