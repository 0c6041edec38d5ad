// The community page: find a group or an area, choose what to show, copy a citable sentence.
// Everything comes from the public API; nothing here computes a figure of its own.
import { getJson, getJsonOnce } from './api.js';
import { byId, el, fillSelect, setStatus } from './dom.js';
import { areaTypeLabel, periodLabel, sortPeriodsNewestFirst } from './format.js';
import { citationText, renderResult } from './result.js';
import { showReleaseInfo } from './release-info.js';

const ALL_ACTIVITIES = { value: '', label: 'All activities' };
const select = { area: byId('area-select'), activity: byId('activity-select'), period: byId('period-select') };

/** What was picked: a group (with its contribution, which lists every choice) or an area. */
const state = { organisation: null, contribution: null, releaseId: undefined, citation: '' };
// Answers can arrive out of order when choices change quickly; only the newest request is shown.
let latestLoad = 0;

const unique = (items, key) => items.filter((item, i) => items.findIndex((other) => key(other) === key(item)) === i);
const areaOption = (area) => ({ value: area.code, label: `${area.name} (${areaTypeLabel(area.type)})` });
const periodOptions = (periods) => sortPeriodsNewestFirst(unique(periods, (p) => p)).map((p) => ({ value: p, label: periodLabel(p) }));

function resultList(title, list, describe, pick) {
  if (list.data.length === 0) return [];
  const more =
    list.page.total > list.data.length
      ? el('p', {
          className: 'hint',
          textContent: `Showing ${list.data.length} of ${list.page.total}: type more of the name to narrow the list.`,
        })
      : null;
  const buttons = list.data.map((item) =>
    el('li', {}, el('button', { type: 'button', className: 'pick', textContent: describe(item), onclick: () => pick(item) })),
  );
  return [el('h3', { textContent: title }), el('ul', { className: 'picks' }, ...buttons), more].filter(Boolean);
}

async function search(event) {
  event.preventDefault();
  const results = byId('search-results');
  const q = byId('search-input').value.trim();
  if (q.length < 2) return results.replaceChildren(el('p', { className: 'status', textContent: 'Type at least two letters of a name.' }));
  results.replaceChildren(el('p', { className: 'status', textContent: 'Searching…' }));
  try {
    const [organisations, areas] = await Promise.all([
      getJson('/v1/organisations', { q, limit: 10 }),
      getJson('/v1/areas', { q, limit: 10 }),
    ]);
    const found = [
      ...resultList('Groups', organisations, (o) => `${o.name}${o.homeArea ? `, based in ${o.homeArea.name}` : ''}`, pickOrganisation),
      ...resultList('Areas', areas, (a) => `${a.name} (${areaTypeLabel(a.type)})`, pickArea),
    ];
    results.replaceChildren(
      ...(found.length ? found : [el('p', { className: 'status', textContent: `No named group or area matches "${q}".` })]),
    );
  } catch (error) {
    results.replaceChildren(el('p', { className: 'status', dataset: { kind: 'error' }, textContent: error.message }));
  }
}

function startChoosing(what) {
  byId('choose').hidden = false;
  byId('result').hidden = true;
  byId('chosen').textContent = what;
  setStatus(byId('choose-status'), 'Loading…');
  for (const s of Object.values(select)) s.replaceChildren();
  byId('choose-heading').focus();
}

async function pickOrganisation(organisation) {
  Object.assign(state, { organisation, contribution: null, releaseId: undefined });
  startChoosing(`Group: ${organisation.name}`);
  try {
    state.contribution = await getJson(`/v1/organisations/${encodeURIComponent(organisation.id)}/contribution`);
  } catch (error) {
    return setStatus(byId('choose-status'), error.message, 'error');
  }
  state.releaseId = state.contribution.release.id;
  setStatus(byId('choose-status'), '');
  const areas = unique(
    state.contribution.data.map((r) => r.area),
    (a) => a.code,
  );
  fillSelect(select.area, areas.map(areaOption), areas[0].code);
  organisationAreaChanged();
}

/** A group's choices all come from its contribution: areas, then the activities there, then their periods. */
function organisationAreaChanged() {
  const rows = state.contribution.data.filter((r) => r.area.code === select.area.value);
  const activities = unique(
    rows.map((r) => (r.activity ? { value: r.activity.id, label: r.activity.label } : ALL_ACTIVITIES)),
    (a) => a.value,
  );
  fillSelect(select.activity, activities, activities[0].value);
  organisationActivityChanged();
}

