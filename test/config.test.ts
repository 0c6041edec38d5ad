import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('uses documented defaults for an empty environment', async (t) => {
  t.same(loadConfig({}), {
    port: 3000, host: '127.0.0.1', databaseUrl: undefined, dataDir: './data', logLevel: 'info', publicUrl: 'http://127.0.0.1:3000',
    disclosure: { suppressUpTo: 7, roundTo: 5 },
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
