// Invitations by email, through a real SMTP conversation with an in-process server (no network).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../src/app.js';
import { CreatedInvitation } from '../src/modules/people/people.schemas.js';
import { forEachDatabase, json, testConfig } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';
import { acceptAs } from './helpers/people.js';

/** The text of a quoted-printable body, as a mail client shows it. */
const quotedPrintable = (text: string) =>
  text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

forEachDatabase(async (t, { database }) => {
  const received: { to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.server.address() as AddressInfo).port;
  const config = testConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Participation <noreply@participation.test>' });
  const app = await buildApp({ config, database });
  t.teardown(() => app.close());
  const admin = await adminKey(database.db);
  await organisationWithKey(app, admin, 'armley-ballet');

  t.test('with SMTP configured, an invitation to an email is sent there and not shown to the admin', async (t) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organisations/armley-ballet/invitations',
      headers: bearer(admin),
      payload: { email: 'sam@example.org' },
    });
    t.equal(res.statusCode, 201);
    t.match(json(res, CreatedInvitation), { organisation: 'armley-ballet', email: 'sam@example.org', sent: true, url: null });
    t.equal(received.length, 1);
    t.same(received[0]!.to, ['sam@example.org']);
    t.match(received[0]!.data, /Subject: Your invitation to Group armley-ballet on Participation/);
    const link = /https:\/\/participation\.test\/portal\/#invitation=(pi_[A-Za-z0-9_-]{43})/.exec(quotedPrintable(received[0]!.data));
    t.ok(link, 'the email carries the link');
    const sam = await acceptAs(app, link![1]!, 'sam@example.org');
    t.same(
      sam.session.organisations.map((o) => o.id),
      ['armley-ballet'],
      'the emailed link works',
    );
  });

  t.test('without an email the link is handed to the admin even with SMTP', async (t) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organisations/armley-ballet/invitations',
      headers: bearer(admin),
      payload: {},
    });
    t.match(json(res, CreatedInvitation), { email: null, sent: false, url: /#invitation=pi_/ });
  });
});