function organisationActivityChanged() {
  const rows = state.contribution.data.filter((r) => r.area.code === select.area.value && (r.activity?.id ?? '') === select.activity.value);
  const periods = periodOptions(rows.map((r) => r.period));
  fillSelect(select.period, periods, periods[0].value);
  loadResult();
}

async function pickArea(area) {
  Object.assign(state, { organisation: null, contribution: null, releaseId: undefined });
  startChoosing(`Area: ${area.name}`);
  try {
    const detail = await getJsonOnce(`/v1/areas/${area.code}`);
    fillSelect(select.area, [area, ...detail.ancestors].map(areaOption), area.code);
    await areaChanged();
  } catch (error) {
    setStatus(byId('choose-status'), error.message, 'error');
  }
}

/** An area's activities with figures: the top-level ones and those directly beneath them. */
async function areaChanged() {
  const top = await getJson('/v1/statistics/activities', { area: select.area.value, release: state.releaseId });
  state.releaseId = top.release.id;
  const beneath = await Promise.all(
    top.data.map((row) =>
      getJson('/v1/statistics/activities', {
        area: select.area.value,
        parent: row.activity.id,
        period: top.period,
        release: state.releaseId,
      }).then((answer) => answer.data),
    ),
  );
  const options = top.data.flatMap((row, i) => [
    { value: row.activity.id, label: row.activity.label },
    ...beneath[i].map((child) => ({ value: child.activity.id, label: `${row.activity.label}: ${child.activity.label}` })),
  ]);
  fillSelect(
    select.activity,
    unique([ALL_ACTIVITIES, ...options], (o) => o.value),
    ALL_ACTIVITIES.value,
  );
  await areaActivityChanged();
}

async function areaActivityChanged() {
  const series = await getJson('/v1/statistics/series', {
    area: select.area.value,
    activity: select.activity.value,
    release: state.releaseId,
  });
  const periods = periodOptions(series.data.map((r) => r.period));
  fillSelect(select.period, periods, periods[0].value);
  setStatus(byId('choose-status'), '');
  await loadResult();
}

function contributionRow(summary) {
  return state.contribution?.data.find(
    (r) => r.area.code === summary.area.code && (r.activity?.id ?? null) === (summary.activity?.id ?? null) && r.period === summary.period,
  );
}

async function loadResult() {
  const load = ++latestLoad;
  const status = byId('result-status');
  byId('result').hidden = false;
  setStatus(status, 'Loading the figures…');
  try {
    const query = { area: select.area.value, activity: select.activity.value, period: select.period.value, release: state.releaseId };
    const [summary, benchmarks] = await Promise.all([
      getJson('/v1/statistics/summary', query),
      getJsonOnce(`/v1/areas/${select.area.value}/benchmarks`, { latest: true }).catch(() => null),
    ]);
    const release = await getJsonOnce(`/v1/releases/${summary.release.id}`);
    if (load !== latestLoad) return;
    const view = {
      organisation: state.organisation,
      contribution: contributionRow(summary),
      benchmarks,
      fewerThan: release.policy.suppressUpTo + 1,
    };
    renderResult(summary, view);
    state.citation = citationText(summary, view);
    byId('copy-status').textContent = '';
    byId('result-body').hidden = false;
    setStatus(status, '');
  } catch (error) {
    if (load !== latestLoad) return;
    byId('result-body').hidden = true;
    setStatus(status, error.message, 'error');
  }
}

/** The clipboard API needs a secure context and permission; the selection fallback works without either. */
async function copyToClipboard(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el('textarea', { value: text, readOnly: true, className: 'offscreen' });
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

async function copyCitation() {
  const status = byId('copy-status');
  const copied = await copyToClipboard(state.citation);
  status.textContent = copied
    ? 'Copied. Paste it into your bid.'
    : 'Your browser did not allow copying: select the sentence above and copy it.';
  status.dataset.kind = copied ? 'success' : 'error';
  if (!copied) window.getSelection()?.selectAllChildren(byId('citation'));
}

const guarded = (step) => () => Promise.resolve(step()).catch((error) => setStatus(byId('choose-status'), error.message, 'error'));

byId('search-form').addEventListener('submit', search);
select.area.addEventListener(
  'change',
  guarded(() => (state.contribution ? organisationAreaChanged() : areaChanged())),
);
select.activity.addEventListener(
  'change',
  guarded(() => (state.contribution ? organisationActivityChanged() : areaActivityChanged())),
);
select.period.addEventListener('change', guarded(loadResult));
byId('copy-button').addEventListener('click', copyCitation);
void showReleaseInfo(byId('release-info'));
