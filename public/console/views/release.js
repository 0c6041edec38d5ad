// Release: preview what the next release would change against the latest (counts, cells before
// and after, organisations named for the first time or no longer), page through it or take it
// as CSV, then publish with release notes.
import { el } from '/dom.js';
import { countText, download, field, pager, say, statusLine, table, when } from '/console/ui.js';

const LIMIT = 50;
const CHANGES = { new: 'New', gone: 'Gone', changed: 'Changed', suppressed: 'Newly suppressed', unsuppressed: 'No longer suppressed' };
const COUNT_NAMES = { figures: 'Figures', cells: 'Published totals', breakdownRows: 'Breakdown rows', organisations: 'Organisations' };

export async function mount(root, ctx) {
  const { api, jsonBody, showProblem } = ctx;
  const status = statusLine();
  const previewButton = el('button', { type: 'button', textContent: 'Preview the next release' });
  const csvButton = el('button', { type: 'button', className: 'secondary', textContent: 'Download every change as CSV', hidden: true });
  const previewNode = el('div');
  const notes = field(
    'Release notes (optional)',
    { maxLength: 2000 },
    'What changed since the last release, in a few words: published with it.',
    'textarea',
  );
  const publishStatus = el('div', { className: 'status', role: 'alert' });
  const publishButton = el('button', { type: 'submit', textContent: 'Publish the release' });
  const publishForm = el(
    'form',
    { noValidate: true, hidden: true },
    el('h3', { textContent: 'Publish' }),
    ...notes.parts,
    publishStatus,
    publishButton,
  );
  root.append(
    el('h2', { textContent: 'Release' }),
    el('p', {
      className: 'lead',
      textContent: 'See what the next release would publish and change, then publish it. A preview stores nothing.',
    }),
    el('div', { className: 'actions' }, previewButton, csvButton),
    status,
    previewNode,
    publishForm,
  );

  async function preview(offset) {
    say(status, 'Building the preview…');
    const response = await api(`/v1/releases/preview?limit=${LIMIT}&offset=${offset}`, { method: 'POST', ...jsonBody({}) });
    if (!response.ok) return showProblem(status, response);
    const p = await response.json();
    say(
      status,
      p.latest
        ? `Release ${p.next.id} compared with release ${p.latest.id} (published ${when(p.latest.publishedAt)}): ${p.page.total} published total${p.page.total === 1 ? '' : 's'} would change.`
        : `Release ${p.next.id} would be the first: ${p.page.total} published total${p.page.total === 1 ? '' : 's'}.`,
      'success',
    );
    const before = p.counts.before;
    const naming = (title, list) =>
      el(
        'div',
        {},
        el('h4', { textContent: title }),
        list.length === 0 ? el('p', { textContent: 'None.' }) : el('ul', {}, ...list.map((o) => el('li', { textContent: o.name }))),
      );
    previewNode.replaceChildren(
      p.next.demo
        ? el('p', { className: 'warning', textContent: 'It would hold demonstration figures, so it would be marked as a demo release.' })
        : '',
      el('h3', { textContent: 'Counts' }),
      el(
        'div',
        { className: 'counts' },
        table(
          'Counts in the latest release and the next',
          ['', 'Latest', 'Next'],
          Object.entries(COUNT_NAMES).map(([k, label]) => [label, before ? String(before[k]) : 'none', String(p.counts.after[k])]),
        ),
      ),
      el('h3', { textContent: 'Naming' }),
      naming('Named for the first time', p.naming.firstNamed),
      naming('No longer named', p.naming.noLongerNamed),
      el('h3', { textContent: 'What changes' }),
      p.data.length === 0
        ? el('p', { textContent: 'No published total would change.' })
        : table(
            'Published totals that would change, before and after',
            [
              'Change',
              'Period',
              'Area',
              'Activity',
              'Participants before',
              'Participants after',
              'Organisations before',
              'Organisations after',
            ],
            p.data.map((c) => [
              CHANGES[c.change] ?? c.change,
              c.period,
              `${c.area.name}${c.row === 'not-attributed' ? ' (not in a smaller area)' : ''}`,
              c.activityId ?? 'All activities',
              c.before ? countText(c.before.participants) : '',
              c.after ? countText(c.after.participants) : '',
              c.before ? String(c.before.organisations) : '',
              c.after ? String(c.after.organisations) : '',
            ]),
          ),
      pager(p.page, preview, 'changes'),
    );
    publishButton.textContent = `Publish release ${p.next.id}`;
    csvButton.hidden = false;
    publishForm.hidden = false;
  }

  previewButton.addEventListener('click', () => preview(0));
  csvButton.addEventListener('click', async () => {
    const response = await api('/v1/releases/preview?format=csv', {
      method: 'POST',
      ...jsonBody({}),
      headers: { 'content-type': 'application/json', accept: 'text/csv' },
    });
    if (!response.ok) return showProblem(status, response);
    await download(response, 'release-preview.csv');
    say(status, 'The preview was downloaded as CSV.', 'success');
  });
  publishForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    publishStatus.textContent = '';
    const text = notes.input.value.trim();
    const response = await api('/v1/releases', { method: 'POST', ...jsonBody(text ? { notes: text } : {}) });
    if (!response.ok) return showProblem(publishStatus, response);
    const release = await response.json();
    notes.input.value = '';
    publishForm.hidden = true;
    csvButton.hidden = true;
    previewNode.replaceChildren();
    status.replaceChildren(
      `Published release ${release.id} at ${when(release.publishedAt)}${release.notes ? ', with its notes' : ''}. `,
      el('a', { href: '/', textContent: 'See it on the public page' }),
    );
    status.dataset.kind = 'success';
  });
}
