// The figures for one area, activity and period: total, rates, official benchmarks, the chart,
// and what a group needs for its bid (a sentence with its permalink, the CSV, the image).
import { apiPath } from './api.js';
import { renderChart } from './chart.js';
import { byId, cell, el, fillTable, headerCell } from './dom.js';
import { formatCount, formatDate, formatNumber, formatShare } from './format.js';

const SOURCE_NAMES = { 'active-lives-fingertips': 'Active Lives', 'dcms-participation-survey': 'DCMS Participation Survey' };
const PHRASES = {
  'active-adults': 'are physically active',
  'inactive-adults': 'are physically inactive',
  'engaged-with-arts': 'engaged with the arts in the last 12 months',
  'visited-heritage-site': 'visited a heritage site in the last 12 months',
  'visited-museum-or-gallery': 'visited a museum or gallery in the last 12 months',
  'visited-public-library': 'used a public library in the last 12 months',
};

const subject = (summary) => (summary.activity ? summary.activity.label : 'All activities');
const MEASURES = [
  ['attendances', 'Attendances'],
  ['sessions', 'Sessions'],
  ['volunteers', 'Volunteers'],
];

/** "70.4% of adults in Leeds are physically active (Active Lives 2024/25)" */
export function benchmarkSentence(b, sources) {
  const source = SOURCE_NAMES[b.source] ?? sources.find((s) => s.id === b.source)?.title ?? b.source;
  const phrase = PHRASES[b.indicatorId];
  const value = `${formatNumber(b.value)}${b.unit}`;
  const text = phrase ? `${value} of adults in ${b.area.name} ${phrase}` : `${b.indicator} in ${b.area.name}: ${value}`;
  return `${text} (${source} ${b.period})`;
}

/** The other measures of the total, in a line of their own made once beneath it. */
function measuresLine() {
  return byId('measures') ?? byId('contribution-line').insertAdjacentElement('beforebegin', el('p', { id: 'measures', className: 'hint' }));
}

function renderTotal(summary, view) {
  const { total } = summary;
  byId('total-value').textContent = formatCount(total.participants, view.fewerThan);
  byId('total-label').textContent =
    `participants in ${subject(summary).toLowerCase()} in ${summary.area.name}, ${summary.period}, reported by ${formatNumber(total.organisations)} ${total.organisations === 1 ? 'organisation' : 'organisations'}`;
  measuresLine().textContent = MEASURES.map(([key, name]) => `${name}: ${formatCount(total[key], view.fewerThan)}.`).join(' ');
  const row = view.contribution;
  const share = row ? formatShare(row.participants, row.total) : '';
  byId('contribution-line').textContent = !row
    ? ''
    : row.participants.value === null
      ? `${view.organisation.name}: ${formatCount(row.participants, view.fewerThan)} participants, counted within "other organisations".`
      : `${view.organisation.name}: ${formatCount(row.participants, view.fewerThan)} of them${share ? ` (${share})` : ''}.`;
}

function renderRates(summary, fewerThan) {
  const rate = (per1000) => (per1000 === null ? 'not available' : formatNumber(per1000));
  fillTable(byId('rate-table'), [
    [
      headerCell(summary.area.name),
      cell(formatCount(summary.total.participants, fewerThan), 'num'),
      cell(rate(summary.rate.per1000), 'num'),
    ],
    ...summary.comparisons.map((c) => [
      headerCell(c.area.name),
      cell(formatCount(c.participants, fewerThan), 'num'),
      cell(rate(c.per1000), 'num'),
    ]),
  ]);
  const population =
    summary.rate.population === null
      ? ''
      : `Rates use the ONS mid-${summary.rate.populationYear} population estimate (${formatNumber(summary.rate.population)} residents in ${summary.area.name}).`;
  byId('rate-note').textContent = [summary.rate.reason, population].filter(Boolean).join(' ');
}

function renderBenchmarks(benchmarks) {
  const list = byId('benchmarks');
  const sources = byId('benchmark-sources');
  if (!benchmarks || benchmarks.data.length === 0) {
    list.replaceChildren(el('li', { textContent: 'No official figures are published for this area.' }));
    sources.replaceChildren();
    return;
  }
  list.replaceChildren(...benchmarks.data.map((b) => el('li', { textContent: benchmarkSentence(b, benchmarks.sources) })));
  sources.replaceChildren(
    'Sources: ',
    ...benchmarks.sources.flatMap((s, i) => [
      i > 0 ? ' ' : '',
      el('a', { href: s.url, textContent: s.title }),
      `, ${s.licence.name}. ${s.attribution}`,
    ]),
  );
}

/**
 * The sentence a group pastes: its own contribution when a group is chosen, else the area's citation.
 * Both come from the API, which already says in them when a release is demonstration data.
 */
export function citationText(summary, view) {
  return view.contribution ? view.contribution.sentence : `${summary.citation.text} ${summary.citation.url}`;
}

function renderLinks(summary, view) {
  const cellQuery = { area: summary.area.code, activity: summary.activity?.id, period: summary.period, release: summary.release.id };
  byId('csv-link').href = apiPath('/v1/statistics/summary', { ...cellQuery, format: 'csv' });
  byId('permalink').href = summary.citation.url;
  byId('permalink').textContent =
    `Permalink to these figures (release ${summary.release.id}, published ${formatDate(summary.release.publishedAt)})`;
  byId('profile-link').href = apiPath(`/areas/${encodeURIComponent(summary.area.code)}`, {
    period: summary.period,
    release: summary.release.id,
  });
  byId('profile-link').textContent =
    `Area profile of ${summary.area.name}: every activity, the trend, and the official surveys, to read, print or cite`;
  byId('svg-item').hidden = !view.organisation;
  if (view.organisation)
    byId('svg-link').href = apiPath(`/v1/organisations/${encodeURIComponent(view.organisation.id)}/contribution.svg`, cellQuery);
}

export function renderResult(summary, view) {
  byId('result-heading').textContent = `3. ${subject(summary)} in ${summary.area.name}, ${summary.period}`;
  byId('demo-warning').hidden = !summary.demo;
  renderTotal(summary, view);
  renderRates(summary, view.fewerThan);
  renderBenchmarks(view.benchmarks);
  renderChart(
    { chart: byId('chart'), caption: byId('chart-caption'), table: byId('breakdown-table') },
    { breakdown: summary.breakdown, total: summary.total.participants },
    view.organisation?.id,
    view.fewerThan,
  );
  byId('citation').textContent = citationText(summary, view);
  renderLinks(summary, view);
  byId('notes').replaceChildren(...summary.notes.map((note) => el('li', { textContent: note })));
}
