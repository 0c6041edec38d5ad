import type { ProblemType } from '../../http/problem.js';

/** What each problem type means and what to do about it: the page its `type` URI resolves to. */
export const PROBLEM_EXPLAINED = {
  'bad-request': {
    means: 'The request could not be read: a malformed header, body or path.',
    todo: 'Check the request against the OpenAPI document at /openapi.json; `detail` says what could not be read.',
  },
  validation: {
    means:
      'One or more inputs are not valid. `errors` lists each one with a JSON pointer such as `/query/limit` or `/body/figures/3/period`.',
    todo: 'Correct each input named in `errors` and send the request again. An unknown query parameter is refused too, so check the spelling.',
  },
  unauthorized: {
    means: 'This operation needs an API key, and none was sent, or the key is unknown or revoked.',
    todo: 'Send `Authorization: Bearer <key>`. Reading public data needs no key; writing needs an organisation key or an admin key.',
  },
  forbidden: {
    means:
      'The key is valid but may not do this: an organisation key acts only for its own organisation, and admin operations need an admin key.',
    todo: 'Use the key of the organisation named in the path, or ask the data steward to do it.',
  },
  'not-found': {
    means:
      'There is nothing at this address: an unknown area code, activity, organisation or release, or an organisation that has not agreed to be named.',
    todo: 'Check the code or id; lists such as /v1/areas and /v1/releases show what exists.',
  },
  'no-figures': {
    means: 'The area, activity and period exist, but the release holds no figures for that combination.',
    todo: 'Try a larger area, a parent activity or another period; /v1/statistics/series shows the periods with figures.',
  },
  'method-not-allowed': {
    means: 'The address exists but does not take this HTTP method.',
    todo: 'Check the methods the OpenAPI document lists for the path.',
  },
  'not-acceptable': {
    means: 'The representation asked for in `Accept` is not one this endpoint gives.',
    todo: 'Ask for `application/json`, or `text/csv` where the endpoint offers CSV (or add `?format=csv`).',
  },
  'request-timeout': {
    means: 'The request headers or body did not arrive in time.',
    todo: 'Send the whole request promptly; on a slow connection, send smaller batches.',
  },
  conflict: {
    means: 'The request conflicts with what is stored: an id that is taken, or nothing to publish.',
    todo: '`detail` says which; choose another id, or change what you send.',
  },
  gone: {
    means: 'What the request refers to existed but can no longer be used: an invitation link already used, withdrawn or past its 14 days.',
    todo: 'Ask the steward (an admin) for a new invitation; a forgotten password is mended the same way.',
  },
  'payload-too-large': {
    means: 'The request body is larger than this endpoint accepts.',
    todo: 'Split a batch of figures into smaller batches (at most 10,000 figures each by default).',
  },
  'uri-too-long': {
    means: 'The address is longer than the server accepts.',
    todo: 'Shorten the query: fewer or shorter parameters.',
  },
  'unsupported-media-type': {
    means: 'The body is in a format this endpoint does not read.',
    todo: 'Send `Content-Type: application/json`, or `text/csv` (or an Excel .xlsx workbook) where the endpoint accepts it; save an old .xls or an .ods as .xlsx or CSV first.',
  },
  unprocessable: {
    means: 'The submission was understood but rejected; nothing from it was stored. `errors` lists every bad row.',
    todo: 'Correct every row listed in `errors` and send the whole batch again.',
  },
  'idempotency-key-reused': {
    means: 'The `Idempotency-Key` was used before with a different request body.',
    todo: 'Use a new key for a new batch; reuse a key only to retry exactly the same request.',
  },
  'rate-limited': {
    means: 'Too many requests from this client or key in the last minute.',
    todo: 'Wait for the number of seconds in `Retry-After`, then try again; use ETags and If-None-Match, which cost no quota when unchanged.',
  },
  'request-header-fields-too-large': {
    means: 'The request headers are larger than the server accepts.',
    todo: 'Send fewer or shorter headers (cookies, for instance).',
  },
  internal: {
    means: 'Something went wrong on the server; the request may not have been completed.',
    todo: 'Try again later. If it persists, report it quoting the `requestId`.',
  },
  'service-unavailable': {
    means: 'The database is unavailable or busy, or the server is shutting down.',
    todo: 'Try again after the number of seconds in `Retry-After`.',
  },
} as const satisfies Record<ProblemType, { means: string; todo: string }>;
