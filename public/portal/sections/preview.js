// The portal's "What will be published" section: what the next release would say about the group,
// read from GET /v1/organisations/{id}/preview, which runs the release's own code on the current
// figures. Nothing here computes a figure: counts, outcomes and shares are the API's.
import { el } from '../../dom.js';
import { areaTypeLabel, formatCount, formatShare, periodLabel, sortPeriodsNewestFirst } from '../../format.js';

const AREA_ORDER = { ward: 0, lad: 1, region: 2, country: 3 };
const ORDINALS = ['', 'largest', 'second largest', 'third largest'];
const ordinal = (rank) => ORDINALS[rank] ?? `number ${rank} by size`;
const groups = (n) => (n === 1 ? '1 group' : `${n} groups`);

/** A problem answer in plain words: its detail and each listed error. */
async function problemText(response) {
  const body = await response.json().catch(() => null);
  if (!body?.detail) return 'The preview could not be worked out just now. Try again in a moment.';
  const errors = Array.isArray(body.errors) ? body.errors.map((e) => e.detail).filter(Boolean) : [];
  return [body.detail, ...errors].join(' ');
}

function outcomeText(cell, fewerThan) {
  const other = cell.other
    ? ` ("other organisations": ${formatCount(cell.other.participants, fewerThan)} from ${groups(cell.other.organisations)})`
    : '';
  if (cell.outcome === 'shown') {
    const share = formatShare(cell.participants, cell.total.participants);
    return `Your group: ${formatCount(cell.participants, fewerThan)}${share ? ` (${share})` : ''}, shown by name, the ${ordinal(cell.rank)}.`;
  }
  if (cell.outcome === 'suppressed')
    return `Your group: fewer than ${fewerThan} once published, so to protect the people counted it is not shown by name and counts inside "other organisations"${other}.`;
  return `Your group is not named in public, so it counts inside "other organisations"${other}.`;
}

function cellItem(cell, fewerThan) {
  const where = `${cell.area.name} (${areaTypeLabel(cell.area.type)}), ${cell.activity ? cell.activity.label : 'all activities'}`;
  return el(
    'li',
    { className: `preview-cell preview-${cell.outcome}` },
    el('strong', { textContent: where }),
    el('br'),
    `Total: ${formatCount(cell.total.participants, fewerThan)} participants from ${groups(cell.total.organisations)}. `,
    el('br'),
    outcomeText(cell, fewerThan),
  );
}

function summaryText(cells) {
  const shown = cells.filter((c) => c.outcome === 'shown').length;
  const folded = cells.length - shown;
  if (folded === 0) return `Your group is in ${cells.length} published totals for this period and is shown by name in every one.`;
  if (shown === 0)
    return `Your group is in ${cells.length} published totals for this period; in none is it shown by name: it counts inside "other organisations".`;
  return `Your group is in ${cells.length} published totals for this period: shown by name in ${shown}, counted inside "other organisations" in ${folded}.`;
}

function sortCells(cells) {
  return [...cells].sort(
    (a, b) =>
      (AREA_ORDER[a.area.type] ?? 9) - (AREA_ORDER[b.area.type] ?? 9) ||
      a.area.name.localeCompare(b.area.name) ||
      (a.activity ? 0 : 1) - (b.activity ? 0 : 1) ||
      (a.activity?.label ?? '').localeCompare(b.activity?.label ?? ''),
  );
}

function render(root, answer) {
  const fewerThan = answer.suppressUpTo + 1;
  const parts = [];
  if (!answer.organisation.named)
    parts.push(
      el('p', {
        className: 'warning',
        textContent:
          'Your group has not agreed to be named in public, so it is never shown by name: its figures count inside "other organisations". You can change that under "Named in public".',
      }),
    );
  if (answer.data.length === 0) {
    parts.push(el('p', { textContent: 'Your group has no figures yet, so the next release will say nothing about it.' }));
    return root.append(...parts);
  }
  const periods = sortPeriodsNewestFirst([...new Set(answer.data.map((c) => c.period))]);
  const select = el(
    'select',
    { id: 'preview-period', name: 'period' },
    ...periods.map((p) => el('option', { value: p, textContent: periodLabel(p) })),
  );
  const summary = el('p', { className: 'preview-summary' });
  const list = el('ul', { className: 'preview-cells', ariaLabel: 'Published totals that include your group' });
  const show = () => {
    const cells = sortCells(answer.data.filter((c) => c.period === select.value));
    summary.textContent = summaryText(cells);
    list.replaceChildren(...cells.map((c) => cellItem(c, fewerThan)));
  };
  select.addEventListener('change', show);
  parts.push(el('div', { className: 'field' }, el('label', { htmlFor: 'preview-period', textContent: 'Period' }), select), summary, list);
  root.append(...parts);
  show();
}

export async function mount(root, ctx) {
  const status = el('p', { className: 'status', role: 'status', textContent: 'Working out what the next release would publish…' });
  root.replaceChildren(
    el('h2', { textContent: 'What will be published' }),
    el('p', {
      textContent: `What the next release would say about ${ctx.organisation.name} if it were published now, worked out from your current figures by the same steps as the release itself. Totals add up what every group reported, so a person who goes to two groups counts twice. Until the release is published this changes whenever figures or your choice about being named change.`,
    }),
    status,
  );
  let response;
  try {
    response = await ctx.api(`/v1/organisations/${encodeURIComponent(ctx.organisation.id)}/preview`);
  } catch {
    status.textContent = 'The service could not be reached. Check your connection and try again.';
    status.dataset.kind = 'error';
    return;
  }
  if (!response.ok) {
    status.textContent = await problemText(response);
    status.dataset.kind = 'error';
    return;
  }
  status.textContent = '';
  render(root, await response.json());
}
