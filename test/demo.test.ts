import t from 'tap';
import { generateDemoData } from '../src/demo/demo.generator.js';
import { loadDemoIfEmpty } from '../src/demo/demo.service.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { json, forEachDatabase } from './helpers/app.js';

const wards = [
  { code: 'E05011385', name: 'Armley' },
  { code: 'E05011387', name: 'Bramley & Stanningley' },
];
const districts = [{ code: 'E08000035', name: 'Leeds' }];

t.test('the generator is deterministic, labelled demo, and exercises disclosure control', async (t) => {
  const first = generateDemoData({ seed: 1, wards, districts, organisationsPerWard: 6 });
  t.same(generateDemoData({ seed: 1, wards, districts, organisationsPerWard: 6 }), first, 'same seed, same data');
  t.notSame(generateDemoData({ seed: 2, wards, districts, organisationsPerWard: 6 }), first, 'another seed, other data');
  t.ok(
    first.every((o) => o.id.startsWith('demo-') && o.name.endsWith('(demo)')),
    'every organisation says it is demo',
  );
  const figures = first.flatMap((o) => o.figures);
  t.ok(
    figures.some((f) => f.participants! >= 1 && f.participants! <= 7),
    'small counts',
  );
  t.ok(
    first.some((o) => !o.named),
    'unnamed groups',
  );
  t.ok(
    figures.some((f) => f.area === 'E08000035'),
    'figures for a whole district',
  );
  t.ok(new Set(figures.map((f) => f.period)).size >= 3, 'several periods');
});

forEachDatabase(async (t, { app, database }) => {
  t.test('an empty database gets the demo and release 1; a second start leaves it alone', async (t) => {
    const release = await loadDemoIfEmpty(database.db, DEFAULT_POLICY);
    t.equal(release?.id, 1);
    t.equal(release?.isDemo, true);
    t.equal(await loadDemoIfEmpty(database.db, DEFAULT_POLICY), undefined);
    const summary = json(
      await app.inject({ method: 'GET', url: '/v1/statistics/summary?area=E08000035&activity=dance&period=2025-26' }),
      Summary,
    );
    t.equal(summary.demo, true);
    t.match(summary.notes.join(' '), /DEMONSTRATION DATA/);
    t.ok(summary.breakdown.length >= 2, 'a real breakdown to look at');
    t.ok(summary.breakdown.some((b) => b.organisation?.id === 'demo-armley-ballet-club'));
  });
});
