// The steward's console: the portal's sign-in and session (shared modules), for admin people only,
// and one view at a time. Views follow the portal's section contract: a module at
// /console/views/<name>.js exporting `mount(root, ctx)`. Everything goes through the public API.
import { byId, el } from '/dom.js';
import { showProblem } from '/portal/problem.js';
import { markCurrent, mountPart, signInHandler } from '/portal/shell.js';
import { api, jsonBody, onSessionEnded, resumeSession, setSession, signOut } from '/portal/session.js';

const VIEWS = [
  { name: 'organisations', label: 'Organisations' },
  { name: 'returns', label: 'Returns' },
  { name: 'release', label: 'Release' },
  { name: 'audit', label: 'Audit log' },
  { name: 'demo', label: 'Demo data' },
];

const state = { session: null, current: 'organisations' };

function show(view) {
  for (const id of ['signin-view', 'not-admin-view', 'console-view']) byId(id).hidden = id !== view;
  byId(view).querySelector('h1').focus();
}

function setStatus(message, kind = 'info') {
  const node = byId('console-status');
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
  const { person } = session;
  if (!person.admin) {
    byId('not-admin-text').textContent =
      `You are signed in as ${person.displayName} (${person.email}), who does not run the service: the console is only for admin people.`;
    return show('not-admin-view');
  }
  byId('who-text').textContent = `Signed in as ${person.displayName} (${person.email}), an admin.`;
  renderNav();
  show('console-view');
  openView(state.current);
}

function renderNav() {
  byId('view-list').replaceChildren(
    ...VIEWS.map(({ name, label }) =>
      el(
        'li',
        {},
        el('button', {
          type: 'button',
          className: 'secondary',
          textContent: label,
          dataset: { view: name },
          onclick: () => openView(name, {}, true),
        }),
      ),
    ),
  );
}

/** Opens a view; `options` lets one view open another on something (an organisation, a filter). */
async function openView(name, options = {}, focus = false) {
  state.current = name;
  markCurrent(byId('view-list'), 'view', name);
  const root = el('div', { className: 'section', dataset: { view: name } });
  byId('view-root').replaceChildren(root);
  const ctx = { api, jsonBody, showProblem, person: state.session.person, open: (view, opts) => openView(view, opts, true), options };
  await mountPart(root, `/console/views/${name}.js`, ctx, { what: 'the console', focus });
}

async function signOutHere() {
  const response = await signOut(false);
  if (!response.ok && response.status !== 401) return setStatus('Signing out did not work. Try again.', 'error');
  signedOut('You are signed out.');
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
  byId('signout-button').addEventListener('click', signOutHere);
  byId('not-admin-signout').addEventListener('click', signOutHere);
  const session = await resumeSession();
  if (session) signedIn(session);
  else signedOut();
}

start();
