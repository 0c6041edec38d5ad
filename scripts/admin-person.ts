// Invites the first admin person: `npm run admin:person -- --email sam@example.org [--name "Sam"]`.
// Migrates first, so it works on an empty database. Prints a one-time link (valid 14 days) alone on
// the last line of stdout; opening it lets that email choose a display name and password and sign
// in as an admin. For an existing person's email it is also how an admin's password is mended.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { DataDirLockedError } from '../src/db/data-dir-lock.js';
import { SYSTEM_ACTOR } from '../src/domain/actor.js';
import { Email } from '../src/modules/people/people.schemas.js';
import { createInvitation } from '../src/modules/people/people.service.js';
import { prepareDatabase } from '../src/startup/prepare-database.js';

class UsageError extends Error {}

function readArguments() {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true });
  const email = Email.safeParse(values.email);
  if (!email.success) throw new UsageError('Give the admin\'s email: npm run admin:person -- --email sam@example.org --name "Sam"');
  return { email: email.data, name: values.name };
}

async function main() {
  const { email, name } = readArguments();
  const config = loadConfig();
  const log = pino({ level: config.logLevel }, pino.destination(2));
  const database = await openDatabase(config);
  try {
    await prepareDatabase(database, log);
    const { row, url } = await createInvitation(database.db, { organisationId: null, email, makesAdmin: true }, SYSTEM_ACTOR, {
      publicUrl: config.publicUrl,
      send: undefined,
    });
    const who = name ? `${name} <${email}>` : email;
    process.stdout.write(
      `Admin invitation ${row.id} for ${who}, valid until ${row.expiresAt.toISOString()} (works once; only its hash is stored):\n${url}\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    process.stderr.write(
      `${error.message}\nThe embedded database allows one process at a time: stop the API, run this again, then start the API.\n`,
    );
  } else if (error instanceof ConfigError || error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${error.message}\nUsage: npm run admin:person -- --email sam@example.org --name "Sam"\n`);
  } else {
    process.stderr.write(`Could not invite an admin: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
