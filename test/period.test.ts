import t from 'tap';
import { comparePeriods, latestPeriod, parsePeriod, periodHasStarted } from '../src/domain/period.js';
import { compareNewestFirst, PERIOD_KIND_LABELS, readPeriod } from '../src/domain/period-rules.js';

t.test('parses the four period forms into their date ranges', async (t) => {
  t.same(parsePeriod('2025'), { id: '2025', kind: 'year', start: '2025-01-01', end: '2025-12-31' });
  t.same(parsePeriod('2025-26'), { id: '2025-26', kind: 'financial-year', start: '2025-04-01', end: '2026-03-31' });
  t.same(parsePeriod('2025-Q3'), { id: '2025-Q3', kind: 'quarter', start: '2025-07-01', end: '2025-09-30' });
  t.same(parsePeriod('2025-09'), { id: '2025-09', kind: 'month', start: '2025-09-01', end: '2025-09-30' });
  t.same(parsePeriod('2024-02')?.end, '2024-02-29');
  t.same(parsePeriod('2099-00'), { id: '2099-00', kind: 'financial-year', start: '2099-04-01', end: '2100-03-31' });
});

t.test('rejects malformed, out-of-range and non-consecutive periods', async (t) => {
  for (const bad of ['2025-13', '2025-00', '2025-27', '2025-Q5', '25', '2025-1', '2025/26', '2014', '2014-15', ' 2025', '2025-q3']) {
    t.equal(parsePeriod(bad), undefined, bad);
  }
});

t.test('says whether a period has started', async (t) => {
  const today = new Date('2025-10-15T12:00:00Z');
  t.ok(periodHasStarted(parsePeriod('2025-10')!, today));
  t.ok(periodHasStarted(parsePeriod('2025-26')!, today));
  t.notOk(periodHasStarted(parsePeriod('2025-11')!, today));
  t.notOk(periodHasStarted(parsePeriod('2026')!, today));
});

t.test('orders periods by start, shorter first', async (t) => {
  t.same(['2025-26', '2025', '2025-Q1', '2025-01', '2024-12'].sort(comparePeriods), ['2024-12', '2025-01', '2025-Q1', '2025', '2025-26']);
});

t.test('finds the latest period: the one that ends last, and of two ending together the longer', async (t) => {
  t.equal(latestPeriod(['2025-Q4', '2025', '2025-12', '2024-25']), '2025');
  t.equal(latestPeriod(['2026-Q1', '2025-26', '2026-03']), '2025-26');
  t.equal(latestPeriod([]), undefined);
  t.same(['2025-Q1', 'not-a-period', '2025-26', '2026-03'].sort(compareNewestFirst), ['2025-26', '2026-03', '2025-Q1', 'not-a-period']);
});

t.test('labels kinds of period the way the page shows them', async (t) => {
  t.same(
    ['2025', '2025-26', '2025-Q3', '2025-09'].map((id) => PERIOD_KIND_LABELS[readPeriod(id)!.kind]),
    ['calendar year', 'financial year', 'quarter', 'month'],
  );
});
