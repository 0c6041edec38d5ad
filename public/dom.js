// A few DOM helpers: text always goes in as text, never as markup, so names cannot inject anything.

export const byId = (id) => document.getElementById(id);

/** An element with properties (className, textContent, dataset, ...) and children. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

export function fillTable(table, rows) {
  table.tBodies[0].replaceChildren(...rows.map((cells) => el('tr', {}, ...cells)));
}

export const cell = (text, className = '') => el('td', { textContent: text, className });
export const headerCell = (text) => el('th', { textContent: text, scope: 'row' });

export function setStatus(node, message, kind = 'info') {
  node.textContent = message;
  node.dataset.kind = kind;
}

export function fillSelect(select, options, selected) {
  select.replaceChildren(...options.map(({ value, label }) => el('option', { value, textContent: label, selected: value === selected })));
}
