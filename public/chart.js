// The bar chart of the breakdown and the table that carries the same numbers for everyone,
// screen readers included (the chart itself is hidden from them).
import { cell, el, headerCell } from './dom.js';
import { formatCount, formatShare } from './format.js';

/** Named organisations drawn besides the chosen one; the table lists every one. */
const MAX_NAMED_BARS = 10;

/** The largest named organisations, the chosen one wherever it ranks, then "other organisations". */
function barRows(breakdown, organisationId) {
  const named = breakdown.filter((b) => b.organisation);
  const shown = named.filter((b, i) => i < MAX_NAMED_BARS || b.organisation.id === organisationId);
  return { rows: [...shown, ...breakdown.filter((b) => !b.organisation)], notShown: named.length - shown.length };
}

/** Whether a row is the chosen group, or "other organisations" holding the chosen group's suppressed count. */
function isHighlighted(entry, breakdown, organisationId) {
  if (!organisationId) return false;
  if (entry.organisation) return entry.organisation.id === organisationId;
  return !breakdown.some((b) => b.organisation?.id === organisationId);
}

function label(entry, highlighted) {
  if (entry.organisation) return highlighted ? `${entry.label} (your group)` : entry.label;
  const groups = `${entry.organisations} ${entry.organisations === 1 ? 'group' : 'groups'} not named or too small to show`;
  return `${entry.label}: ${groups}${highlighted ? ', including yours' : ''}`;
}

function bar(entry, total, largest, highlighted, fewerThan) {
  const value = entry.participants.value;
  const track = el('span', { className: 'bar-track' });
  if (value === null) {
    track.classList.add('suppressed');
  } else {
    // Sized through the DOM, which the page's style-src 'self' allows; no inline style attribute.
    const fill = el('span', { className: 'bar' });
    fill.style.width = `${(100 * value) / largest}%`;
    track.append(fill);
  }
  const share = formatShare(entry.participants, total);
  const figure =
    value === null
      ? `${formatCount(entry.participants, fewerThan)} (not published)`
      : `${formatCount(entry.participants, fewerThan)}${share ? ` (${share})` : ''}`;
  const classes = ['bar-row', highlighted ? 'highlight' : '', entry.organisation ? '' : 'other'].filter(Boolean).join(' ');
  return el(
    'div',
    { className: classes },
    el('span', { className: 'bar-label', textContent: label(entry, highlighted) }),
    track,
    el('span', { className: 'bar-value', textContent: figure }),
  );
}

/** `total` is the published total the shares are of. */
export function renderChart({ chart, caption, table }, { breakdown, total }, organisationId, fewerThan) {
  const { rows, notShown } = barRows(breakdown, organisationId);
  const largest = Math.max(1, ...rows.map((r) => r.participants.value ?? 0));
  chart.replaceChildren(...rows.map((entry) => bar(entry, total, largest, isHighlighted(entry, breakdown, organisationId), fewerThan)));
  const named = breakdown.filter((b) => b.organisation).length;
  const drawn = rows.filter((r) => r.organisation).length;
  caption.textContent =
    named === 0
      ? 'No organisation here has agreed to be named with a count large enough to show: all are in "other organisations".'
      : notShown > 0
        ? `${drawn} of the ${named} named organisations are drawn (the largest${organisationId ? ', and yours' : ''}); the table below lists them all.`
        : `Every named organisation is drawn${rows.length > drawn ? ', and "other organisations" together' : ''}.`;
  table.tBodies[0].replaceChildren(
    ...breakdown.map((entry) => {
      const highlighted = isHighlighted(entry, breakdown, organisationId);
      return el(
        'tr',
        { className: highlighted ? 'highlight' : '' },
        headerCell(label(entry, highlighted)),
        cell(formatCount(entry.participants, fewerThan), 'num'),
        cell(formatShare(entry.participants, total), 'num'),
        cell(entry.rank === null ? '' : String(entry.rank), 'num'),
      );
    }),
  );
}
