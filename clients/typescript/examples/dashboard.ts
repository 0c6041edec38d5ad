// What a dashboard does: the latest release, then dance in Leeds with its breakdown per group.
// Run: PARTICIPATION_API_URL=http://127.0.0.1:3000 npx tsx examples/dashboard.ts
import { createParticipationClient } from '../src/index.js';

const api = createParticipationClient(process.env.PARTICIPATION_API_URL ?? 'http://127.0.0.1:3000');
const area = process.env.AREA ?? 'E08000035';
const activity = process.env.ACTIVITY ?? 'dance';

const release = await api.GET('/v1/releases/latest');
if (release.error) throw new Error(`No release: ${release.error.detail}`);
console.log(`release ${release.data.id}, published ${release.data.publishedAt}`);

const summary = await api.GET('/v1/statistics/summary', { params: { query: { area, activity, release: release.data.id } } });
if (summary.error) throw new Error(summary.error.detail);
// The route answers JSON or CSV (the documented union); without `Accept: text/csv` it is JSON.
if (typeof summary.data === 'string') throw new Error('expected JSON');
const { total, breakdown, period } = summary.data;
const count = (c: { value: number | null }) => (c.value === null ? 'suppressed' : String(c.value));
console.log(
  `${summary.data.area.name}, ${summary.data.activity?.label ?? 'all activities'}, ${period}: ${count(total.participants)} participants`,
);
for (const row of breakdown) console.log(`  ${row.label}: ${count(row.participants)}`);
