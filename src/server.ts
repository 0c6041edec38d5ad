import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { loadDemoIfEmpty } from './demo/demo.service.js';
import { prepareDatabase } from './startup/prepare-database.js';
import { loggerOptions } from './logger.js';

const SHUTDOWN_GRACE_MS = 5_000;
const IDLE_SWEEP_MS = 100;

async function main() {
  const config = loadConfig();
  const log = pino(loggerOptions(config));
  const database = await openDatabase(config);
  log.info({ database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined }, 'database opened');
  await prepareDatabase(database, log);
  // Only the embedded database fills itself: a PostgreSQL deployment loads demo data on request.
  if (database.kind === 'pglite') {
    const demo = await loadDemoIfEmpty(database.db, config.disclosure);
    if (demo) log.info({ release: demo.id, figures: demo.counts.figures }, 'empty database: loaded demo data and published release 1');
  }

  const app = await buildApp({ config, database, logger: log });
  // On a signal or an error nothing caught, new connections are refused and requests on open ones
  // answered 503 while in-flight ones finish; a request stuck past its timeout must not keep the
  // process up forever, and a second signal or error exits at once.
  closeWithGrace(
    {
      delay: config.timeouts.requestMs + SHUTDOWN_GRACE_MS,
      logger: log,
      onTimeout: () => log.error('in-flight requests did not finish in time; exiting'),
    },
    async ({ signal, err }) => {
      if (err instanceof DataDirLockedError) {
        // Another process owns the data folder now: closing the database would write to it.
        log.fatal({ err }, err.message);
        process.exit(1);
      }
      if (err) log.error({ err }, 'uncaught error: shutting down');
      log.info({ signal }, 'shutting down: finishing in-flight requests');
      // Fastify closes idle keep-alive connections once, when closing starts; a connection whose
      // request finishes later would otherwise stay open until its keep-alive timeout.
      const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
        await database.close();
        log.info('stopped');
      }
    },
  );

  await app.listen({ port: config.port, host: config.host });
  log.info(`API documentation at ${config.publicUrl}/docs`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
