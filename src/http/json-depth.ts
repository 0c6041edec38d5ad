import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problem.js';

/** Arrays and objects inside one another; a figures batch needs 3, so this leaves room without inviting abuse. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** The index of the quote that closes the string opened at `start`, or -1 when it never closes. */
function closingQuote(text: string, start: number): number {
  let end = start;
  for (;;) {
    end = text.indexOf('"', end + 1);
    if (end < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
  }
}

/**
 * Read on the text, before JSON.parse: parsing 8 MB of `[` takes seconds and hundreds of MB
 * before any check on the parsed value could refuse it. Brackets inside strings do not count.
 */
export function isNestedDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return false;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser with one that refuses deep nesting first, so that nothing that
 * walks a body recursively (serialising, hashing, validating) can overflow the stack.
 */
export function limitJsonDepth(app: FastifyInstance) {
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = app.initialConfig;
  const parseJson = app.getDefaultJsonParser(onProtoPoisoning, onConstructorPoisoning);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
    if (isNestedDeeperThan(body, MAX_JSON_DEPTH)) {
      done(
        new ProblemError(
          'bad-request',
          `The JSON body is nested too deeply: at most ${MAX_JSON_DEPTH} levels of arrays and objects are accepted.`,
        ),
        undefined,
      );
      return;
    }
    void parseJson(request, body, done);
  });
}
