import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { listExistingActivityIds } from '../activities/activities.service.js';
import { listExistingAreaCodes } from '../areas/areas.service.js';
import { bandOf, mergeBreakdowns, type CheckedRow } from './figures.bands.js';
import { figureKey, listCurrentKeys, type FigureValues } from './figures.queries.js';
import { FigureInput } from './figures.schemas.js';
import { parsePeriod, periodHasStarted } from '../../domain/period.js';

import type { BatchIssue } from './figures.issues.js';

export type { BatchIssue };

type Checked = { index: number; figure: FigureValues };

function zodIssues(index: number, error: z.ZodError): BatchIssue[] {
  return error.issues.flatMap((issue): BatchIssue[] => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ index, field: key, detail: 'is not a field of a figure' }));
    const field = issue.path[0] === undefined ? undefined : String(issue.path[0]);
    const detail = /received undefined$/.test(issue.message) ? 'is required' : issue.message;
    return [{ index, ...(field ? { field } : {}), detail }];
  });
}

/** The rules one row can be checked against on its own. */
function rowIssues(index: number, row: FigureInput, organisationId: string, today: Date): BatchIssue[] {
  const issues: BatchIssue[] = [];
  const add = (field: string, detail: string) => issues.push({ index, field, detail });
  const period = parsePeriod(row.period);
  if (!period) add('period', 'must be a period such as 2025, 2025-26, 2025-Q3 or 2025-09 (years from 2015)');
  else if (!periodHasStarted(period, today)) add('period', `has not started yet (it starts on ${period.start})`);
  if (row.organisation !== undefined && row.organisation !== organisationId)
    add('organisation', `must be ${organisationId}, the organisation in the path, or left out`);
  if (row.withdraw) {
    for (const field of ['participants', 'attendances', 'sessions', 'volunteers', 'ageBand', 'sex'] as const) {
      if (row[field] !== undefined && row[field] !== null) add(field, 'must be left out when withdraw is true');
    }
    return issues;
  }
  if (row.participants === undefined) add('participants', 'is required');
  else if (row.attendances != null && row.attendances < row.participants) add('attendances', 'must be at least participants');
  return issues;
}

const toValues = (row: FigureInput): FigureValues =>
  row.withdraw
    ? { activity: row.activity, area: row.area, period: row.period, participants: null, withdrawn: true }
    : {
        activity: row.activity,
        area: row.area,
        period: row.period,
        participants: row.participants!,
        attendances: row.attendances ?? null,
        sessions: row.sessions ?? null,
        volunteers: row.volunteers ?? null,
      };

/** The rules that need the database: areas and activities exist; a withdrawal has something to withdraw. */
async function referenceIssues(db: Db, organisationId: string, checked: Checked[]): Promise<BatchIssue[]> {
  const [areaCodes, activityIds] = await Promise.all([
    listExistingAreaCodes(db, [...new Set(checked.map((c) => c.figure.area))]),
    listExistingActivityIds(db, [...new Set(checked.map((c) => c.figure.activity))]),
  ]);
  const withdrawals = checked.filter((c) => c.figure.withdrawn);
  const current = await listCurrentKeys(
    db,
    organisationId,
    withdrawals.map((c) => c.figure),
  );
  return checked.flatMap(({ index, figure }): BatchIssue[] => [
    ...(areaCodes.has(figure.area)
      ? []
      : [{ index, field: 'area', detail: `there is no area with code ${figure.area}`, unknown: 'area' as const }]),
    ...(activityIds.has(figure.activity)
      ? []
      : [{ index, field: 'activity', detail: `there is no activity with id ${figure.activity}`, unknown: 'activity' as const }]),
    ...(figure.withdrawn && !current.has(figureKey(figure))
      ? [{ index, field: 'withdraw', detail: 'there is no current figure to withdraw' }]
      : []),
  ]);
}

/**
 * Checks every row of a batch against every rule and reports every problem, so one answer tells
 * the sender all that needs fixing. `rows` entries that are undefined were already reported.
 */
export async function checkBatch(db: Db, organisationId: string, rows: unknown[], today = new Date()) {
  const issues: BatchIssue[] = [];
  const checked: CheckedRow[] = [];
  rows.forEach((raw, index) => {
    if (raw === undefined) return;
    const parsed = FigureInput.safeParse(raw);
    if (!parsed.success) return void issues.push(...zodIssues(index, parsed.error));
    const own = rowIssues(index, parsed.data, organisationId, today);
    if (own.length > 0) issues.push(...own);
    else checked.push({ index, figure: toValues(parsed.data), band: bandOf(parsed.data) });
  });
  const merged = mergeBreakdowns(checked);
  issues.push(...merged.issues, ...(await referenceIssues(db, organisationId, merged.checked)));
  issues.sort((a, b) => a.index - b.index);
  return { figures: merged.checked.map((c) => c.figure), issues };
}
