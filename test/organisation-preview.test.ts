import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { toCount } from '../src/domain/disclosure.js';
import { IssuedKey } from '../src/modules/keys/keys.schemas.js';
import { OrganisationPreview } from '../src/modules/releases/release-preview.schemas.js';
import { Release } from '../src/modules/releases/releases.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint } from './helpers/auth.js';
import { ARMLEY, LEEDS, loadFixture } from './fixtures/statistics-fixture.js';

const FIXTURE_ORGANISATIONS = [
  'armley-ballet',
  'armley-dance',
  'bramley-movers',
  'quiet-group',
  'leeds-dance-network',
  'ardsley-steps',
  'armley-swimmers',
  'armley-aquafit',
];

for (const method of ['round', 'cell-key']) {
  forEachDatabase(
    async (t, { app, database }) => {
      const db = database.db;
      const admin = await adminKey(db);
      await loadFixture(db);
      const issued = await app.inject({ method: 'POST', url: '/v1/organisations/armley-ballet/keys', headers: bearer(admin), payload: {} });
      const own = json(issued, IssuedKey).key;
      const preview = async (id: string, key = admin) => {
        const res = await app.inject({ url: `/v1/organisations/${id}/preview`, headers: bearer(key) });
        if (res.statusCode !== 200) throw new Error(`${id}: ${res.statusCode} ${res.body}`);
        return json(res, OrganisationPreview);
      };

      t.test('answers the organisation with its own key and an admin, refuses others, and stores nothing', async (t) => {
        const before = await fingerprint(db);
        const mine = await preview('armley-ballet', own);
        t.same(mine, await preview('armley-ballet'), 'the same answer to an admin');
        t.equal((await app.inject({ url: '/v1/organisations/armley-dance/preview', headers: bearer(own) })).statusCode, 403);
        t.equal((await app.inject({ url: '/v1/organisations/armley-ballet/preview' })).statusCode, 401);
        t.equal((await app.inject({ url: '/v1/organisations/nobody-here/preview', headers: bearer(admin) })).statusCode, 404);
        t.same(await fingerprint(db), before);
        const csv = await app.inject({ url: '/v1/organisations/armley-ballet/preview?format=csv', headers: bearer(own) });
        t.equal(csv.body.trim().split('\n').length, mine.data.length + 1, 'CSV: a header and a row per cell');
      });

      if (method === 'round') {
        t.test('says what release 1 would publish about each group, as worked by hand', async (t) => {
          const ballet = await preview('armley-ballet');
          const cell = (period: string, area: string, activity: string | null) =>
            ballet.data.find((c) => c.period === period && c.area.code === area && (c.activity?.id ?? null) === activity);
          // Leeds dance 2025-26: 12 → 10 of 70, 10/70 = 0.1429, rank 2 (tied with bramley-movers);
          // other: armley-dance 3 + quiet-group 7 = 10 → 10, two organisations.
          t.same(cell('2025-26', LEEDS, 'dance'), {
            period: '2025-26',
            area: { code: LEEDS, name: 'Leeds', type: 'lad' },
            activity: { id: 'dance', label: 'Dance' },
            total: { participants: { value: 70 }, organisations: 6 },
            outcome: 'shown',
            participants: { value: 10 },
            share: 0.1429,
            rank: 2,
            other: { participants: { value: 10 }, organisations: 2 },
          });
          // Armley ballet 2024-25: 20 → 20, alone.
          t.match(cell('2024-25', ARMLEY, 'ballet'), { outcome: 'shown', participants: { value: 20 }, share: 1, rank: 1, other: null });
          // Cells: 2 periods × (Armley, Leeds, Yorkshire, England) × (ballet, community_dance, dance, community_activity, all).
          t.equal(ballet.data.length, 2 * 4 * 5);
          const dance = await preview('armley-dance');
          // armley-dance 3 → suppressed, so folded into Armley dance's other row (3 → suppressed too).
          t.match(
            dance.data.find((c) => c.area.code === ARMLEY && c.activity?.id === 'dance'),
            {
              outcome: 'suppressed',
              participants: { value: null, flag: 'c' },
              share: null,
              rank: null,
              other: { participants: { value: null, flag: 'c' }, organisations: 1 },
            },
          );
          const quiet = await preview('quiet-group');
          t.ok(
            quiet.data.every((c) => c.outcome === 'unnamed' && c.participants === null && c.share === null),
            'an unnamed group is never shown',
          );
          t.equal(quiet.organisation.named, false);
        });
      }

      t.test("every group's preview is what the release then published about it, cell by cell", async (t) => {
        const previews = new Map<string, Awaited<ReturnType<typeof preview>>>();
        for (const id of FIXTURE_ORGANISATIONS) previews.set(id, await preview(id));
        const published = await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin) });
        const release = json(published, Release).id;
        for (const [id, answer] of previews) {
          t.equal(answer.nextRelease, release);
          const rows = await queryRows<{
            period: string;
            area_code: string;
            activity_id: string | null;
            total: number | null;
            organisations: number;
            own: boolean;
            merged: boolean | null;
            participants: number | null;
            share: number | null;
            rank: number | null;
            other: number | null;
            others: number | null;
          }>(
            db,
            sql`select c.period, c.area_code, c.activity_id, c.participants as total, c.organisations, b.area_code is not null as own,
                   b.merged, b.participants, b.share::float8 as share, b.rank, o.participants as other, o.organisations as others
            from release_cells c
            left join release_breakdown b on b.release_id = c.release_id and b.area_code = c.area_code
              and b.activity_id is not distinct from c.activity_id and b.period = c.period and b.organisation_id = ${id}
            left join release_breakdown o on o.release_id = c.release_id and o.area_code = c.area_code
              and o.activity_id is not distinct from c.activity_id and o.period = c.period and o.organisation_id is null
            where c.release_id = ${release} and c.scope = 0 and exists (
              select 1 from current_figures f
              join lateral (with recursive up(code) as (select f.area_code union select a.parent_code from areas a join up on a.code = up.code where a.parent_code is not null) select code from up) au on au.code = c.area_code
              where f.organisation_id = ${id} and f.period = c.period)
            order by 1, 2, 3`,
          );
          // Cells of the organisation in the release: those where its breakdown row exists, or its figures
          // reach the area in the period and the cell's activity is one of theirs (found through the preview).
          const key = (period: string, area: string, activity: string | null) => `${period} ${area} ${activity ?? ''}`;
          const byCell = new Map(rows.map((r) => [key(r.period, r.area_code, r.activity_id), r]));
          const expected = answer.data.map((c) => {
            const r = byCell.get(key(c.period, c.area.code, c.activity?.id ?? null));
            if (!r) return undefined;
            const outcome = !r.own ? 'unnamed' : r.merged ? 'suppressed' : 'shown';
            return {
              total: { participants: toCount(r.total), organisations: r.organisations },
              outcome,
              participants: outcome === 'unnamed' ? null : toCount(r.participants),
              share: outcome === 'shown' ? r.share : null,
              rank: outcome === 'shown' ? r.rank : null,
              other: r.others === null ? null : { participants: toCount(r.other), organisations: r.others },
            };
          });
          t.same(
            answer.data.map(({ total, outcome, participants, share, rank, other }) => ({
              total,
              outcome,
              participants,
              share,
              rank,
              other,
            })),
            expected,
            `${id}: ${answer.data.length} cells as published`,
          );
          const own = await queryRows<{ n: number }>(
            db,
            sql`select count(*)::int as n from release_breakdown where release_id = ${release} and organisation_id = ${id}`,
          );
          t.equal(answer.data.filter((c) => c.outcome !== 'unnamed').length, own[0]!.n, `${id}: as many rows of its own as published`);
        }
      });
    },
    { DISCLOSURE_METHOD: method },
  );
}
