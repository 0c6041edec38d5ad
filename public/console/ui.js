// Small pieces the console's views share: tables, a pager, a labelled field, a published count.
import { el } from '/dom.js';

/** A table with a caption, column headings and rows of cells (strings or nodes); `rowClass` per row. */
export function table(caption, headings, rows, rowClass = () => '') {
  // Focusable and named, so a table wider than a phone can be scrolled with the keyboard.
  return el(
    'div',
    { className: 'table-wrap', tabIndex: 0, role: 'region', ariaLabel: caption },
    el(
      'table',
      {},
      el('caption', { textContent: caption }),
      el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col', textContent: h })))),
      el(
        'tbody',
        {},
        ...rows.map((cells, i) =>
          el(
            'tr',
            { className: rowClass(i) },
            ...cells.map((c) => (typeof c === 'object' && c !== null ? el('td', {}, c) : el('td', { textContent: c ?? '' }))),
          ),
        ),
      ),
    ),
  );
}

/** "Rows 1 to 50 of 120" with Previous and Next buttons that call `go(offset)`. */
export function pager({ limit, offset, total }, go, what) {
  const last = Math.min(offset + limit, total);
  const node = el(
    'div',
    { className: 'pager' },
    el('p', {
      textContent: total === 0 ? `No ${what}.` : `${what[0].toUpperCase()}${what.slice(1)} ${offset + 1} to ${last} of ${total}.`,
    }),
  );
  if (offset > 0)
    node.append(
      el('button', {
        type: 'button',
        className: 'secondary',
        textContent: `Previous ${what}`,
        onclick: () => go(Math.max(0, offset - limit)),
      }),
    );
  if (last < total)
    node.append(el('button', { type: 'button', className: 'secondary', textContent: `Next ${what}`, onclick: () => go(offset + limit) }));
  return node;
}

let fieldCount = 0;
/** A label, an optional hint and an input (or `tag`), tied together by ids. */
export function field(label, props = {}, hint = '', tag = 'input') {
  const id = `field-${++fieldCount}`;
  const input = el(tag, { id, ...props });
  const parts = [el('label', { htmlFor: id, textContent: label })];
  if (hint) {
    parts.push(el('p', { id: `${id}-hint`, className: 'hint', textContent: hint }));
    input.setAttribute('aria-describedby', `${id}-hint`);
  }
  parts.push(input);
  return { input, parts };
}

/** A checkbox with its label beside it. */
export function checkbox(label, checked = false) {
  const id = `field-${++fieldCount}`;
  const input = el('input', { id, type: 'checkbox', checked });
  return { input, node: el('label', { htmlFor: id, className: 'choice' }, input, el('span', { textContent: label })) };
}

/** A published count as the release would show it: the number, or why there is none. */
export function countText(count) {
  if (!count) return '';
  if (count.value !== null) return count.value.toLocaleString('en-GB');
  return count.flag === 'c' ? 'suppressed' : 'not available';
}

export const when = (iso) =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC' : '';

/** A status line for the outcome of an action. */
export const statusLine = () => el('p', { className: 'status', role: 'status' });

export function say(node, message, kind = 'info') {
  node.textContent = message;
  node.dataset.kind = kind;
}

/** Saves a response body (a CSV) as a file: for downloads that need a POST or the CSRF token. */
export async function download(response, filename) {
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
