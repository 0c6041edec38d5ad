// The contribution chart as a standalone SVG image a group can drop into a bid: the figures, the
// source, the release, the licence and the permalink are written in the image itself, because an
// image pasted into a document loses everything around it. Presentation attributes only (no
// <style>, no script), so word processors and strict viewers draw it the same way.
import { type Count, disclosureFootnote, formatPercent } from '../../domain/disclosure.js';
import type { ContributionChart } from './contributions.service.js';

type BreakdownEntry = ContributionChart['summary']['breakdown'][number];

const WIDTH = 760;
const MARGIN = 20;
const BAR_X = 320;
const BAR_MAX_WIDTH = 300;
const ROW_HEIGHT = 26;
const LINE_HEIGHT = 18;
/** Named organisations drawn besides the highlighted one; the rest are counted in a note. */
const MAX_NAMED_ROWS = 10;
const LABEL_MAX_CHARS = 42;
const FONT = 'Arial, Helvetica, sans-serif';
// Contrast against white: text 19:1, muted 8:1, bars 5:1 or more (WCAG non-text contrast is 3:1).
const COLOUR = { text: '#0b0c0c', muted: '#383f43', bar: '#5f6b7a', highlight: '#005ea5', warning: '#a51c1c' };

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// Characters XML 1.0 does not allow at all, even escaped; names never hold them, but an image must always parse.
// eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot carry, which are control characters
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export const escapeXml = (text: string) => text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

// Rates carry four decimals in the API; the image shows them as published.
const number = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 4 });
/** The share as the JSON gives it (null when not published), written from the counts so it is rounded once. */
const percent = (share: number | null, part: Count, whole: Count) => {
  const text = share === null ? null : formatPercent(part, whole);
  return text === null ? '' : ` (${text})`;
};
const plural = (n: number, word: string) => `${number(n)} ${word}${n === 1 ? '' : 's'}`;
const truncate = (text: string) => (text.length > LABEL_MAX_CHARS ? `${text.slice(0, LABEL_MAX_CHARS - 1)}…` : text);

type TextOptions = { x?: number; size?: number; bold?: boolean; fill?: string; anchor?: 'start' | 'end' };
function text(y: number, content: string, o: TextOptions = {}) {
  const weight = o.bold ? ' font-weight="bold"' : '';
  const anchor = o.anchor === 'end' ? ' text-anchor="end"' : '';
  return `<text x="${o.x ?? MARGIN}" y="${y}" font-size="${o.size ?? 13}" fill="${o.fill ?? COLOUR.text}"${weight}${anchor}>${escapeXml(content)}</text>`;
}

/** The named organisations worth drawing (the largest, and the chosen one wherever it ranks), then "other organisations". */
function chartRows(breakdown: BreakdownEntry[], organisationId: string) {
  const named = breakdown.filter((b) => b.organisation);
  const shown = named.filter((b, i) => i < MAX_NAMED_ROWS || b.organisation!.id === organisationId);
  return { rows: [...shown, ...breakdown.filter((b) => !b.organisation)], notShown: named.length - shown.length };
}

function headline(chart: ContributionChart, fewerThan: string) {
  const { organisation, row } = chart;
  if (row.participants.value === null) return `${organisation.name}: ${fewerThan} participants, counted within "other organisations"`;
  const total = row.total.value === null ? 'a total too small to publish' : `the ${number(row.total.value)}`;
  return `${organisation.name} provided ${number(row.participants.value)} of ${total} participants${percent(row.share, row.participants, row.total)}`;
}

