// A small line chart of participants by period, drawn as SVG elements (no inline style, so the
// page's Content-Security-Policy holds). The table beside it carries the same numbers for everyone.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 140;
const PAD = 28;

function node(tag, attributes, text) {
  const n = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) n.setAttribute(key, String(value));
  if (text !== undefined) n.textContent = text;
  return n;
}

/** Suppressed periods leave a gap: a small count is never drawn as zero. */
export function renderTrendChart(container, rows) {
  const values = rows.map((r) => r.participants.value);
  const known = values.filter((v) => v !== null);
  const max = Math.max(1, ...known);
  const x = (i) => PAD + (rows.length === 1 ? (WIDTH - 2 * PAD) / 2 : (i * (WIDTH - 2 * PAD)) / (rows.length - 1));
  const y = (v) => HEIGHT - PAD - (v / max) * (HEIGHT - 2 * PAD);
  const svg = node('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'trend-svg', focusable: 'false' });
  svg.append(node('line', { x1: PAD, y1: HEIGHT - PAD, x2: WIDTH - PAD, y2: HEIGHT - PAD, stroke: '#484949' }));
  let path = '';
  rows.forEach((r, i) => {
    const v = values[i];
    if (v === null) {
      path += ' ';
      return;
    }
    path += `${path.endsWith(' ') || path === '' ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    svg.append(node('circle', { cx: x(i), cy: y(v), r: 3, fill: '#005ea5' }));
    svg.append(
      node('text', { x: x(i), y: y(v) - 7, 'text-anchor': 'middle', 'font-size': 10, fill: '#0b0c0c' }, v.toLocaleString('en-GB')),
    );
  });
  svg.prepend(node('path', { d: path.trim().replace(/ +/g, ' '), fill: 'none', stroke: '#005ea5', 'stroke-width': 2 }));
  rows.forEach((r, i) =>
    svg.append(node('text', { x: x(i), y: HEIGHT - 8, 'text-anchor': 'middle', 'font-size': 10, fill: '#0b0c0c' }, r.period)),
  );
  container.replaceChildren(svg);
}
