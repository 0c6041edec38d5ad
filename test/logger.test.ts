import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { pino } from 'pino';
import t from 'tap';
import { loggerOptions } from '../src/logger.js';

t.test('never writes the figures of a failed query to the log, only which query failed and why', async (t) => {
  let logged = '';
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      logged += String(chunk);
      done();
    },
  });
  const logger = pino({ ...loggerOptions({ logLevel: 'info' }), transport: undefined }, sink);
  const cause = new Error('null value in column "figure_id" of relation "figure_revisions"');
  const failed = new DrizzleQueryError(
    'insert into figure_revisions select ... from jsonb_to_recordset($1)',
    ['[{"participants":4321}]'],
    cause,
  );
  t.match(failed.message, /4321/, 'the error itself carries the figures');
  logger.error({ err: failed }, 'unhandled error');
  t.notMatch(logged, /4321/);
  t.match(logged, /insert into figure_revisions/, 'the query is still named');
  t.match(logged, /params: \[redacted\]/);
  t.match(logged, /figure_revisions/, 'and so is the cause');
});