function barRow(entry: BreakdownEntry, total: Count, y: number, scale: number, highlight: boolean, fewerThan: string) {
  const label = entry.organisation ? entry.label : `${entry.label} (${plural(entry.organisations, 'group')})`;
  const value: Count = entry.participants;
  const width = value.value === null ? 0 : Math.round(value.value * scale);
  const published = value.value === null ? `${fewerThan} (not published)` : `${number(value.value)}${percent(entry.share, value, total)}`;
  // "Other organisations" is highlighted when it holds this group's suppressed count, and says so.
  const figure = highlight && !entry.organisation ? `${published}, including this group` : published;
  return [
    `<g class="${highlight ? 'row highlight' : 'row'}">`,
    `<title>${escapeXml(`${entry.label}: ${figure}`)}</title>`,
    text(y + 17, truncate(label), { bold: highlight, fill: highlight ? COLOUR.highlight : COLOUR.text }),
    value.value === null
      ? ''
      : `<rect x="${BAR_X}" y="${y + 4}" width="${width}" height="${ROW_HEIGHT - 8}" fill="${highlight ? COLOUR.highlight : COLOUR.bar}"/>`,
    text(y + 17, figure, { x: BAR_X + width + 6, bold: highlight }),
    '</g>',
  ].join('');
}

function rateLines(summary: ContributionChart['summary'], fewerThan: string) {
  const total = summary.total.participants.value === null ? fewerThan : number(summary.total.participants.value);
  const lines = [`Total: ${total} participants reported by ${plural(summary.total.organisations, 'organisation')}`];
  if (summary.rate.per1000 !== null) {
    const others = summary.comparisons.filter((c) => c.per1000 !== null).map((c) => `${c.area.name} ${number(c.per1000!)}`);
    lines.push(
      `${number(summary.rate.per1000)} per 1,000 residents (ONS mid-${summary.rate.populationYear} population)${others.length ? `; ${others.join(', ')}` : ''}`,
    );
  }
  return lines;
}

function footerLines(chart: ContributionChart) {
  const { summary, policy, row } = chart;
  return [
    `Source: Participation API, release ${summary.release.id}, published ${summary.release.publishedAt.slice(0, 10)}. Licence: ${summary.licence.name}.`,
    row.url,
    disclosureFootnote(policy),
    'Totals sum what organisations reported: a person who takes part with two groups counts twice.',
  ];
}

export function renderContributionSvg(chart: ContributionChart): string {
  const { organisation, summary } = chart;
  const fewerThan = `fewer than ${chart.policy.suppressUpTo + 1}`;
  const { rows, notShown } = chartRows(summary.breakdown, organisation.id);
  const inOther = !rows.some((r) => r.organisation?.id === organisation.id);
  const largest = Math.max(1, ...rows.map((r) => r.participants.value ?? 0));
  const scale = BAR_MAX_WIDTH / largest;
  const what = `Participants in ${summary.activity ? summary.activity.label.toLowerCase() : 'all activities'} in ${summary.area.name}, ${summary.period}`;

  const body: string[] = [
    text(32, organisation.name, { size: 18, bold: true }),
    text(54, what, { size: 14 }),
    text(80, headline(chart, fewerThan), { size: 14, bold: true, fill: COLOUR.highlight }),
  ];
  let y = 96;
  for (const entry of rows) {
    const highlight = entry.organisation ? entry.organisation.id === organisation.id : inOther;
    body.push(barRow(entry, summary.total.participants, y, scale, highlight, fewerThan));
    y += ROW_HEIGHT;
  }
  if (notShown > 0)
    body.push(
      text((y += LINE_HEIGHT) - 4, `… and ${notShown} more named organisations, listed at the permalink below`, { fill: COLOUR.muted }),
    );
  y += 10;
  for (const line of rateLines(summary, fewerThan)) body.push(text((y += LINE_HEIGHT), line));
  y += 10;
  for (const line of footerLines(chart)) body.push(text((y += LINE_HEIGHT), line, { size: 11, fill: COLOUR.muted }));
  if (summary.demo)
    body.push(
      text((y += LINE_HEIGHT), 'DEMONSTRATION DATA: generated figures from fictional organisations. Do not cite.', {
        size: 12,
        bold: true,
        fill: COLOUR.warning,
      }),
    );
  const height = y + MARGIN;

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="${FONT}">`,
    `<title id="chart-title">${escapeXml(`${organisation.name}: ${what}`)}</title>`,
    `<desc id="chart-desc">${escapeXml(`${headline(chart, fewerThan)}. ${rateLines(summary, fewerThan).join('. ')}. ${footerLines(chart).join(' ')}`)}</desc>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
