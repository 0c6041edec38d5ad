import ExcelJS from 'exceljs';
import { AGE_BANDS, NOT_RECORDED, SEXES } from '../../domain/demographics.js';
import { compareNewestFirst, readPeriod } from '../../domain/period-rules.js';
import { MAX_COUNT } from './figures.schemas.js';
import { activityChoices, areaChoice, type NameLists } from './figures.names.js';
import type { ActivityName } from '../activities/activities.service.js';
import { FIGURES_SHEET } from './figures.xlsx.js';

export type TemplateInput = {
  organisation: { id: string; name: string };
  names: NameLists;
  usualActivities: ActivityName[];
  today: Date;
  maxFigures: number;
};

/** Rows of the Figures sheet that get the drop-down lists; anything can still be typed below them. */
export const TEMPLATE_ROWS = 1000;
const LISTS_SHEET = 'Lists';

const HEADINGS = [
  {
    field: 'activity',
    heading: 'Activity',
    width: 32,
    meaning:
      'What the people did. Choose from the list (your usual activities), or type any activity of the Activity List by its name or id.',
  },
  {
    field: 'area',
    heading: 'Area',
    width: 36,
    meaning:
      'Where it took place: a ward, or the whole district if you cannot say which ward. Choose from the list, or type an ONS area code such as E05011385.',
  },
  {
    field: 'period',
    heading: 'Period',
    width: 12,
    meaning:
      'When: a year (2025), a financial year April to March (2025-26), a quarter (2025-Q3) or a month (2025-09). Choose from the list or type it; it must have started.',
  },
  {
    field: 'participants',
    heading: 'Participants',
    width: 14,
    meaning:
      'Required. Participants: different people who took part at least once in the period. Count each person once, however often they came.',
  },
  {
    field: 'attendances',
    heading: 'Attendances',
    width: 14,
    meaning:
      'Optional. Attendances: visits in total, counting a person again each time they came. At least the number of participants. Leave empty if you do not know.',
  },
  {
    field: 'sessions',
    heading: 'Sessions',
    width: 12,
    meaning: 'Optional. Sessions: how many sessions, classes or events you ran in the period. Leave empty if you do not know.',
  },
  {
    field: 'volunteers',
    heading: 'Volunteers',
    width: 12,
    meaning: 'Optional. Volunteers: different people who gave their time to run it. Leave empty if you do not know.',
  },
  {
    field: 'ageBand',
    heading: 'Age band',
    width: 14,
    meaning: `Optional: who took part. Leave empty for a plain total. To say how old the participants were, give the same activity, area and period on several rows, one for each age band (and sex), each with the participants of that band: they are added up into one figure. Choose from the list: ${AGE_BANDS.join(', ')} (years of age), or ${NOT_RECORDED} when you do not know.`,
  },
  {
    field: 'sex',
    heading: 'Sex',
    width: 14,
    meaning: `Optional: who took part, by sex as the official population estimates count it. Choose from the list: ${SEXES.join(', ')}, or ${NOT_RECORDED}. A row with an age band and no sex (or a sex and no age band) counts the other as not recorded.`,
  },
];

/** Periods a group is likely to report now: the last 12 months, 4 quarters, 2 years and 2 financial years that have started. */
export function recentPeriods(today: Date): string[] {
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth();
  const ids: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    const d = new Date(Date.UTC(year, month - i, 1));
    ids.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  for (let i = 0; i < 4; i += 1) {
    const q = Math.floor(month / 3) - i;
    const y = year + Math.floor(q / 4);
    ids.push(`${y}-Q${(((q % 4) + 4) % 4) + 1}`);
  }
  const financial = month >= 3 ? year : year - 1;
  for (let i = 0; i < 2; i += 1) ids.push(String(year - i), `${financial - i}-${String((financial - i + 1) % 100).padStart(2, '0')}`);
  const todayIso = today.toISOString().slice(0, 10);
  return ids
    .filter((id) => {
      const period = readPeriod(id);
      return period !== undefined && period.start <= todayIso;
    })
    .sort(compareNewestFirst);
}

