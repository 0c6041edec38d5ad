import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';

export type InvitationMail = { to: string; organisationName: string | null; url: string; expiresAt: Date };

/** Sends one invitation; undefined when no SMTP server is configured (the admin passes the link on). */
export type SendInvitation = (mail: InvitationMail) => Promise<void>;

export function invitationMailer(mail: Config['mail']): SendInvitation | undefined {
  if (!mail.smtpUrl) return undefined;
  const transport = nodemailer.createTransport(mail.smtpUrl);
  return async ({ to, organisationName, url, expiresAt }) => {
    const what = organisationName ? `enter and look after ${organisationName}'s figures` : 'look after the service as an admin';
    const until = expiresAt.toUTCString();
    await transport.sendMail({
      from: mail.from,
      to,
      subject: organisationName ? `Your invitation to ${organisationName} on Participation` : 'Your admin invitation to Participation',
      text: [
        `You have been invited to ${what}.`,
        '',
        `Open this link to choose your name and password (it works once, until ${until}):`,
        url,
        '',
        'If you did not expect this, ignore it: nothing happens until the link is opened and a password chosen.',
      ].join('\n'),
    });
  };
}
