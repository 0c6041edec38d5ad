// Times one full-size figures batch through HTTP (JSON and CSV): `npm run bench:submit`.
// It writes an organisation "bench-<time>" and its figures, so point it at a throwaway database
// (DATA_DIR=/tmp/x or DATABASE_URL=...).
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { listAreas } from '../src/modules/areas/areas.queries.js';
import { issueKey } from '../src/modules/keys/keys.service.js';

const config = loadConfig();
const database = await openDatabase(config);
try {
  await prepareDatabase(database, pino({ level: 'warn' }, pino.destination(2)));
  const app = await buildApp({ config, database });
  const admin = (await issueKey(database.db, { kind: 'admin', label: 'bench' }, { apiKeyId: null, requestId: null })).key;
  const id = `bench-${Date.now()}`;
  const headers = { authorization: `Bearer ${admin}` };
  await app.inject({ method: 'POST', url: '/v1/organisations', headers, payload: { id, name: 'Bench', named: false } });
  const wards = (await listAreas(database.db, { type: 'ward', parent: 'E08000035' }, { limit: 100, offset: 0 })).rows.map((a) => a.code);
  const months = Array.from({ length: 132 }, (_, i) => `${2015 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  const unique = ['running', 'ballet', 'dance', 'advice']
    .flatMap((activity) => wards.flatMap((area) => months.map((period) => ({ activity, area, period, participants: period.length }))))
    .slice(0, config.maxBatchFigures);
  const csv = `activity,area,period,participants\n${unique.map((f) => `${f.activity},${f.area},${f.period},${f.participants + 1}`).join('\n')}\n`;
  for (const [label, payload, type] of [['json', JSON.stringify({ figures: unique }), 'application/json'], ['csv (revisions)', csv, 'text/csv']] as const) {
    const started = performance.now();
    const res = await app.inject({ method: 'POST', url: `/v1/organisations/${id}/figures`, headers: { ...headers, 'content-type': type }, payload });
    process.stdout.write(`${database.kind} ${label}: ${unique.length} figures, ${payload.length} bytes -> ${res.statusCode} in ${Math.round(performance.now() - started)} ms\n`);
  }
  await app.close();
} finally {
  await database.close();
}
