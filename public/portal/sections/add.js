// Add figures: one period and several rows, each an activity, an area and what happened there.
// Activities are searched by name (the group's recent ones first), areas by name (the wards of
// the group's home district first). Nothing is stored until every row is right.
import { getJson, getJsonOnce } from '/api.js';
import { el } from '/dom.js';
import { periodLabel } from '/format.js';
import { readPeriod } from '/period-rules.js';
import { showProblem } from '/portal/problem.js';
import { activityLabels } from '/portal/sections/names.js';

const MEASURES = [
  [
    'participants',
    'Participants',
    'Different people who took part at least once in the period. Someone who came every week counts once.',
    true,
  ],
  ['attendances', 'Attendances (optional)', 'Visits: every time someone came. Ten people who came four times each make 40.', false],
  ['sessions', 'Sessions (optional)', 'How many times the activity ran in the period: classes, runs, meetings.', false],
  ['volunteers', 'Volunteers (optional)', 'Different people who gave their time to run it, counted once each.', false],
];

// Who took part (optional): the API's age bands and sexes, in plain words.
const AGE_GROUPS = [
  ['not-recorded', 'Not recorded'],
  ['0-14', 'Under 15'],
  ['15-24', '15 to 24'],
  ['25-34', '25 to 34'],
  ['35-44', '35 to 44'],
  ['45-54', '45 to 54'],
  ['55-64', '55 to 64'],
  ['65-74', '65 to 74'],
  ['75+', '75 and over'],
];
const SEXES = [
  ['not-recorded', 'Not recorded'],
  ['female', 'Female'],
  ['male', 'Male'],
];

let bandCount = 0;

const choice = (id, name, options) =>
  el('select', { id, name }, ...options.map(([value, label]) => el('option', { value, textContent: label })));

/** One line of the breakdown: an age group, a sex and how many of the participants. */
function bandLine() {
  bandCount += 1;
  const id = `add-band-${bandCount}`;
  const field = (label, control) => el('div', {}, el('label', { htmlFor: control.id, textContent: label }), control);
  return el(
    'div',
    { className: 'band-line row-grid' },
    field('Age group', choice(`${id}-age`, 'band-age', AGE_GROUPS)),
    field('Sex', choice(`${id}-sex`, 'band-sex', SEXES)),
    field(
      'How many people',
      el('input', { id: `${id}-count`, name: 'band-count', type: 'number', min: '0', max: '10000000', step: '1', inputMode: 'numeric' }),
    ),
  );
}

/** The optional "who took part" part of a row: closed until the person opens it. */
function whoTookPart(rowId) {
  const lines = el('div', { className: 'band-lines' }, bandLine());
  return el(
    'details',
    { className: 'who-took-part' },
    el('summary', { textContent: 'Who took part (optional)' }),
    el('p', {
      id: `${rowId}-bands-hint`,
      className: 'hint',
      textContent:
        'If you know, say how many of the participants were in each age group, and their sex, one line each. The lines must add up to Participants. Leave this empty if you do not know: it is not needed.',
    }),
    lines,
    el('button', {
      type: 'button',
      className: 'secondary',
      textContent: 'Add another line',
      onclick: () => lines.appendChild(bandLine()).querySelector('select').focus(),
    }),
  );
}

/**
 * A row as the figures the API takes: one plain figure, or (with a breakdown) one figure per line,
 * which the API adds up into one. The row's attendances, sessions and volunteers are totals: they
 * go with the first line, and the other lines carry the least the rules allow (the API keeps the
 * sums only), so the stored totals are the ones typed. Or, when the lines do not add up, why not.
 */
function rowFigures(figure, lines, number) {
  if (lines.length === 0) return { figures: [figure] };
  const sum = lines.reduce((s, l) => s + l.participants, 0);
  if (figure.participants !== undefined && figure.participants !== sum)
    return {
      problem: `Row ${number}: the lines of "Who took part" add up to ${sum}, but Participants says ${figure.participants}. Make them equal (a line "Not recorded" can take the rest).`,
    };
  if (figure.attendances !== undefined && figure.attendances < sum)
    return { problem: `Row ${number}: Attendances (${figure.attendances}) must be at least the participants (${sum}).` };
  const rest = lines.slice(1);
  const others = rest.reduce((s, l) => s + l.participants, 0);
  return {
    figures: lines.map((line, i) => {
      const banded = { ...figure, ageBand: line.ageBand, sex: line.sex, participants: line.participants };
      if (figure.attendances !== undefined) banded.attendances = i === 0 ? figure.attendances - others : line.participants;
      for (const key of ['sessions', 'volunteers']) if (figure[key] !== undefined) banded[key] = i === 0 ? figure[key] : 0;
      return banded;
    }),
  };
}

