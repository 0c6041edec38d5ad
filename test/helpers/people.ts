import type { App } from '../../src/app.js';
import { CreatedInvitation, Session } from '../../src/modules/people/people.schemas.js';
import { json } from './app.js';
import { bearer } from './auth.js';

/** A signed-in browser as the API sees it: the session cookie, and the CSRF token for changes. */
export type SignedIn = { cookie: string; csrf: string; session: Session; personId: string };

export const PASSWORD = 'a long walk by the canal';

/** The cookie header for a session, with (for a change) its CSRF token. */
export const withSession = (who: SignedIn, csrf = true): Record<string, string> => ({
  cookie: who.cookie,
  ...(csrf ? { 'x-csrf-token': who.csrf } : {}),
});

/** Cookies the answer set, as `name=value` pairs ready for a Cookie header. */
export function cookieFrom(setCookie: string | string[] | undefined): string {
  const first = [setCookie ?? []].flat()[0];
  if (!first) throw new Error('no Set-Cookie header');
  return first.split(';')[0]!;
}

/** An invitation made through the admin API; the link's token. */
export async function invite(app: App, admin: string, organisationId: string, email?: string) {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/organisations/${organisationId}/invitations`,
    headers: bearer(admin),
    payload: email ? { email } : {},
  });
  if (res.statusCode !== 201) throw new Error(`could not invite to ${organisationId}: ${res.body}`);
  const invitation = json(res, CreatedInvitation);
  return { ...invitation, token: invitation.url ? new URL(invitation.url).hash.replace('#invitation=', '') : '' };
}

/** Accepts an invitation as a new person and returns the signed-in browser. */
export async function acceptAs(app: App, token: string, email: string, displayName = 'Sam', password = PASSWORD): Promise<SignedIn> {
  const res = await app.inject({ method: 'POST', url: '/v1/invitations/accept', payload: { token, displayName, email, password } });
  if (res.statusCode !== 201) throw new Error(`could not accept: ${res.body}`);
  const session = json(res, Session);
  return { cookie: cookieFrom(res.headers['set-cookie']), csrf: session.csrfToken, session, personId: session.person.id };
}

/** A person invited to `organisationId` through the API and signed in. */
export async function personFor(app: App, admin: string, organisationId: string, email: string): Promise<SignedIn> {
  const { token } = await invite(app, admin, organisationId);
  return acceptAs(app, token, email);
}
