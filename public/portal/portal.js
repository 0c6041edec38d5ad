// The portal's shell: signs the person in (or accepts an invitation), lets them pick one of their
// organisations, and mounts one section at a time. Sections follow one contract: a module at
// /portal/sections/<name>.js exporting `mount(root, ctx)`. Everything goes through the public API.
import { byId, el } from '/dom.js';
import { showProblem } from '/portal/problem.js';
import { markCurrent, mountPart, signInHandler } from '/portal/shell.js';
import { api, jsonBody, onSessionEnded, resumeSession, setSession, signOut as endSession } from '/portal/session.js';

const SECTIONS = [
  { name: 'figures', label: 'Our figures' },
  { name: 'add', label: 'Add figures' },
  { name: 'upload', label: 'Upload a spreadsheet' },
  { name: 'preview', label: 'What will be published' },
  { name: 'consent', label: 'Named in public' },
  { name: 'history', label: 'History' },
  { name: 'keys', label: 'Keys' },
];
const state = { session: null, organisation: null, available: new Set(), current: 'figures' };

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
  setSession(null);
  state.session = null;
  setStatus(message);
  show('signin-view');
}

function signedIn(session) {
  setSession(session);
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
  markCurrent(byId('section-list'), 'section', name);
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
  await mountPart(root, `/portal/sections/${name}.js`, ctx, { what: 'the portal', focus });
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
  const response = await endSession(everywhere);
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
  onSessionEnded((message) => signedOut(message));
  byId('signin-form').addEventListener(
    'submit',
    signInHandler((session) => {
      setStatus('');
      signedIn(session);
    }),
  );
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
  const session = await resumeSession();
  if (session) signedIn(session);
  else signedOut();
}

start();
