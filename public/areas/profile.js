// The printable area profile at /areas/{code}: everything comes from GET /v1/areas/{code}/profile,
// pinned to the release it was read from, so the printed page and its permalink say the same.
import { apiPath, getJson, getJsonOnce } from '../api.js';
import { embedDataset } from '../opendata/dataset.js';
import { byId, cell, el, fillSelect, fillTable, headerCell, setStatus } from '../dom.js';
import { formatCount, formatDate, formatNumber, formatRateInterval, periodLabel, sortPeriodsNewestFirst } from '../format.js';
import { benchmarkSentence } from '../result.js';
import { renderDemographics } from './demographics.js';
import { renderTrendChart } from './trend-chart.js';

const code = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const params = new URLSearchParams(location.search);
const SIGNIFICANCE = { higher: 'Higher', similar: 'Similar', lower: 'Lower' };

const rateText = formatRateInterval;
const activityName = (a) => (a.activity ? (a.parentActivity ? `of which ${a.activity.label}` : a.activity.label) : 'All activities');
const change = (n) =>
  n === null ? '' : n > 0 ? `, ${formatNumber(n)} more than` : n < 0 ? `, ${formatNumber(-n)} fewer than` : ', the same as';

function renderActivities(profile, fewerThan) {
  const [parent] = profile.activities[0]?.comparisons ?? [];
  byId('parent-column').textContent = parent && parent.area.code !== 'E92000001' ? parent.area.name : 'Parent area';
  byId('activities-caption').textContent = `Participants in ${profile.area.name}, ${profile.period}, and the rate per 1,000 residents`;
  fillTable(
    byId('activities-table'),
    profile.activities.map((a) => {
      const other = (i) => a.comparisons[i];
      const parentRate = other(0) && other(0).area.code !== 'E92000001' ? rateText(other(0).rate) : '';
      const england = a.comparisons.find((c) => c.area.code === 'E92000001');
      return [
        headerCell(activityName(a)),
        cell(formatCount(a.participants, fewerThan), 'num'),
        cell(rateText(a.rate), 'num'),
        cell(parentRate, 'num'),
        cell(england ? rateText(england.rate) : '', 'num'),
        cell(england?.significance ? SIGNIFICANCE[england.significance] : 'Not compared'),
      ];
    }),
  );
  const reason = profile.activities[0]?.rate.reason;
  byId('method-note').textContent = `${reason ? `${reason} ` : ''}${profile.method.interval} ${profile.method.comparison}`;
}

function renderTrend(profile, fewerThan) {
  const rows = profile.trend.filter((r) => r.activity === null);
  renderTrendChart(byId('trend-chart'), rows);
  byId('trend-caption').textContent =
    rows.length > 1
      ? `Participants in all activities, ${rows[0].period} to ${rows[rows.length - 1].period} (periods of the same kind).`
      : 'Only one period of this kind has figures so far.';
  fillTable(
    byId('trend-table'),
    rows.map((r) => [
      headerCell(r.period),
      cell(formatCount(r.participants, fewerThan), 'num'),
      cell(formatNumber(r.organisations), 'num'),
      cell(rateText(r.rate), 'num'),
    ]),
  );
}

function renderCommunity(profile, fewerThan) {
  const c = profile.community;
  const before = c.previousPeriod ?? 'the year before';
  const items = [
    `${formatNumber(c.organisations)} ${c.organisations === 1 ? 'organisation' : 'organisations'} reported figures in ${profile.period}` +
      (c.previousOrganisations === null
        ? `; none reported in ${before}.`
        : `${change(c.organisationsChange)} in ${before} (${formatNumber(c.previousOrganisations)}).`),
    c.volunteers === null
      ? 'No volunteers were reported.'
      : `Volunteers: ${formatCount(c.volunteers, fewerThan)}` +
        (c.previousVolunteers
          ? `; in ${before}: ${formatCount(c.previousVolunteers, fewerThan)}${c.volunteersChange === null ? '' : ` (change ${c.volunteersChange > 0 ? '+' : ''}${formatNumber(c.volunteersChange)})`}.`
          : '.'),
  ];
  byId('community').replaceChildren(...items.map((text) => el('li', { textContent: text })));
}

function renderBenchmarks(profile) {
  byId('benchmark-area-column').textContent = profile.area.name;
  const rows = profile.benchmarks.map((b) => [
    headerCell(benchmarkSentence(b, [])),
    cell(b.period),
    cell(`${formatNumber(b.value)}${b.unit}`, 'num'),
    cell(b.england === null ? 'not published' : `${formatNumber(b.england)}${b.unit}`, 'num'),
  ]);
  fillTable(
    byId('benchmarks-table'),
    rows.length ? rows : [[cell('No official figures are published for this area.'), cell(''), cell(''), cell('')]],
  );
}

