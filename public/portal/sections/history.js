// History: every revision and withdrawal, who made it (a person or a key) and when; and the
// current figures, each of which can be corrected or withdrawn.
import { el } from '/dom.js';
import { periodLabel } from '/format.js';
import { showProblem } from '/portal/problem.js';
import { activityLabels, areaNames } from '/portal/sections/names.js';

const MEASURES = [
  ['participants', 'Participants'],
  ['attendances', 'Attendances'],
  ['sessions', 'Sessions'],
  ['volunteers', 'Volunteers'],
];
const when = (iso) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
const who = (by) => (by.kind === 'person' ? by.name : by.kind === 'key' ? `key "${by.name ?? by.keyId}"` : 'the system');
const values = (f) =>
  f.withdrawn
    ? 'withdrawn'
    : MEASURES.filter(([key]) => f[key] !== null)
        .map(([key, label]) => `${label} ${f[key].toLocaleString('en-GB')}`)
        .join(', ');

export async function mount(root, ctx) {
  const base = `/v1/organisations/${ctx.organisation.id}`;
  const status = el('div', { className: 'status', role: 'status' });
  status.setAttribute('aria-live', 'polite');
  const current = el('div', {});
  const past = el('div', {});
  root.append(
    el('h2', { textContent: 'History' }),
    el('p', {
      textContent: 'Every change to your figures, who made it and when. A correction or a withdrawal applies from the next release.',
    }),
    status,
    el('h3', { textContent: 'Current figures' }),
    current,
    el('h3', { textContent: 'Every change' }),
    past,
  );

  const render = async () => {
    const [figures, revisions, submissions] = await Promise.all([
      ctx.api(`${base}/figures?limit=1000`),
      ctx.api(`${base}/figures?history=true&limit=1000`),
      ctx.api(`${base}/submissions?limit=1000`),
    ]);
    for (const response of [figures, revisions, submissions]) if (!response.ok) return showProblem(status, response);
    const [now, all, sent] = await Promise.all([figures.json(), revisions.json(), submissions.json()]);
    const bySubmission = new Map(sent.data.map((s) => [s.id, s]));
    const [activities, areas] = await Promise.all([
      activityLabels(all.data.map((f) => f.activity)),
      areaNames(all.data.map((f) => f.area)),
    ]);
    const what = (f) => `${activities.get(f.activity)} in ${areas.get(f.area)}, ${periodLabel(f.period)}`;

    current.replaceChildren(
      now.data.length === 0
        ? el('p', { textContent: 'No current figures.' })
        : el('ul', { className: 'current-figures' }, ...now.data.map((f) => currentItem(f, what(f)))),
    );
    past.replaceChildren(
      el(
        'ol',
        { reversed: true },
        ...[...all.data].reverse().map((f) => {
          const submission = bySubmission.get(f.submissionId);
          return el('li', {
            textContent: `${when(f.recordedAt)}: ${what(f)}: ${values(f)}, by ${submission ? who(submission.by) : 'unknown'}.`,
          });
        }),
      ),
    );
  };

  const currentItem = (figure, description) => {
    const item = el('li', {}, el('p', { textContent: `${description}: ${values(figure)}.` }));
    const correct = el('button', { type: 'button', className: 'secondary', textContent: `Correct ${description}` });
    const withdraw = el('button', { type: 'button', className: 'secondary', textContent: `Withdraw ${description}` });
    correct.addEventListener('click', () => {
      const form = el('form', { className: 'correct-form' });
      for (const [key, label] of MEASURES) {
        const id = `correct-${figure.id}-${key}`;
        form.append(
          el('label', { htmlFor: id, textContent: key === 'participants' ? label : `${label} (optional)` }),
          el('input', {
            id,
            name: key,
            type: 'number',
            min: '0',
            max: '10000000',
            step: '1',
            value: figure[key] ?? '',
            required: key === 'participants',
          }),
        );
      }
      form.append(el('button', { type: 'submit', textContent: 'Save the correction' }));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const corrected = { activity: figure.activity, area: figure.area, period: figure.period };
        for (const [key] of MEASURES) {
          const value = form.elements[key].value.trim();
          if (value !== '') corrected[key] = Number(value);
        }
        const response = await ctx.api(`${base}/figures`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ figures: [corrected] }),
        });
        if (!response.ok) return showProblem(status, response);
        status.dataset.kind = 'success';
        status.textContent = `Corrected ${description}.`;
        await render();
      });
      item.append(form);
      form.querySelector('input').focus();
    });
    withdraw.addEventListener('click', async () => {
      const response = await ctx.api(`${base}/figures/${figure.id}`, { method: 'DELETE' });
      if (!response.ok) return showProblem(status, response);
      status.dataset.kind = 'success';
      status.textContent = `Withdrew ${description}. It leaves the next release.`;
      await render();
    });
    item.append(el('div', { className: 'actions' }, correct, withdraw));
    return item;
  };

  await render();
}
