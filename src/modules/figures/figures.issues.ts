/** One problem with a batch: `index` is the 0-based position of the figure, -1 for the batch itself. */
export type BatchIssue = { index: number; field?: string; detail: string };
