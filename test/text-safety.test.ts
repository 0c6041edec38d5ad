import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint } from './helpers/auth.js';
import { assertProblem } from './helpers/problems.js';
import { Organisation } from '../src/modules/organisations/organisations.schemas.js';
import { Problem } from '../src/http/problem.js';

// Found by attacking the running API: a lone surrogate was stored as U+FFFD, and direction
// controls let one organisation's name display as another's.
const DIRECTION_CONTROLS = [
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

forEachDatabase(async (t, { app, database }) => {
  const db = database.db;
  const admin = await adminKey(db);
  // Sent as JSON text so that a lone surrogate travels as the escape `\ud800`, as a client's would.
  const send = (method: 'POST' | 'PATCH', url: string, body: object) =>
    app.inject({ method, url, headers: { ...bearer(admin), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const refusal = (pointer: string, detail: string) => ({ errors: [{ pointer, detail }] });
  const BIDI_NAME = 'The name contains an invisible character that changes text direction. Please remove it.';
  const BROKEN_NAME =
    'The name contains an invalid character, perhaps part of an emoji that was cut off. Please check it and send it again.';

  t.test('refuses a lone surrogate in an organisation name with a validation problem and stores nothing', async (t) => {
    const before = await fingerprint(db);
    for (const name of ['A\ud800B', 'A\udc00B', 'Ends in half\ud83c']) {
      const res = await send('POST', '/v1/organisations', { id: 'broken-name', name, named: true });
      assertProblem(t, res, 'validation', '/v1/organisations', `/body/name: ${BROKEN_NAME}`, refusal('/body/name', BROKEN_NAME));
    }
    t.same(await fingerprint(db), before);
    t.equal((await app.inject('/v1/organisations/broken-name')).statusCode, 404);
  });

  t.test('refuses every direction control in an organisation name and stores nothing', async (t) => {
    const before = await fingerprint(db);
    for (const control of DIRECTION_CONTROLS) {
      const res = await send('POST', '/v1/organisations', { id: 'mirror-club', name: `Club${control}niw`, named: true });
      assertProblem(t, res, 'validation', '/v1/organisations', `/body/name: ${BIDI_NAME}`, refusal('/body/name', BIDI_NAME));
      t.notOk(json(res, Problem).detail.includes(control), `${codePoint(control)} is not echoed back`);
    }
    t.same(await fingerprint(db), before);
  });

  t.test('accepts names in right-to-left scripts and with emoji', async (t) => {
    const arabic = await send('POST', '/v1/organisations', { id: 'arabic-walkers', name: 'مجموعة المشي', named: true });
    t.equal(arabic.statusCode, 201);
    t.equal(json(arabic, Organisation).name, 'مجموعة المشي');
    const emoji = await send('POST', '/v1/organisations', { id: 'choir', name: 'Côr Meibion 🎶', named: true });
    t.equal(emoji.statusCode, 201);
    t.equal(json(emoji, Organisation).name, 'Côr Meibion 🎶');
  });

  t.test('refuses a direction control when renaming an organisation and keeps the old name', async (t) => {
    const before = await fingerprint(db);
    const res = await send('PATCH', '/v1/organisations/choir', { name: 'Côr \u202eMeibion' });
    assertProblem(t, res, 'validation', '/v1/organisations/choir', `/body/name: ${BIDI_NAME}`, refusal('/body/name', BIDI_NAME));
    t.same(await fingerprint(db), before);
    t.equal(json(await app.inject('/v1/organisations/choir'), Organisation).name, 'Côr Meibion 🎶');
  });

  t.test('refuses direction controls and lone surrogates in a local activity and stores nothing', async (t) => {
    const before = await fingerprint(db);
    const label = 'The label contains an invisible character that changes text direction. Please remove it.';
    const badLabel = await send('POST', '/v1/activities', {
      id: 'bell_ringing',
      label: 'Bell \u2067ringing',
      parents: ['community_activity'],
    });
    assertProblem(t, badLabel, 'validation', '/v1/activities', `/body/label: ${label}`, refusal('/body/label', label));
    const definition =
      'The definition contains an invalid character, perhaps part of an emoji that was cut off. Please check it and send it again.';
    const badDefinition = await send('POST', '/v1/activities', {
      id: 'bell_ringing',
      label: 'Bell ringing',
      parents: ['community_activity'],
      definition: 'Ringing\udfff.',
    });
    assertProblem(
      t,
      badDefinition,
      'validation',
      '/v1/activities',
      `/body/definition: ${definition}`,
      refusal('/body/definition', definition),
    );
    t.same(await fingerprint(db), before);
    t.equal((await app.inject('/v1/activities/bell_ringing')).statusCode, 404);
  });
});
