// The signed-in session, shared by the portal and the console: one `api` helper that sends the
// cookie and, on any change, the session's CSRF token; sign-in, sign-out and resuming a session.
// The session itself is an HttpOnly cookie no script can read.

// Set after signing in, so a first visit shows the sign-in form without asking the API (and
// getting a 401) first.
const SIGNED_IN_HINT = 'portal.signedIn';

let current = null;
let ended = () => {};

/** Called when the API answers 401 to a signed-in page: the session has ended. */
export function onSessionEnded(callback) {
  ended = callback;
}

/** Remembers the session `GET /v1/session` or a sign-in answered, or forgets it (null). */
export function setSession(session) {
  current = session;
  if (session) localStorage.setItem(SIGNED_IN_HINT, '1');
  else localStorage.removeItem(SIGNED_IN_HINT);
}

export const currentSession = () => current;

/** A same-origin fetch that sends the cookie and, on any change, the session's CSRF token. */
export async function api(path, init = {}) {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (method !== 'GET' && method !== 'HEAD' && current) headers.set('x-csrf-token', current.csrfToken);
  // Always revalidated (an ETag makes that cheap): a change must show at once.
  const response = await fetch(path, { cache: 'no-cache', ...init, method, headers, credentials: 'same-origin' });
  if (response.status === 401 && current) ended('Your session has ended. Sign in again.');
  return response;
}

export const jsonBody = (body) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** Email and password to a session; the answer, for the caller to read (a problem when refused). */
export const signIn = (email, password) => api('/v1/session', { method: 'POST', ...jsonBody({ email, password }) });

/** Ends this session, or (everywhere) every session of the person. */
export const signOut = (everywhere) => api(everywhere ? '/v1/sessions' : '/v1/session', { method: 'DELETE' });

/** The session this browser is still signed in with, or null (asks the API only after a sign-in here). */
export async function resumeSession() {
  if (!localStorage.getItem(SIGNED_IN_HINT)) return null;
  const response = await fetch('/v1/session', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  return response.ok ? response.json() : null;
}
