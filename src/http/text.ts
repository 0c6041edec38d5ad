import { z } from 'zod';

/** A user's search text as an ILIKE pattern that matches it literally anywhere in the value. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// PostgreSQL text cannot hold NUL, and no name contains control characters.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// Longer text (definitions, notes) may break lines and use tabs, but nothing else.
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A name or label a person types: one line, trimmed, bounded. */
export const singleLineText = (max: number) =>
  z.string().trim().min(1).max(max).refine((s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters');

/** Free text that may run over several lines, trimmed and bounded. */
export const multiLineText = (max: number) =>
  z.string().trim().max(max).refine((s) => !CONTROL_EXCEPT_LINES.test(s), 'must not contain control characters other than tabs and line breaks');

/** Free-text search parameter shared by every list. */
export const SearchText = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((q) => !CONTROL_CHARACTERS.test(q), 'must not contain control characters');
