// Returns: for a chosen period, which groups sent figures and when, and whose return is missing
// (none for this period although they sent some for an earlier one), as a table and as CSV.
import { el } from '/dom.js';
import { field, pager, table, when } from '/console/ui.js';

const LIMIT = 100;

/** Last month, as the period a steward chases first. */
function lastMonth() {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export async function mount(root, ctx) {
  const { api, showProblem } = ctx;
  const period = field(
    'Period',
    { required: true, maxLength: 7, value: ctx.options.period ?? lastMonth() },
    'A month (2025-09), a financial year (2025-26) or a calendar year (2025).',
  );
  const result = el('div');
  const form = el('form', { noValidate: true }, ...period.parts, el('button', { type: 'submit', textContent: 'Show the returns' }));
  root.append(
    el('h2', { textContent: 'Returns' }),
    el('p', { className: 'lead', textContent: 'Who has sent figures for a period, and who has not yet.' }),
    form,
    result,
  );

  async function load(offset) {
    const p = period.input.value.trim();
    const query = new URLSearchParams({ period: p, limit: String(LIMIT), offset: String(offset) });
    const response = await api(`/v1/returns?${query}`);
    if (!response.ok) return showProblem(result, response);
    const { data, page } = await response.json();
    result.removeAttribute('data-kind');
    const missing = data.filter((r) => r.status === 'missing').length;
    const csv = new URLSearchParams({ period: p, limit: '1000', format: 'csv' });
    result.replaceChildren(
      el('p', {
        role: 'status',
        textContent: `${page.total} group${page.total === 1 ? '' : 's'} for ${p}; on this page ${missing} missing.`,
      }),
      data.length === 0
        ? el('p', { textContent: 'No group has sent figures for this period or an earlier one of the same kind.' })
        : table(
            `Returns for ${p}`,
            ['Organisation', 'Return', 'Figures', 'First sent', 'Last changed', 'Last period sent'],
            data.map((r) => [
              `${r.organisation.name}${r.organisation.demo ? ' (demo)' : ''}`,
              el('span', { className: 'tag', textContent: r.status === 'missing' ? 'Missing' : 'Sent' }),
              String(r.figures),
              when(r.firstSentAt),
              when(r.lastSentAt),
              r.lastPeriod ?? '',
            ]),
            (i) => (data[i].status === 'missing' ? 'missing' : ''),
          ),
      pager(page, load, 'groups'),
      el(
        'p',
        {},
        el('a', { href: `/v1/returns?${csv}`, download: `returns-${p}.csv`, textContent: `Download the returns for ${p} as CSV` }),
      ),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load(0);
  });
  await load(0);
}
