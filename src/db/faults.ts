// Errors that mean "the database is unreachable, restarting or too slow right now", as opposed to a
// bug in a query. They answer 503 with Retry-After; anything else stays a 500.

// SQLSTATE: 08 connection exceptions, 57P01-03 shutdown or restart, 57014 statement timeout,
// 53300 too many connections, 40P01 deadlock (retrying succeeds).
const UNAVAILABLE_SQLSTATES = /^(08\w{3}|57P0[1-3]|57014|53300|40P01)$/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
// node-postgres and PGlite report these without a code.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
  /^PGlite is closed/,
  /^Query read timeout/,
];

function describesUnavailable(error: { code?: unknown; message?: unknown }): boolean {
  if (typeof error.code === 'string' && (UNAVAILABLE_SQLSTATES.test(error.code) || UNAVAILABLE_NODE_CODES.has(error.code))) return true;
  return typeof error.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(error.message as string));
}

/** True when the error, or one it wraps (drizzle puts the driver's error in `cause`), is a database outage. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    if (describesUnavailable(current)) return true;
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    // An AggregateError (connect to ::1 and 127.0.0.1 both refused) carries its reasons in `errors`.
    if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e))) return true;
    current = cause;
  }
  return false;
}