/** Periods a group is likely to report: the last four financial and calendar years, recent quarters and months. */
function recentPeriods(today = new Date()) {
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth() + 1;
  const fy = month >= 4 ? year : year - 1;
  const ids = [];
  for (let i = 0; i < 4; i += 1) ids.push(`${fy - i}-${String((fy - i + 1) % 100).padStart(2, '0')}`);
  for (let i = 0; i < 4; i += 1) ids.push(`${year - i}`);
  for (let q = Math.ceil(month / 3), y = year, i = 0; i < 4; i += 1, q -= 1) {
    if (q === 0) ((q = 4), (y -= 1));
    ids.push(`${y}-Q${q}`);
  }
  for (let m = month, y = year, i = 0; i < 6; i += 1, m -= 1) {
    if (m === 0) ((m = 12), (y -= 1));
    ids.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return ids.filter((id) => readPeriod(id));
}

const areaValue = (area) => `${area.name} (${area.code})`;
const AREA_CODE = /\(([A-Z]\d{8})\)$/;

let rowCount = 0;

function measureField(rowId, [key, label, hint, required]) {
  const id = `${rowId}-${key}`;
  return el(
    'div',
    {},
    el('label', { htmlFor: id, textContent: label }),
    el('p', { id: `${id}-hint`, className: 'hint', textContent: hint }),
    el('input', { id, name: key, type: 'number', min: '0', max: '10000000', step: '1', inputMode: 'numeric', required }),
  );
}

export async function mount(root, ctx) {
  const organisationId = ctx.organisation.id;
  const activityNames = new Map(); // lower-case label -> id
  const activityList = el('datalist', { id: 'add-activity-options' });
  const areaList = el('datalist', { id: 'add-area-options' });

  const setActivities = (items) => {
    for (const a of items) activityNames.set(a.label.toLowerCase(), a.id);
    activityList.replaceChildren(...items.map((a) => el('option', { value: a.label })));
  };
  const setAreas = (items) => areaList.replaceChildren(...items.map((a) => el('option', { value: areaValue(a) })));

  // The group's recent activities first, then whatever the person searches for.
  const recent = await ctx.api(`/v1/organisations/${organisationId}/figures?limit=200`).then((r) => (r.ok ? r.json() : { data: [] }));
  const recentIds = [...new Set([...recent.data].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt)).map((f) => f.activity))].slice(
    0,
    10,
  );
  const labels = await activityLabels(recentIds);
  const recentActivities = recentIds.map((id) => ({ id, label: labels.get(id) }));
  setActivities(recentActivities);

  // The wards of the home district first (the district itself too).
  let homeAreas = [];
  if (ctx.organisation.homeArea) {
    const home = await getJsonOnce(`/v1/areas/${ctx.organisation.homeArea.code}`).catch(() => null);
    const district = home?.type === 'ward' ? home.ancestors.find((a) => a.type === 'lad') : home?.type === 'lad' ? home : null;
    if (district?.code) {
      const wards = await getJsonOnce(`/v1/areas/${district.code}/children`, { limit: 200 }).catch(() => ({ data: [] }));
      homeAreas = [{ code: district.code, name: district.name }, ...wards.data];
    }
  }
  setAreas(homeAreas);

  const search = (input, run) => {
    let timer;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      const q = input.value.trim();
      timer = setTimeout(() => (q.length >= 2 ? run(q) : null), 250);
    });
  };

  const rows = el('div', {});
  const addRow = () => {
    rowCount += 1;
    const rowId = `add-row-${rowCount}`;
    const number = rows.children.length + 1;
    const activity = el('input', { id: `${rowId}-activity`, name: 'activity', autocomplete: 'off', required: true, maxLength: 200 });
    activity.setAttribute('list', activityList.id);
    activity.setAttribute('aria-describedby', `${rowId}-activity-hint`);
    const area = el('input', { id: `${rowId}-area`, name: 'area', autocomplete: 'off', required: true, maxLength: 200 });
    area.setAttribute('list', areaList.id);
    area.setAttribute('aria-describedby', `${rowId}-area-hint`);
    search(activity, async (q) => {
      const found = await getJson('/v1/activities', { q, limit: 20 }).catch(() => ({ data: [] }));
      setActivities([...recentActivities.filter((a) => a.label.toLowerCase().includes(q.toLowerCase())), ...found.data]);
    });
    search(area, async (q) => {
      const found = await getJson('/v1/areas', { q, limit: 20 }).catch(() => ({ data: [] }));
      const local = homeAreas.filter((a) => a.name.toLowerCase().includes(q.toLowerCase()));
      setAreas([...local, ...found.data.filter((a) => !local.some((l) => l.code === a.code))]);
    });
    const fieldset = el(
      'fieldset',
      { className: 'figure-row' },
      el('legend', { textContent: `Row ${number}` }),
      el('label', { htmlFor: activity.id, textContent: 'Activity' }),
      el('p', {
        id: `${rowId}-activity-hint`,
        className: 'hint',
        textContent: 'Type part of its name, e.g. "ballet" or "parkrun", and pick it from the list.',
      }),
      activity,
      el('label', { htmlFor: area.id, textContent: 'Area' }),
      el('p', {
        id: `${rowId}-area-hint`,
        className: 'hint',
        textContent: 'The ward (or district) where it took place. Type part of its name and pick it.',
      }),
      area,
      el('div', { className: 'row-grid' }, ...MEASURES.map((m) => measureField(rowId, m))),
      whoTookPart(rowId),
    );
    for (const [key] of MEASURES) fieldset.querySelector(`#${rowId}-${key}`).setAttribute('aria-describedby', `${rowId}-${key}-hint`);
    rows.append(fieldset);
    return fieldset;
  };

  const period = el('select', { id: 'add-period', name: 'period', required: true });
  period.replaceChildren(...recentPeriods().map((id) => el('option', { value: id, textContent: periodLabel(id) })));
  const status = el('div', { className: 'status', role: 'status' });
  status.setAttribute('aria-live', 'polite');

  // What was typed, as ids: a name picked from a list is known already; one typed in full is
  // looked up (an activity by its exact name; an area by its exact name, the home district's first).
  const activityId = async (text) => {
    const known = activityNames.get(text.toLowerCase());
    if (known || text.length < 2) return known ?? text;
    const found = await getJson('/v1/activities', { q: text, limit: 50 }).catch(() => ({ data: [] }));
    return found.data.find((a) => a.label.toLowerCase() === text.toLowerCase())?.id ?? text;
  };
  const areaCode = async (text) => {
    const code = AREA_CODE.exec(text)?.[1];
    if (code || text.length < 2) return code ?? text;
    const same = (a) => a.name.toLowerCase() === text.toLowerCase();
    const local = homeAreas.find(same);
    if (local) return local.code;
    const found = await getJson('/v1/areas', { q: text, limit: 50 }).catch(() => ({ data: [] }));
    const matches = found.data.filter(same);
    return matches.length === 1 ? matches[0].code : text;
  };

  const readRows = () =>
    Promise.all(
      [...rows.querySelectorAll('fieldset')].map(async (fieldset, i) => {
        const value = (name) => fieldset.querySelector(`[name="${name}"]`).value.trim();
        const figure = { activity: await activityId(value('activity')), area: await areaCode(value('area')), period: period.value };
        for (const [key] of MEASURES) if (value(key) !== '') figure[key] = Number(value(key));
        const lines = [...fieldset.querySelectorAll('.band-line')]
          .map((line) => ({
            ageBand: line.querySelector('[name="band-age"]').value,
            sex: line.querySelector('[name="band-sex"]').value,
            count: line.querySelector('[name="band-count"]').value.trim(),
          }))
          .filter((line) => line.count !== '')
          .map(({ count, ...band }) => ({ ...band, participants: Number(count) }));
        return rowFigures(figure, lines, i + 1);
      }),
    );

  const submit = async (event) => {
    event.preventDefault();
    status.textContent = 'Saving…';
    status.dataset.kind = 'info';
    const read = await readRows();
    const problems = read.filter((r) => r.problem).map((r) => r.problem);
    if (problems.length > 0) {
      status.dataset.kind = 'error';
      status.textContent = `Nothing was saved. ${problems.join(' ')}`;
      return;
    }
    const figures = read.flatMap((r) => r.figures);
    const response = await ctx.api(`/v1/organisations/${organisationId}/figures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ figures }),
    });
    if (!response.ok) return showProblem(status, response);
    const saved = read.length;
    status.dataset.kind = 'success';
    status.textContent = `Saved ${saved} ${saved === 1 ? 'figure' : 'figures'} for ${periodLabel(period.value)}. They will be in the next release.`;
    rows.replaceChildren();
    addRow();
  };

  const form = el(
    'form',
    { id: 'add-form', noValidate: true, onsubmit: submit },
    el('label', { htmlFor: period.id, textContent: 'Period' }),
    el('p', {
      className: 'hint',
      id: 'add-period-hint',
      textContent: 'The time the figures cover: a year (April to March for a financial year), a quarter or a month.',
    }),
    period,
    rows,
    el(
      'div',
      { className: 'actions' },
      el('button', {
        type: 'button',
        className: 'secondary',
        textContent: 'Add another row',
        onclick: () => addRow().querySelector('input').focus(),
      }),
      el('button', { type: 'submit', textContent: 'Save these figures' }),
    ),
    status,
    activityList,
    areaList,
  );
  period.setAttribute('aria-describedby', 'add-period-hint');
  addRow();
  root.append(
    el('h2', { textContent: 'Add figures' }),
    el('p', {
      textContent: `Figures for ${ctx.organisation.name}. Giving a figure again for the same activity, area and period corrects it.`,
    }),
    form,
  );
}
