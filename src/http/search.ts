/** A user's search text as an ILIKE pattern that matches it literally anywhere in the value. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
