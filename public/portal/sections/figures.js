// Our figures: what the group reported (exact, only the group sees them) and what the latest
// release published for it (protected: rounded or perturbed, small counts hidden).
import { getJsonOnce } from '/api.js';
import { el } from '/dom.js';
import { formatCount, formatShare, periodLabel } from '/format.js';
import { showProblem } from '/portal/problem.js';
import { activityLabels, areaNames } from '/portal/sections/names.js';

const optional = (n) => (n === null || n === undefined ? 'not given' : n.toLocaleString('en-GB'));

function table(caption, headers, rows) {
  // A wide table scrolls sideways on a phone: the scrolling box takes focus so the keyboard can scroll it.
  const wrap = el(
    'div',
    { className: 'table-wrap', tabIndex: 0, role: 'region' },
    el(
      'table',
      {},
      el('caption', { textContent: caption }),
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col', textContent: h })))),
      el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', { textContent: String(c) }))))),
    ),
  );
  wrap.setAttribute('aria-label', caption);
  return wrap;
}

async function reported(ctx) {
  const response = await ctx.api(`/v1/organisations/${ctx.organisation.id}/figures?limit=1000`);
  const box = el('div', {}, el('h3', { textContent: 'What you reported' }));
  if (!response.ok) return (box.append(el('p', { className: 'status' })), showProblem(box.lastChild, response).then(() => box));
  const { data } = await response.json();
  if (data.length === 0) return (box.append(el('p', { textContent: 'No figures yet. Add them under "Add figures".' })), box);
  const [activities, areas] = await Promise.all([activityLabels(data.map((f) => f.activity)), areaNames(data.map((f) => f.area))]);
  const rows = [...data]
    .sort((a, b) => b.period.localeCompare(a.period))
    .map((f) => [
      periodLabel(f.period),
      activities.get(f.activity),
      areas.get(f.area),
      f.participants.toLocaleString('en-GB'),
      optional(f.attendances),
      optional(f.sessions),
      optional(f.volunteers),
    ]);
  box.append(
    table(
      'Your exact figures, as you gave them',
      ['Period', 'Activity', 'Area', 'Participants', 'Attendances', 'Sessions', 'Volunteers'],
      rows,
    ),
  );
  return box;
}

async function published(ctx) {
  const box = el('div', {}, el('h3', { textContent: 'What the latest release published' }));
  // Only asked for when there can be an answer: a release exists and the group is named.
  const [consent, releases] = await Promise.all([
    ctx.api(`/v1/organisations/${ctx.organisation.id}/consent`).then((r) => (r.ok ? r.json() : null)),
    ctx.api('/v1/releases?limit=1').then((r) => (r.ok ? r.json() : { data: [] })),
  ]);
  if (releases.data.length === 0) {
    box.append(el('p', { textContent: 'Nothing has been published yet: your figures will be in the first release.' }));
    return box;
  }
  if (consent && !consent.named) {
    box.append(
      el('p', {
        textContent:
          'Your group is not named in public, so nothing is published about it by name: its figures count within "other organisations". See "Named in public".',
      }),
    );
    return box;
  }
  const response = await ctx.api(`/v1/organisations/${ctx.organisation.id}/contribution`);
  if (response.status === 404) {
    box.append(
      el('p', {
        textContent:
          'Nothing is published about your group yet: the latest release was made before your figures or your consent to be named. They will be in the next one.',
      }),
    );
    return box;
  }
  if (!response.ok) return (box.append(el('p', { className: 'status' })), showProblem(box.lastChild, response).then(() => box));
  const contribution = await response.json();
  const release = await getJsonOnce(`/v1/releases/${contribution.release.id}`);
  const fewer = release.policy.suppressUpTo + 1;
  const rows = contribution.data.map((r) => [
    periodLabel(r.period),
    r.activity?.label ?? 'All activities',
    r.area.name,
    formatCount(r.participants, fewer),
    formatCount(r.total, fewer),
    formatShare(r.participants, r.total) || 'not shown',
  ]);
  box.append(
    el('p', {
      className: 'hint',
      textContent: `Release ${contribution.release.id}. Published counts are protected, so they can differ a little from yours.`,
    }),
    table('Your published counts and share of each total', ['Period', 'Activity', 'Area', 'Your count', 'Total', 'Your share'], rows),
  );
  return box;
}

export async function mount(root, ctx) {
  root.append(el('h2', { textContent: 'Our figures' }));
  const status = el('p', { className: 'status', textContent: 'Loading…' });
  root.append(status);
  const parts = await Promise.all([reported(ctx), published(ctx)]);
  status.remove();
  root.append(...parts);
}
