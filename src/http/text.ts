import { z } from 'zod';

/** A user's search text as an ILIKE pattern that matches it literally anywhere in the value. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// PostgreSQL text cannot hold NUL, and no name contains control characters.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Free-text search parameter shared by every list. */
export const SearchText = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((q) => !CONTROL_CHARACTERS.test(q), 'must not contain control characters');
