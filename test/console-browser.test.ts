// End to end in a real browser: the steward (an admin person, invited as `npm run admin:person`
// does) signs in to the console, adds a group and invites its first person, sees whose return is
// missing; the person accepts and adds figures in the portal; the steward sees them arrive,
// previews the release, reads what changes, downloads it as CSV, publishes with notes and finds
// it all in the audit log. Once with the mouse at desktop width, once at 375 px with the keyboard
// alone; axe-core on every console view; a person who is not an admin gets a plain message.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../src/domain/actor.js';
import { AuditList } from '../src/modules/audit/audit.schemas.js';
import { createInvitation } from '../src/modules/people/people.service.js';
import { Release } from '../src/modules/releases/releases.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer } from './helpers/auth.js';
import { type Browser, CHROMIUM, chromiumInstalled, openBrowser, seriousAccessibilityViolations } from './helpers/browser.js';
import { acceptAs, PASSWORD } from './helpers/people.js';

type PageElement = { scrollWidth: number };

/** The session cookie a browser holds, as a Cookie header. */
async function sessionCookie(browser: Browser) {
  const cookie = (await browser.context.cookies()).find((c) => c.name === 'pa_session');
  if (!cookie) throw new Error('no session cookie');
  return `${cookie.name}=${cookie.value}`;
}

const ARMLEY = 'E05011385';

