import type { Test } from 'tap';
import { Problem, PROBLEM_TYPES, type ProblemType } from '../../src/http/problem.js';
import { json } from './app.js';

type Response = { statusCode: number; headers: Record<string, unknown>; body: string };

/** Asserts a whole problem+json response: status, content type and every member of the body. */
export function assertProblem(
  t: Test,
  res: Response,
  type: ProblemType,
  instance: string,
  detail: string | RegExp,
  extensions: Record<string, unknown> = {},
) {
  const { status, title } = PROBLEM_TYPES[type];
  t.equal(res.statusCode, status, `answers ${status}`);
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  const body = json(res, Problem);
  if (detail instanceof RegExp) {
    t.match(body.detail, detail);
    detail = body.detail;
  }
  t.same(body, { type: `/problems/${type}`, title, status, detail, instance, requestId: res.headers['x-request-id'], ...extensions });
}
