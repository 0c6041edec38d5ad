/**
 * One problem with a batch: `index` is the 0-based position of the figure, -1 for the batch itself.
 * `unknown` marks an activity or area that does not exist, for which `suggestions` may be found.
 */
export type BatchIssue = { index: number; field?: string; detail: string; unknown?: 'activity' | 'area'; suggestions?: string[] };
