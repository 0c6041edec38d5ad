// Audit log: who did what, newest first, searched by organisation, person, key and action; CSV too.
import { el } from '/dom.js';
import { field, pager, table, when } from '/console/ui.js';

const LIMIT = 50;
const FILTERS = [
  ['organisation', 'Organisation id', 'Such as leeds-ballet-club.'],
  ['person', 'Person id', 'As shown under an organisation’s people, such as person_AbC123dEf456.'],
  ['key', 'Key id', 'As listed under an organisation’s keys.'],
  ['action', 'Action', 'Such as release.publish, or release for every release action.'],
];

/** What an entry's detail says, in one line. */
const detailText = (detail) =>
  Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join('; ');

export async function mount(root, ctx) {
  const { api, showProblem } = ctx;
  const fields = Object.fromEntries(
    FILTERS.map(([name, label, hint]) => [name, field(`${label} (optional)`, { maxLength: 100, value: ctx.options[name] ?? '' }, hint)]),
  );
  const form = el(
    'form',
    { noValidate: true },
    ...Object.values(fields).flatMap((f) => f.parts),
    el('button', { type: 'submit', textContent: 'Search the log' }),
  );
  const result = el('div');
  root.append(
    el('h2', { textContent: 'Audit log' }),
    el('p', { className: 'lead', textContent: 'Every change, who made it and when: newest first.' }),
    form,
    result,
  );

  const filters = () => {
    const query = new URLSearchParams();
    for (const [name, f] of Object.entries(fields)) if (f.input.value.trim()) query.set(name, f.input.value.trim());
    return query;
  };

  async function load(offset) {
    const query = filters();
    query.set('limit', String(LIMIT));
    query.set('offset', String(offset));
    const response = await api(`/v1/audit?${query}`);
    if (!response.ok) return showProblem(result, response);
    result.removeAttribute('data-kind');
    const { data, page } = await response.json();
    const csv = filters();
    csv.set('limit', '1000');
    csv.set('format', 'csv');
    result.replaceChildren(
      data.length === 0
        ? el('p', { role: 'status', textContent: 'No entry matches.' })
        : table(
            'Audit log entries, newest first',
            ['When', 'Action', 'Organisation', 'Person', 'Key', 'Detail'],
            data.map((e) => [when(e.at), e.action, e.organisationId ?? '', e.personId ?? '', e.apiKeyId ?? '', detailText(e.detail)]),
          ),
      pager(page, load, 'entries'),
      el('p', {}, el('a', { href: `/v1/audit?${csv}`, download: 'audit.csv', textContent: 'Download these entries as CSV (up to 1,000)' })),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load(0);
  });
  await load(0);
}
