// The portal's shell: signs the person in (or accepts an invitation), lets them pick one of their
// organisations, and mounts one section at a time. Sections follow one contract: a module at
// /portal/sections/<name>.js exporting `mount(root, ctx)`. Everything goes through the public API.
import { byId, el } from '/dom.js';
import { showProblem } from '/portal/problem.js';

const SECTIONS = [
  { name: 'figures', label: 'Our figures' },
  { name: 'add', label: 'Add figures' },
  { name: 'upload', label: 'Upload a spreadsheet' },
  { name: 'preview', label: 'What will be published' },
  { name: 'consent', label: 'Named in public' },
  { name: 'history', label: 'History' },
  { name: 'keys', label: 'Keys' },
];
// Set after signing in, so a first visit shows the sign-in form without asking the API (and
// getting a 401) first. The session itself is an HttpOnly cookie no script can read.
const SIGNED_IN_HINT = 'portal.signedIn';

const state = { session: null, organisation: null, available: new Set(), current: 'figures' };

/** A same-origin fetch that sends the cookie and, on any change, the session's CSRF token. */
async function api(path, init = {}) {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (method !== 'GET' && method !== 'HEAD' && state.session) headers.set('x-csrf-token', state.session.csrfToken);
  // Always revalidated (an ETag makes that cheap): a group's own view must show a change at once.
  const response = await fetch(path, { cache: 'no-cache', ...init, method, headers, credentials: 'same-origin' });
  if (response.status === 401 && state.session) signedOut('Your session has ended. Sign in again.');
  return response;
}

const jsonBody = (body) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

function show(view) {
  for (const id of ['signin-view', 'invitation-view', 'portal-view']) byId(id).hidden = id !== view;
  byId(view).querySelector('h1').focus();
}

function setStatus(message, kind = 'info') {
  const node = byId('portal-status');
  node.textContent = message;
  node.dataset.kind = kind;
}

function signedOut(message = '') {
  localStorage.removeItem(SIGNED_IN_HINT);
  state.session = null;
  setStatus(message);
  show('signin-view');
}

function signedIn(session) {
  localStorage.setItem(SIGNED_IN_HINT, '1');
  state.session = session;
  const { person, organisations } = session;
  byId('who-text').textContent = `Signed in as ${person.displayName} (${person.email})${person.admin ? ', an admin' : ''}.`;
  const select = byId('organisation-select');
  select.replaceChildren(...organisations.map((o) => el('option', { value: o.id, textContent: o.name })));
  byId('organisation-choice').hidden = organisations.length < 2;
  byId('no-organisation').hidden = organisations.length > 0;
  byId('section-nav').hidden = organisations.length === 0;
  state.organisation = organisations[0] ?? null;
  show('portal-view');
  if (state.organisation) openSection(state.current);
}

function renderNav() {
  byId('section-list').replaceChildren(
    ...SECTIONS.map(({ name, label }) =>
      state.available.has(name)
        ? el(
            'li',
            {},
            el('button', {
              type: 'button',
              className: 'secondary',
              textContent: label,
              dataset: { section: name },
              onclick: () => openSection(name, true),
            }),
          )
        : el('li', { className: 'unavailable', textContent: `${label}: coming soon` }),
    ),
  );
}

async function openSection(name, focus = false) {
  state.current = name;
  for (const button of byId('section-list').querySelectorAll('button'))
    if (button.dataset.section === name) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  const root = el('div', { className: 'section', dataset: { section: name } });
  byId('section-root').replaceChildren(root);
  if (!state.available.has(name)) {
    root.append(el('p', { className: 'status', textContent: 'This part of the portal is not ready yet.' }));
    return;
  }
  const { id, name: orgName, homeArea } = state.organisation;
  const ctx = {
    organisation: { id, name: orgName, homeArea: homeArea ? { code: homeArea.code, name: homeArea.name } : null },
    person: { id: state.session.person.id, displayName: state.session.person.displayName, admin: state.session.person.admin },
    api,
  };
  try {
    const section = await import(`/portal/sections/${name}.js`);
    await section.mount(root, ctx);
  } catch {
    root.replaceChildren(
      el('p', {
        className: 'status',
        dataset: { kind: 'error' },
        textContent: 'This part of the portal could not be opened. Reload the page and try again.',
      }),
    );
  }
  if (focus) {
    const heading = root.querySelector('h2');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }
}

async function submitSignIn(event) {
  event.preventDefault();
  const error = byId('signin-error');
  error.textContent = '';
  const response = await api('/v1/session', {
    method: 'POST',
    ...jsonBody({ email: byId('signin-email').value.trim(), password: byId('signin-password').value }),
  });
  if (!response.ok) return showProblem(error, response);
  byId('signin-password').value = '';
  setStatus('');
  signedIn(await response.json());
}

async function submitInvitation(event, token) {
  event.preventDefault();
  const error = byId('invitation-error');
  error.textContent = '';
  const body = {
    token,
    displayName: byId('invitation-name').value.trim(),
    email: byId('invitation-email').value.trim(),
    password: byId('invitation-password').value,
  };
  const response = await api('/v1/invitations/accept', { method: 'POST', ...jsonBody(body) });
  if (!response.ok) return showProblem(error, response);
  byId('invitation-password').value = '';
  // The token is used up: take it out of the address bar and the history.
  history.replaceState(null, '', '/portal/');
  setStatus('Welcome: you are signed in.', 'success');
  signedIn(await response.json());
}

async function signOut(everywhere) {
  const response = await api(everywhere ? '/v1/sessions' : '/v1/session', { method: 'DELETE' });
  if (!response.ok && response.status !== 401) return setStatus('Signing out did not work. Try again.', 'error');
  signedOut(everywhere ? 'You are signed out on every device.' : 'You are signed out.');
}

async function loadAvailableSections() {
  const response = await fetch('/portal/sections.json', { headers: { accept: 'application/json' } });
  const { sections } = response.ok ? await response.json() : { sections: [] };
  state.available = new Set(sections);
  renderNav();
}

async function start() {
  byId('signin-form').addEventListener('submit', submitSignIn);
  byId('signout-button').addEventListener('click', () => signOut(false));
  byId('signout-everywhere-button').addEventListener('click', () => signOut(true));
  byId('organisation-select').addEventListener('change', (event) => {
    state.organisation = state.session.organisations.find((o) => o.id === event.target.value);
    openSection(state.current);
  });
  await loadAvailableSections();
  const token = new URLSearchParams(location.hash.slice(1)).get('invitation');
  if (token) {
    byId('invitation-form').addEventListener('submit', (event) => submitInvitation(event, token));
    return show('invitation-view');
  }
  if (!localStorage.getItem(SIGNED_IN_HINT)) return show('signin-view');
  const response = await fetch('/v1/session', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (response.ok) signedIn(await response.json());
  else signedOut();
}

start();
