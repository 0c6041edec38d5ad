import { organisations } from '../src/db/schema/index.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { Contribution } from '../src/modules/contributions/contributions.schemas.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { Summary } from '../src/modules/statistics/statistics.rows.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';

// A sentence is pasted into a bid without the page's warning or the answer's notes around it, so a
// sentence from a demonstration release has to carry the warning itself, whoever reads it.
const ARMLEY = 'E05011385';
const WARNING = ' (Demonstration data: do not cite.)';

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const get = (url: string) => app.inject({ method: 'GET', url });
  const submit = (organisationId: string, participants: number) =>
    recordSubmission(db, {
      organisationId,
      apiKeyId: null,
      format: 'demo',
      figures: [{ activity: 'running', area: ARMLEY, period: '2025-26', participants }],
    });
  await db.insert(organisations).values([
    { id: 'real-club', name: 'Real Club', named: true },
    { id: 'demo-club', name: 'Demo Club (demo)', named: true, isDemo: true },
  ]);
  await submit('real-club', 40);
  const real = await publishRelease(db, { policy: DEFAULT_POLICY });
  await submit('demo-club', 20);
  const demo = await publishRelease(db, { policy: DEFAULT_POLICY });

  t.test('a real release: no warning in the sentence or the citation', async (t) => {
    t.equal(real.isDemo, false);
    const body = json(await get(`/v1/organisations/real-club/contribution?release=${real.id}`), Contribution);
    t.notMatch(JSON.stringify(body.data), /Demonstration/);
    t.notMatch(body.citation.text, /Demonstration/);
  });

  t.test('a demonstration release: every sentence and citation ends with the warning, in JSON and CSV', async (t) => {
    t.equal(demo.isDemo, true);
    const body = json(await get(`/v1/organisations/real-club/contribution?release=${demo.id}`), Contribution);
    t.ok(body.data.length > 0);
    t.same(
      body.data.filter((r) => !r.sentence.endsWith(WARNING)),
      [],
    );
    t.ok(body.citation.text.endsWith(WARNING));
    const summary = json(await get(`/v1/statistics/summary?area=${ARMLEY}&activity=running&release=${demo.id}`), Summary);
    t.ok(summary.citation.text.endsWith(WARNING), 'the statistics citation too');
    // 40 of the published 60 (40 + 20) = 66.7%, rank 1.
    const csv = (await get(`/v1/organisations/real-club/contribution?release=${demo.id}&format=csv`)).body;
    const url = `https://participation.test/v1/statistics/summary?area=${ARMLEY}&activity=running&period=2025-26&release=2`;
    t.ok(
      csv.includes(
        `\r\n2,true,real-club,Real Club,${ARMLEY},Armley,running,Running,2025-26,40,60,0.6667,1,` +
          `"Real Club provided 40 of the 60 running participations in Armley in 2025-26 (66.7%). Source: Participation API release 2, ${url}${WARNING}",${url}\r\n`,
      ),
      csv,
    );
  });
});
