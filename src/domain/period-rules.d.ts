// Types of period-rules.js, which stays plain JavaScript so that the page can load it unchanged.
export type PeriodKind = 'year' | 'financial-year' | 'quarter' | 'month';
export type Period = { id: string; kind: PeriodKind; start: string; end: string };

export const MIN_PERIOD_YEAR: number;
export const MAX_PERIOD_YEAR: number;
export const PERIOD_PATTERN: RegExp;
export const PERIOD_KIND_LABELS: Readonly<Record<PeriodKind, string>>;
export function readPeriod(id: string): Period | undefined;
export function compareNewestFirst(a: string, b: string): number;
