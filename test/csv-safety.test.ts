import { parse } from 'csv-parse/sync';
import { organisations } from '../src/db/schema/index.js';
import { DEFAULT_POLICY } from '../src/domain/disclosure.js';
import { recordSubmission } from '../src/modules/figures/figures.service.js';
import { publishRelease } from '../src/modules/releases/releases.service.js';
import { ActivityList } from '../src/modules/activities/activities.schemas.js';
import { AreaList } from '../src/modules/areas/areas.schemas.js';
import { OrganisationList } from '../src/modules/organisations/organisations.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';

// Each name begins with a character a spreadsheet would treat as the start of a formula.
const DANGEROUS = ['=1+2', '+44 Club', '-5 Degrees Swim', '@home Yoga', '\tTabbed Group', '\rCarriage Group', '＝Fullwidth Equals'];

/** What a spreadsheet user sees once the protective apostrophe is taken off. */
const unprotect = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

forEachDatabase(async (t, { app, database }) => {
  await database.db
    .insert(organisations)
    .values(DANGEROUS.map((name, i) => ({ id: `group-${i}`, name, named: true, identifiers: i === 0 ? ['GB-CHC-1234567'] : [] })));

  t.test('prefixes every cell that could run as a formula with an apostrophe', async (t) => {
    const res = await app.inject('/v1/organisations?format=csv&limit=1000');
    const rows = parse<Record<string, string>>(res.body, { columns: true, bom: true, relax_quotes: true });
    t.equal(rows.length, DANGEROUS.length);
    for (const row of rows) {
      t.ok(row.name!.startsWith("'"), `${JSON.stringify(row.name)} is inert`);
      t.notOk(/^[=+\-@\t\r＝]/.test(row.name!), 'no cell starts with a formula character');
    }
  });

  t.test('parses back to the same values as the JSON, once the apostrophe is removed', async (t) => {
    const fromJson = json(await app.inject('/v1/organisations?limit=1000'), OrganisationList).data;
    const fromCsv = parse<Record<string, string>>((await app.inject('/v1/organisations?format=csv&limit=1000')).body, {
      columns: true,
      bom: true,
    });
    t.same(
      fromCsv.map((r) => ({ id: r.id, name: unprotect(r.name!), identifiers: r.identifiers ? r.identifiers.split(';') : [] })),
      fromJson.map((o) => ({ id: o.id, name: o.name, identifiers: o.identifiers })),
    );
  });

  t.test('keeps Welsh and other non-ASCII names intact, with a byte-order mark for spreadsheets', async (t) => {
    const res = await app.inject('/v1/areas?q=Ynys&type=lad&format=csv');
    t.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
    const rows = parse<Record<string, string>>(res.body, { columns: true, bom: true });
    t.same(
      rows.map((r) => [r.code, r.name, r.name_welsh]),
      [['W06000001', 'Isle of Anglesey', 'Ynys Môn']],
    );
  });

  t.test('a contribution CSV repeats the organisation on every row, inert however its name begins', async (t) => {
    await recordSubmission(database.db, {
      organisationId: 'group-0',
      apiKeyId: null,
      format: 'demo',
      figures: [{ activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 30 }],
    });
    await publishRelease(database.db, { policy: DEFAULT_POLICY });
    const rows = parse<Record<string, string>>((await app.inject('/v1/organisations/group-0/contribution?format=csv')).body, {
      columns: true,
      bom: true,
    });
    // Ballet in Armley: 4 areas (ward to country) × 3 activities (ballet, dance above it, all activities).
    t.equal(rows.length, 12);
    for (const row of rows) {
      t.same([row.release, row.demo, row.organisation_id, row.organisation_name], ['1', 'false', 'group-0', "'=1+2"]);
      t.ok(row.sentence!.startsWith("'=1+2 provided 30 of the 30 "), row.sentence!);
    }
  });

  t.test('areas and activities CSV carry exactly the JSON values', async (t) => {
    const areasJson = json(await app.inject('/v1/areas?parent=E08000035&limit=100'), AreaList).data;
    const areasCsv = parse<Record<string, string>>((await app.inject('/v1/areas?parent=E08000035&limit=100&format=csv')).body, {
      columns: true,
      bom: true,
    });
    t.same(
      areasCsv.map((r) => [r.code, r.name, r.type, r.parent_code]),
      areasJson.map((a) => [a.code, a.name, a.type, a.parentCode]),
    );
    const actJson = json(await app.inject('/v1/activities?parent=dance&limit=100'), ActivityList).data;
    const actCsv = parse<Record<string, string>>((await app.inject('/v1/activities?parent=dance&limit=100&format=csv')).body, {
      columns: true,
      bom: true,
    });
    t.same(
      actCsv.map((r) => [r.id, unprotect(r.label!), r.parents!.split(';'), unprotect(r.definition!) || null]),
      actJson.map((a) => [a.id, a.label, a.parents, a.definition]),
    );
  });
});