/** `YYYY-MM` of the month `back` months before this one (the console and the portal offer recent months). */
function monthBefore(back: number) {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
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
      const lastMonth = monthBefore(1);
      // The steward: an admin person, invited the way the command-line tool does it.
      const { url } = await createInvitation(
        database.db,
        { organisationId: null, email: 'steward@example.org', makesAdmin: true },
        SYSTEM_ACTOR,
        { publicUrl: 'http://127.0.0.1', send: undefined },
      );
      const steward = await acceptAs(app, new URL(url!).hash.replace('#invitation=', ''), 'steward@example.org', 'Robin');
      await app.listen({ port: 0, host: '127.0.0.1' });
      const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

      const journey = (name: string, viewport: { width: number; height: number }, n: number, keyboardOnly: boolean) =>
        t.test(name, async (t: Test) => {
          // A group that reported the month before last and has not yet reported last month; a release of it.
          const quiet = `quiet-walkers-${n}`;
          await adminPost('/v1/organisations', { id: quiet, name: `Quiet Walkers ${n}`, named: true, homeArea: ARMLEY });
          await adminPost(`/v1/organisations/${quiet}/figures`, {
            figures: [{ activity: 'running', area: ARMLEY, period: monthBefore(2), participants: 30 }],
          });
          const before = json(await adminPost('/v1/releases', {}), Release);

          const browsers: Browser[] = [];
          const open = async () => {
            const browser = await openBrowser(origin, viewport);
            browsers.push(browser);
            t.teardown(browser.close);
            const failed: string[] = [];
            browser.page.on('response', (r) => {
              if (r.status() >= 400) failed.push(`${r.status()} ${r.url().replace(origin, '')}`);
            });
            return { ...browser, failed };
          };
          const checked: string[] = [];
          const accessible = async (page: Page, view: string) => {
            t.same(await seriousAccessibilityViolations(page), [], `axe-core: no serious or critical violation on ${view}`);
            const width = await page.locator('html').evaluate((html: PageElement) => html.scrollWidth);
            t.ok(width <= viewport.width, `${view} fits ${viewport.width} px (${width} px wide)`);
            checked.push(view);
          };
          const press = async (page: Page, locator: ReturnType<Page['locator']>, key = 'Enter') => {
            if (keyboardOnly) {
              await locator.focus();
              await page.keyboard.press(key);
            } else await locator.click();
          };
          const type = async (page: Page, locator: ReturnType<Page['locator']>, text: string) => {
            await locator.focus();
            if (keyboardOnly) await page.keyboard.type(text);
            else await locator.fill(text);
          };

          const console = await open();
          const { page } = console;
          const openView = async (label: string) => {
            await press(page, page.getByRole('button', { name: label, exact: true }));
            await page.getByRole('heading', { name: label, level: 2 }).waitFor();
          };

          // Signing in.
          await page.goto(`${origin}/console`);
          await page.getByRole('heading', { name: 'Sign in to the console', level: 1 }).waitFor();
          await accessible(page, 'the sign-in page');
          await type(page, page.getByLabel('Email', { exact: true }), 'steward@example.org');
          await type(page, page.getByLabel('Password', { exact: true }), PASSWORD);
          await press(page, page.getByRole('button', { name: 'Sign in', exact: true }));
          await page.getByText('Signed in as Robin (steward@example.org), an admin.').waitFor();
          await page.getByRole('heading', { name: 'Organisations', level: 2 }).waitFor();
          await page.getByRole('button', { name: `Open Quiet Walkers ${n}` }).waitFor();
          await accessible(page, 'Organisations');

          // A new group, named, with a charity number, and its first person's invitation.
          const id = `canal-rowers-${n}`;
          const groupName = `Canal Rowers ${n}`;
          const add = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add the organisation' }) });
          await type(page, add.getByLabel('Id', { exact: true }), id);
          await type(page, add.getByLabel('Name', { exact: true }), groupName);
          await type(page, add.getByLabel('Home area code (optional)', { exact: true }), ARMLEY);
          await type(page, add.getByLabel('Registered identifiers (optional)', { exact: true }), 'GB-CHC-1234567');
          await press(page, add.getByLabel('Agreed to be named in public', { exact: true }), 'Space');
          await press(page, page.getByRole('button', { name: 'Add the organisation' }));
          await page.getByText(`Added ${groupName}. Invite its first person below.`).waitFor();
          await page.getByRole('heading', { name: groupName, level: 3 }).waitFor();
          await page.getByText('Nobody acts for it yet: invite someone below.').waitFor();
          await press(page, page.getByRole('button', { name: 'Make an invitation' }));
          await page.getByText('Pass this link on to the person now').waitFor();
          const link = await page.getByLabel('Invitation link').inputValue();
          t.match(link, /^http:\/\/127\.0\.0\.1\/portal\/#invitation=pi_/, 'the link is shown once, to pass on');
          await accessible(page, 'an organisation, its people and keys');
          const created = await app.inject({ url: `/v1/organisations/${id}`, headers: admin });
          t.match(
            JSON.parse(created.body),
            { id, name: groupName, identifiers: ['GB-CHC-1234567'], homeArea: { code: ARMLEY }, named: true },
            'the group is stored as typed',
          );

          // Whose return is missing for last month.
          await openView('Returns');
          const quietRow = page.locator('tr', { hasText: `Quiet Walkers ${n}` });
          await quietRow.getByText('Missing').waitFor();
          t.equal(await quietRow.getAttribute('class'), 'missing', 'a missing return stands out');
          t.equal(await page.locator('tr', { hasText: groupName }).count(), 0, 'the new group has no return yet');
          await accessible(page, 'Returns');

          // The person accepts the invitation and adds a figure in the portal.
          const person = await open();
          const p = person.page;
          await p.goto(link.replace('http://127.0.0.1', origin));
          await p.getByRole('heading', { name: 'Accept your invitation', level: 1 }).waitFor();
          await type(p, p.locator('#invitation-form').getByLabel('Your name'), 'Kit');
          await type(p, p.locator('#invitation-form').getByLabel('Email'), `kit-${n}@example.org`);
          await type(p, p.locator('#invitation-form').getByLabel('Password'), PASSWORD);
          await press(p, p.getByRole('button', { name: 'Accept and sign in' }));
          await p.getByRole('heading', { name: 'Our figures', level: 2 }).waitFor();
          await press(p, p.getByRole('button', { name: 'Add figures', exact: true }));
          await p.getByRole('heading', { name: 'Add figures', level: 2 }).waitFor();
          await p.getByLabel('Period').selectOption(lastMonth);
          const row = p.locator('fieldset.figure-row').nth(0);
          await type(p, row.getByLabel('Activity'), 'Rowing');
          await type(p, row.getByLabel('Area'), 'Armley');
          await type(p, row.getByLabel('Participants'), '40');
          await press(p, p.getByRole('button', { name: 'Save these figures' }));
          await p.getByText('Saved 1 figure for ').waitFor();

          // It arrives.
          await press(page, page.getByRole('button', { name: 'Show the returns' }));
          const arrived = page.locator('tr', { hasText: groupName });
          await arrived.getByText('Sent').waitFor();
          t.match(await arrived.textContent(), /Sent1/, 'one figure sent');

          // What the next release would change.
          await openView('Release');
          await press(page, page.getByRole('button', { name: 'Preview the next release' }));
          await page.getByText(`Release ${before.id + 1} compared with release ${before.id}`).waitFor();
          await page.locator('li', { hasText: groupName }).waitFor();
          const firstNamed = page.locator('div', { has: page.getByRole('heading', { name: 'Named for the first time' }) }).last();
          t.match(await firstNamed.textContent(), groupName, `${groupName} would be named for the first time`);
          // The first journey's group brings Armley rowing last month into a release: 40 participants;
          // the second's adds 40 more, so the same total changes from 40 to 80.
          const [label, was, now] = n === 1 ? ['New', '', '40'] : ['Changed', '40', '80'];
          const changed = page.locator('tbody tr', { hasText: label }).filter({ hasText: lastMonth });
          t.ok((await changed.count()) >= 1, `${label.toLowerCase()} published totals for last month`);
          t.match(
            await changed.filter({ hasText: 'rowing' }).filter({ hasText: 'Armley' }).first().textContent(),
            new RegExp(`^${label}${lastMonth}Armley.*rowing${was}${now}\\d+$`),
            `Armley rowing: ${was || 'none'} before, ${now} after`,
          );
          await accessible(page, 'the release preview');
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            press(page, page.getByRole('button', { name: 'Download every change as CSV' })),
          ]);
          const rows = parse<Record<string, string>>(readFileSync(await download.path(), 'utf8'), { columns: true, bom: true });
          const rowing = rows.find(
            (r) => r.period === lastMonth && r.area_code === ARMLEY && r.activity_id === 'rowing' && r.row === 'total',
          );
          t.match(
            rowing,
            { change: label.toLowerCase(), next_release: String(before.id + 1), after_participants: now, before_participants: was },
            'the CSV says the same',
          );

          // Publishing with notes.
          const notes = `Canal Rowers ${n} joined this month.`;
          await type(page, page.getByLabel('Release notes (optional)'), notes);
          await press(page, page.getByRole('button', { name: `Publish release ${before.id + 1}` }));
          await page.getByText(`Published release ${before.id + 1} at `).waitFor();
          const published = json(await app.inject({ url: `/v1/releases/${before.id + 1}` }), Release);
          t.equal(published.notes, notes, 'published with the notes as typed');

          // Who did what.
          await openView('Audit log');
          await page.getByRole('table', { name: 'Audit log entries, newest first' }).waitFor();
          await accessible(page, 'the audit log');
          const expected = json(await app.inject({ url: `/v1/audit?person=${steward.personId}&limit=50`, headers: admin }), AuditList);
          await type(page, page.getByLabel('Person id (optional)'), steward.personId);
          await press(page, page.getByRole('button', { name: 'Search the log' }));
          // The pager's count changes only once the search has answered.
          await page.getByText(`Entries 1 to ${expected.data.length} of ${expected.page.total}.`).waitFor();
          const actions = await page.locator('tbody tr td:nth-child(2)').allTextContents();
          t.same(
            actions,
            expected.data.map((e) => e.action),
            'the steward’s entries, newest first',
          );
          t.same(
            actions.slice(0, 4),
            ['release.publish', 'invitation.create', 'organisation.create', 'session.sign-in'],
            'publish, invite, create, sign in',
          );

          // Kit leaves the group: the steward ends their access, after a confirmation.
          await openView('Organisations');
          await press(page, page.getByRole('button', { name: `Open ${groupName}` }));
          await press(page, page.getByRole('button', { name: 'End access for Kit' }));
          await press(page, page.getByRole('button', { name: "Yes, end Kit's access" }));
          await page.getByText(`Kit no longer acts for ${groupName}.`).waitFor();
          await page.getByText('Nobody acts for it yet: invite someone below.').waitFor();
          const kitFigures = await app.inject({ url: `/v1/organisations/${id}/figures`, headers: { cookie: await sessionCookie(person) } });
          t.equal(kitFigures.statusCode, 403, 'Kit’s session no longer reaches the group');

          // No demonstration data here.
          await openView('Demo data');
          await page.getByText('There are no demonstration organisations').waitFor();
          await accessible(page, 'Demo data');

          // The person, not an admin, opens the console.
          await p.goto(`${origin}/console/`);
          await p
            .getByRole('heading', { name: 'This console is for the service\u2019s stewards', level: 1 })
            .or(p.getByRole('heading', { name: "This console is for the service's stewards", level: 1 }))
            .waitFor();
          await p
            .getByRole('link', { name: 'your group’s portal' })
            .or(p.getByRole('link', { name: "your group's portal" }))
            .waitFor();
          await accessible(p, 'the console for a person who is not an admin');

          t.same(checked.length, 8, 'axe-core ran on every console view');
          // The portal's "Our figures" asks for the group's share before any release holds it: a 404
          // it shows as "not published yet", which the browser also logs. Nothing else fails.
          const notYetPublished = (line: string) => line.includes(`/v1/organisations/${id}/contribution`) || line.includes('status of 404');
          t.same(console.failed, [], 'no request of the console answered with an error');
          t.same(console.problems, [], 'no console error, exception or Content-Security-Policy violation in the console');
          t.same(
            person.failed.filter((line) => !notYetPublished(line)),
            [],
            'no other request of the portal answered with an error',
          );
          t.same(
            person.problems.filter((line) => !notYetPublished(line)),
            [],
            'nor any other error in the portal',
          );
          t.equal(browsers.length, 2);
        });

      await journey('a steward runs a reporting round at desktop width', { width: 1000, height: 900 }, 1, false);
      await journey('the same on a 375 px phone with the keyboard alone', { width: 375, height: 800 }, 2, true);
    },
    { DISCLOSURE_METHOD: 'round', PUBLIC_URL: 'http://127.0.0.1' },
  );
}
