// Spreadsheets name activities and areas the way people do ("Ballet", "Armley (E05011385)"); the API
// stores ids and codes. This turns the one into the other, and for a name it does not know, finds
// the nearest ones by edit distance so the person is told what they probably meant.
import { distance } from 'fastest-levenshtein';
import type { Db } from '../../db/client.js';
import { listActivityNames, type ActivityName } from '../activities/activities.service.js';
import { findArea, listAreas } from '../areas/areas.service.js';
import { findOrganisation } from '../organisations/organisations.service.js';
import type { BatchIssue } from './figures.validation.js';

export type NamedArea = { code: string; name: string };

/** The names a group's spreadsheet may use: every activity, and its home district with its wards. */
export type NameLists = { activities: ActivityName[]; district: NamedArea | null; districtAreas: NamedArea[] };

const MAX_SUGGESTIONS = 3;
const MAX_MATCHED_NAMES = 300;

/** Up to three names within a third of the typed text's length in edits (one at least), nearest first. */
function nearest<T>(typed: string, items: T[], names: (item: T) => string[], shown: (item: T) => string): string[] {
  const text = typed.trim().toLowerCase();
  const allowed = Math.max(1, Math.floor(text.length / 3));
  const scored = items.flatMap((item) => {
    const best = Math.min(...names(item).map((n) => distance(text, n.toLowerCase())));
    return best <= allowed ? [{ item, best }] : [];
  });
  scored.sort((a, b) => a.best - b.best || shown(a.item).localeCompare(shown(b.item)));
  return [...new Set(scored.map((s) => shown(s.item)))].slice(0, MAX_SUGGESTIONS);
}

/** "Armley (E05011385)": how the template lists an area, and what the upload reads back. */
export const areaChoice = (area: NamedArea) => `${area.name} (${area.code})`;
const AREA_CHOICE = /\(([A-Za-z][0-9]{8})\)\s*$/;

/** An activity by its label, unless two activities share it: then "Label (id)". */
export function activityChoices(all: ActivityName[], wanted: ActivityName[]): string[] {
  const labels = new Map<string, number>();
  for (const a of all) labels.set(a.label.toLowerCase(), (labels.get(a.label.toLowerCase()) ?? 0) + 1);
  return wanted.map((a) => (labels.get(a.label.toLowerCase()) === 1 ? a.label : `${a.label} (${a.id})`));
}

export async function loadNameLists(db: Db, organisationId: string): Promise<NameLists> {
  const [activities, organisation] = await Promise.all([listActivityNames(db), findOrganisation(db, organisationId)]);
  const home = organisation?.homeArea;
  if (!home) return { activities, district: null, districtAreas: [] };
  const districtCode = home.type === 'ward' ? (await findArea(db, home.code))?.parentCode : home.code;
  const district = districtCode ? await findArea(db, districtCode) : undefined;
  if (!district) return { activities, district: null, districtAreas: [] };
  const { rows } = await listAreas(db, { parent: district.code }, { limit: 1000, offset: 0 });
  const wards = rows.map((r) => ({ code: r.code, name: r.name })).sort((a, b) => a.name.localeCompare(b.name));
  return { activities, district: { code: district.code, name: district.name }, districtAreas: wards };
}

function activityId(value: string, ids: Set<string>, byLabel: Map<string, string | null>): string {
  const text = value.trim();
  if (ids.has(text)) return text;
  const inBrackets = /\(([a-z0-9_]+)\)\s*$/.exec(text)?.[1];
  if (inBrackets && ids.has(inBrackets)) return inBrackets;
  return byLabel.get(text.toLowerCase()) ?? text;
}

function areaCode(value: string, lists: NameLists): string {
  const text = value.trim();
  const inBrackets = AREA_CHOICE.exec(text)?.[1];
  if (inBrackets) return inBrackets.toUpperCase();
  const local = [...lists.districtAreas, ...(lists.district ? [lists.district] : [])].filter(
    (a) => a.name.toLowerCase() === text.toLowerCase(),
  );
  return local.length === 1 ? local[0]!.code : text;
}

/** Rewrites, in place, activity labels to ids and area names or "Name (CODE)" to codes; anything else is left for the checks. */
export function resolveNames(rows: unknown[], lists: NameLists) {
  const ids = new Set(lists.activities.map((a) => a.id));
  const byLabel = new Map<string, string | null>();
  for (const a of lists.activities) {
    const key = a.label.toLowerCase();
    byLabel.set(key, byLabel.has(key) ? null : a.id);
  }
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    const figure = row as Record<string, unknown>;
    if (typeof figure.activity === 'string') figure.activity = activityId(figure.activity, ids, byLabel);
    if (typeof figure.area === 'string') figure.area = areaCode(figure.area, lists);
  }
}

/**
 * Marks each issue about an activity or area the person typed and we do not know, with up to three
 * nearest names: labels of activities; names and codes of the home district's areas.
 */
export function suggestNames(issues: BatchIssue[], rows: unknown[], lists: NameLists) {
  const local = [...lists.districtAreas, ...(lists.district ? [lists.district] : [])];
  const activityNames = (a: ActivityName) => [a.id, a.label];
  // A file can misspell one name on thousands of rows: each distinct text is matched once, and
  // past a few hundred of them the rest are reported without suggestions.
  const found = new Map<string, string[]>();
  for (const issue of issues) {
    if (issue.field !== 'activity' && issue.field !== 'area') continue;
    const value = (rows[issue.index] as Record<string, unknown> | undefined)?.[issue.field];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const key = `${issue.field}\n${value}`;
    if (!found.has(key) && found.size < MAX_MATCHED_NAMES) {
      const near =
        issue.field === 'activity'
          ? nearest(value, lists.activities, activityNames, (a) => a.id)
          : nearest(value, local, (a) => [a.name, a.code, areaChoice(a)], areaChoice);
      found.set(key, near);
    }
    Object.assign(issue, { unknown: issue.field, suggestions: found.get(key) ?? [] });
  }
}
