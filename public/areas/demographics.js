// "For whom": participants by age band and by sex beside the area's residents, from
// GET /v1/statistics/demographics, and how much of the total came with a breakdown at all.
import { cell, fillTable, headerCell } from '../dom.js';
import { formatCount, formatNumber, formatRateInterval } from '../format.js';

const percent = (fraction) => (fraction === null ? '' : `${formatNumber(Math.round(fraction * 1000) / 10)}%`);
const rateText = formatRateInterval;
const LABELS = { female: 'Female', male: 'Male', 'not-recorded': 'Not recorded' };

function rows(bands, fewerThan) {
  return bands.map((b) => [
    headerCell(LABELS[b.band] ?? b.band),
    cell(formatCount(b.participants, fewerThan), 'num'),
    cell(percent(b.share), 'num'),
    cell(percent(b.populationShare), 'num'),
    cell(rateText(b.rate), 'num'),
  ]);
}

export function coverageSentence(d, fewerThan) {
  if (d.withBreakdown.value === 0) return 'No group broke its figures down by age band or sex for this period.';
  const share = d.coverage === null ? '' : ` (${percent(d.coverage)} of the total)`;
  return `${formatCount(d.withBreakdown, fewerThan)} of the ${formatCount(d.total.participants, fewerThan)} participants came with a breakdown by age band and sex${share}; the tables describe those only.`;
}

export function renderDemographics(nodes, d, fewerThan) {
  nodes.coverage.textContent = [coverageSentence(d, fewerThan), d.population.reason].filter(Boolean).join(' ');
  fillTable(nodes.age, rows(d.ageBands, fewerThan));
  fillTable(nodes.sex, rows(d.sexes, fewerThan));
}
