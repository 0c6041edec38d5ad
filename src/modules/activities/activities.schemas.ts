import { z } from 'zod';
import type { CsvColumn } from '../../http/csv.js';
import { multiLineText, SearchText, singleLineText } from '../../http/text.js';
import { Format, listOf, Pagination } from '../../http/responses.js';

export const ActivityId = z
  .string()
  .max(80)
  .regex(/^[a-z0-9][a-z0-9_]{0,79}$/, 'must be an activity id such as `ballet` or `walking_football`')
  .describe('OpenActive `notation` (e.g. `ballet`) or a local activity id')
  .meta({ examples: ['ballet', 'dance', 'running', 'walking_football', 'advice'] });

export const Activity = z
  .object({
    id: ActivityId,
    label: z.string().describe('Preferred label'),
    definition: z.string().nullable().describe('Definition from the source list; null where it gives none'),
    uri: z.string().nullable().describe('OpenActive concept URI; null for local activities'),
    source: z
      .enum(['openactive', 'local'])
      .describe("`openactive` (the OpenActive Activity List) or `local` (this service's community list)"),
    parents: z.array(ActivityId).describe('Ids of the broader activities; several are allowed, empty for a top concept'),
  })
  .meta({ id: 'Activity' });
export type Activity = z.infer<typeof Activity>;

export const ActivityDetail = Activity.extend({
  children: z.array(ActivityId).describe('Ids of the activities directly beneath this one'),
}).meta({ id: 'ActivityDetail' });

export const ActivityList = listOf(Activity, 'ActivityList');

export const ListActivitiesQuery = z.object({
  q: SearchText.optional().describe('Text in the label, an alternative label or the id'),
  parent: ActivityId.optional().describe('Only the activities directly beneath this one'),
  ...Pagination,
  format: Format,
});

export const CreateActivityBody = z
  .object({
    id: ActivityId,
    label: singleLineText(200, 'The label').describe('Preferred label'),
    definition: multiLineText(2000, 'The definition').pipe(z.string().min(1)).optional().describe('What counts as this activity'),
    parents: z
      .array(ActivityId)
      .max(10)
      .default([])
      .refine((list) => new Set(list).size === list.length, 'must not repeat a parent')
      .describe('Ids of existing broader activities (OpenActive or local); empty for a top concept'),
  })
  .strict()
  .meta({ id: 'CreateActivityBody' });
export type CreateActivityBody = z.infer<typeof CreateActivityBody>;

export const ActivityParams = z.object({ id: ActivityId });

export const ACTIVITY_CSV: CsvColumn<Activity>[] = [
  { header: 'id', value: (a) => a.id },
  { header: 'label', value: (a) => a.label },
  { header: 'source', value: (a) => a.source },
  { header: 'parents', value: (a) => a.parents.join(';') },
  { header: 'uri', value: (a) => a.uri },
  { header: 'definition', value: (a) => a.definition },
];
