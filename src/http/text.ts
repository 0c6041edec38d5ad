import { z } from 'zod';

/** A user's search text as an ILIKE pattern that matches it literally anywhere in the value. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// PostgreSQL text cannot hold NUL, and no name contains control characters.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// Longer text (definitions, notes) may break lines and use tabs, but nothing else.
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// Invisible marks, embeddings, overrides and isolates: with them "Club\u202Eniw" shows as "Clubwin",
// so one name can pass for another wherever it is displayed.
const DIRECTION_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// Half of a surrogate pair: JSON can carry one ("\ud800"), but UTF-8 cannot, so the database
// would silently store U+FFFD instead of what was sent.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Refuses text that would show as something other than what was typed; `what` names the field for a person, e.g. "The name". */
const shownAsTyped = (text: z.ZodString, what: string) =>
  text
    .refine(
      (s) => !LONE_SURROGATE.test(s),
      `${what} contains an invalid character, perhaps part of an emoji that was cut off. Please check it and send it again.`,
    )
    .refine((s) => !DIRECTION_CONTROLS.test(s), `${what} contains an invisible character that changes text direction. Please remove it.`);

/** A name or label a person types: one line, trimmed, bounded. */
export const singleLineText = (max: number, what = 'The text') =>
  shownAsTyped(z.string().trim().min(1).max(max), what).refine((s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters');

/** Free text that may run over several lines, trimmed and bounded. */
export const multiLineText = (max: number, what = 'The text') =>
  shownAsTyped(z.string().trim().max(max), what).refine(
    (s) => !CONTROL_EXCEPT_LINES.test(s),
    'must not contain control characters other than tabs and line breaks',
  );

/** Free-text search parameter shared by every list. */
export const SearchText = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((q) => !CONTROL_CHARACTERS.test(q), 'must not contain control characters');