function instructions(sheet: ExcelJS.Worksheet, input: TemplateInput) {
  sheet.columns = [{ width: 16 }, { width: 100 }];
  const line = (a: string, b = '') => {
    const row = sheet.addRow([a, b]);
    row.alignment = { wrapText: true, vertical: 'top' };
    return row;
  };
  line(`Figures for ${input.organisation.name}`).font = { bold: true, size: 14 };
  line(
    '',
    `Type one figure per row on the sheet "${FIGURES_SHEET}": what people did, where, when, and how many took part. Then upload this file on the portal, or send it to the API. Organisation id: ${input.organisation.id}.`,
  );
  line('');
  line('Column', 'What to write').font = { bold: true };
  for (const h of HEADINGS) line(h.heading, h.meaning);
  line('');
  line(
    'Periods',
    'Write periods as text: 2025 (a calendar year), 2025-26 (a financial year, April 2025 to March 2026), 2025-Q3 (July to September 2025) or 2025-09 (September 2025). If your spreadsheet program turns 2025-09 into a date, the upload will say so: type it again as text, or choose it from the list.',
  );
  line(
    'One row each',
    'Each activity, area and period once, or once per age band and sex when you say who took part. A figure you sent before, sent again, replaces the earlier one (the earlier one stays in your history).',
  );
  line(
    'Who took part',
    'Optional. For one activity, area and period, either one row with the Age band and Sex columns empty (a plain total), or several rows each with an age band and a sex, never both. Attendances, sessions and volunteers then go on every one of those rows or on none.',
  );
  line(
    'On upload',
    `Every row is checked first. If any row has a problem, nothing is stored, and you get a list of every problem with its row and column (for example "Row 7, Activity: 'balet' is not an activity we know. Did you mean 'ballet'?"). Fix them and upload again. When every row is right, all the figures are stored together, and you are told how many are new, revised, unchanged or withdrawn. At most ${input.maxFigures} rows at once.`,
  );
  line(
    'Please avoid',
    'Formulas (type the numbers themselves: formulas are not read), merged cells, and extra columns. Empty rows are skipped.',
  );
  line(
    'Published',
    'Your figures appear in the next release, with small counts hidden (for example "fewer than 8"), and your group named only if you agreed to it.',
  );
}

function lists(sheet: ExcelJS.Worksheet, columns: string[][]) {
  columns.forEach((values, c) => values.forEach((value, r) => (sheet.getCell(r + 1, c + 1).value = value)));
  return columns.map((values, c) =>
    values.length === 0 ? undefined : `${LISTS_SHEET}!$${String.fromCharCode(65 + c)}$1:$${String.fromCharCode(65 + c)}$${values.length}`,
  );
}

function choose(range: string | undefined, what: string): ExcelJS.DataValidation | undefined {
  if (!range) return undefined;
  // A warning, not a stop: any activity, area or period may be typed; the upload checks them all.
  return {
    type: 'list',
    allowBlank: true,
    formulae: [range],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: `Not in the list`,
    error: `This ${what} is not in the list. Keep it only if you are sure it is right.`,
  };
}

/** A drop-down that accepts only its own values: the age bands and sexes are a closed list. */
function only(range: string | undefined, what: string): ExcelJS.DataValidation | undefined {
  if (!range) return undefined;
  return {
    type: 'list',
    allowBlank: true,
    formulae: [range],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: `Choose from the list`,
    error: `Choose the ${what} from the list, or leave it empty.`,
  };
}

const wholeNumber: ExcelJS.DataValidation = {
  type: 'whole',
  operator: 'between',
  allowBlank: true,
  formulae: [0, MAX_COUNT],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: 'A whole number',
  error: `Type a whole number from 0 to ${MAX_COUNT}.`,
};

/**
 * The organisation's upload template: an Instructions sheet, a Figures sheet with the header row
 * and drop-down lists (periods, the group's usual activities, its district's areas) read from a
 * hidden Lists sheet. What the lists offer is exactly what the upload reads back.
 */
export async function writeTemplate(input: TemplateInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Participation API';
  workbook.created = input.today;
  instructions(workbook.addWorksheet('Instructions'), input);
  const figures = workbook.addWorksheet(FIGURES_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const hidden = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  const areas = [...input.names.districtAreas, ...(input.names.district ? [input.names.district] : [])];
  const [periods, activities, places, ageBands, sexes] = lists(hidden, [
    recentPeriods(input.today),
    activityChoices(input.names.activities, input.usualActivities),
    areas.map(areaChoice),
    [...AGE_BANDS, NOT_RECORDED],
    [...SEXES, NOT_RECORDED],
  ]);
  figures.columns = HEADINGS.map((h) => ({ header: h.heading, key: h.field, width: h.width }));
  figures.getRow(1).font = { bold: true };
  // Text columns stay text: typed into a General cell, 2025-09 would become a date.
  for (const c of [1, 2, 3, 8, 9]) figures.getColumn(c).numFmt = '@';
  const validations = [
    choose(activities, 'activity'),
    choose(places, 'area'),
    choose(periods, 'period'),
    wholeNumber,
    wholeNumber,
    wholeNumber,
    wholeNumber,
    only(ageBands, 'age band'),
    only(sexes, 'sex'),
  ];
  for (let r = 2; r <= TEMPLATE_ROWS + 1; r += 1) {
    validations.forEach((v, c) => {
      if (v) figures.getCell(r, c + 1).dataValidation = v;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