function renderChildren(profile, fewerThan) {
  const { childType, rankedBy, data } = profile.children;
  byId('children-caption').textContent =
    `Each ${childType} of ${profile.area.name}, ranked by ${rankedBy === 'rate' ? 'rate per 1,000 residents' : 'participants (no population estimate is published for them)'}`;
  const rows = data.map((r) => [
    cell(r.rank === null ? '' : String(r.rank), 'num'),
    headerCell(r.label),
    cell(formatCount(r.participants, fewerThan), 'num'),
    cell(rateText(r.rate), 'num'),
  ]);
  fillTable(byId('children-table'), rows.length ? rows : [[cell(''), cell(`No ${childType} has figures.`), cell(''), cell('')]]);
}

function renderMap(profile, fewerThan) {
  byId('map-section').hidden = !profile.map;
  if (!profile.map) return;
  const image = byId('map-image');
  image.src = profile.map.url;
  image.alt = `Map of the districts of ${profile.area.name} shaded by participants per 1,000 residents, ${profile.period}.`;
  fillTable(
    byId('map-table'),
    profile.map.districts.map((d) => [
      headerCell(d.area.name),
      cell(formatCount(d.participants, fewerThan), 'num'),
      cell(rateText(d.rate), 'num'),
    ]),
  );
}

function renderDeprivation(profile) {
  const d = profile.deprivation;
  byId('deprivation-section').hidden = !d;
  if (!d) return;
  byId('deprivation').textContent =
    d.averageScore === null
      ? `English Indices of Deprivation ${d.year}: no figure. ${d.reason}`
      : `English Indices of Deprivation ${d.year}: average score ${formatNumber(d.averageScore)} (higher is more deprived); ${formatNumber(Math.round(d.mostDeprived10 * 1000) / 10)}% of its neighbourhoods are among the 10% most deprived in England.`;
}

function renderCitation(profile) {
  const permalink = `${location.origin}/areas/${profile.area.code}?${new URLSearchParams({ period: profile.period, release: String(profile.release.id) })}`;
  byId('permalink').href = permalink;
  byId('permalink').textContent = permalink;
  byId('citation').textContent = profile.citation.text;
  byId('release-line').textContent =
    `Release ${profile.release.id}, published ${formatDate(profile.release.publishedAt)}. Data: ${profile.citation.url}`;
  byId('licence-line').replaceChildren(
    'Licence: ',
    el('a', { href: profile.licence.url, textContent: profile.licence.name }),
    `. ${profile.attribution}`,
  );
  byId('notes').replaceChildren(...profile.notes.map((note) => el('li', { textContent: note })));
  byId('csv-link').href = apiPath(`/v1/areas/${profile.area.code}/profile`, {
    period: profile.period,
    release: profile.release.id,
    format: 'csv',
  });
}

function render(profile, demographics, fewerThan) {
  document.title = `${profile.area.name}, ${profile.period}: area profile: Participation API`;
  byId('profile-heading').textContent = `${profile.area.name}: who takes part, ${profile.period}`;
  byId('demo-warning').hidden = !profile.demo;
  const all = profile.activities.find((a) => a.activity === null);
  byId('headline').textContent = all
    ? `${formatCount(all.participants, fewerThan)} participants reported by ${formatNumber(all.organisations)} ${all.organisations === 1 ? 'organisation' : 'organisations'} in ${profile.area.name} in ${profile.period}.`
    : '';
  renderActivities(profile, fewerThan);
  renderDemographics({ coverage: byId('coverage'), age: byId('age-table'), sex: byId('sex-table') }, demographics, fewerThan);
  renderTrend(profile, fewerThan);
  renderCommunity(profile, fewerThan);
  renderBenchmarks(profile);
  renderChildren(profile, fewerThan);
  renderMap(profile, fewerThan);
  renderDeprivation(profile);
  renderCitation(profile);
  byId('profile-body').hidden = false;
}

async function load(period) {
  const status = byId('profile-status');
  setStatus(status, 'Loading the profile…');
  try {
    const release = params.get('release') ?? undefined;
    const profile = await getJson(`/v1/areas/${encodeURIComponent(code)}/profile`, { period, release });
    const pinned = { area: profile.area.code, release: profile.release.id };
    const [meta, series, demographics] = await Promise.all([
      getJsonOnce(`/v1/releases/${profile.release.id}`),
      getJsonOnce('/v1/statistics/series', pinned),
      getJsonOnce('/v1/statistics/demographics', { ...pinned, period: profile.period }),
    ]);
    const periods = sortPeriodsNewestFirst(series.data.map((r) => r.period));
    fillSelect(
      byId('period-select'),
      periods.map((p) => ({ value: p, label: periodLabel(p) })),
      profile.period,
    );
    render(profile, demographics, meta.policy.suppressUpTo + 1);
    setStatus(status, '');
    // For dataset search engines: this area's profile, in the release the page shows.
    embedDataset({ area: profile.area.code, release: profile.release.id }).catch(() => {});
  } catch (error) {
    byId('profile-body').hidden = true;
    setStatus(status, error.message, 'error');
  }
}

byId('print-button').addEventListener('click', () => window.print());
byId('period-select').addEventListener('change', (event) => {
  const url = new URL(location.href);
  url.searchParams.set('period', event.target.value);
  history.replaceState(null, '', url);
  void load(event.target.value);
});
void load(params.get('period') ?? undefined);
