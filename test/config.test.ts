import { CELL_KEY_POLICY } from '../src/domain/perturbation.js';
import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('uses documented defaults for an empty environment', async (t) => {
  t.same(loadConfig({}), {
    port: 3000,
    host: '127.0.0.1',
    databaseUrl: undefined,
    databaseReadUrl: undefined,
    dataDir: './data',
    logLevel: 'info',
    publicUrl: 'http://127.0.0.1:3000',
    trustProxy: false,
    limits: { readsPerMinute: 600, writesPerMinute: 60, bodyLimitBytes: 1_048_576 },
    timeouts: { requestMs: 30_000, connectionMs: 75_000, keepAliveMs: 65_000 },
    pool: { max: 10, statementTimeoutMs: 10_000, connectionTimeoutMs: 3_000, idleInTransactionTimeoutMs: 30_000 },
    cache: { maxAgeSeconds: 60, versionTtlMs: 5_000, responseCacheMaxBytes: 64 * 1024 * 1024 },
    mail: { smtpUrl: undefined, from: '' },
    sessions: { idleMinutes: 480, maxHours: 168 },
    signIn: { attemptsPerAddress: 20, failuresPerAccount: 5, windowMs: 900_000 },
    maxBatchFigures: 10_000,
    maxBatchBytes: 8 * 1024 * 1024,
    disclosure: CELL_KEY_POLICY,
  });
});

t.test('publishes new releases by rounding when DISCLOSURE_METHOD says so', async (t) => {
  t.same(loadConfig({ DISCLOSURE_METHOD: 'round', DISCLOSURE_ROUND_TO: '10' }).disclosure, { suppressUpTo: 7, roundTo: 10 });
  t.throws(() => loadConfig({ DISCLOSURE_METHOD: 'noise' }), /DISCLOSURE_METHOD/);
});

t.test('trusts a proxy only when TRUST_PROXY says so', async (t) => {
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
  t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
  t.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy, '10.0.0.0/8,127.0.0.1');
  t.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
});

t.test('rejects a limit or timeout that is not a positive whole number', async (t) => {
  t.throws(() => loadConfig({ RATE_LIMIT_READ_PER_MINUTE: '0', DB_STATEMENT_TIMEOUT_MS: 'soon' }), {
    name: 'ConfigError',
    message: /RATE_LIMIT_READ_PER_MINUTE[\s\S]*DB_STATEMENT_TIMEOUT_MS/,
  });
});

t.test('treats blank variables as unset and trims a trailing slash from PUBLIC_URL', async (t) => {
  const config = loadConfig({ DATABASE_URL: '', PORT: '8080', PUBLIC_URL: 'https://api.example.org/' });
  t.equal(config.databaseUrl, undefined);
  t.equal(config.port, 8080);
  t.equal(config.publicUrl, 'https://api.example.org');
  t.ok(Object.isFrozen(config));
});

t.test('names every invalid variable in one error', async (t) => {
  let thrown: unknown;
  try {
    loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' });
  } catch (error) {
    thrown = error;
  }
  t.type(thrown, ConfigError);
  t.match((thrown as Error).message, /PORT[\s\S]*LOG_LEVEL/);
});

t.test('needs MAIL_FROM with SMTP_URL, and an smtp URL', async (t) => {
  t.throws(() => loadConfig({ SMTP_URL: 'smtp://mail.example.org:587' }), {
    name: 'ConfigError',
    message: /MAIL_FROM: invitation emails need a From address/,
  });
  t.throws(() => loadConfig({ SMTP_URL: 'https://mail.example.org', MAIL_FROM: 'a@example.org' }), {
    name: 'ConfigError',
    message: /SMTP_URL: must be an smtp/,
  });
  t.same(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465', MAIL_FROM: 'Participation <a@example.org>' }).mail, {
    smtpUrl: 'smtps://u:p@mail.example.org:465',
    from: 'Participation <a@example.org>',
  });
});
