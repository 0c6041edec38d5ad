import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import { Problem } from '../src/http/problem.js';
import { CsvwMetadata, DataPackage } from '../src/modules/packages/packages.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';
import { schemaErrors, standardValidator } from './helpers/standards.js';

const validator = standardValidator('datapackage-2.0', ['datapackage.json', 'dataresource.json', 'tableschema.json', 'tabledialect.json']);

type Field = { name: string; type: string; constraints?: { required?: boolean; enum?: string[] } };
type Table = {
  name: string;
  path: string;
  schema: { fields: Field[]; missingValues: string[]; primaryKey: string[]; foreignKeys?: ForeignKey[] };
};
type ForeignKey = { fields: string[]; reference: { resource: string; fields: string[] } };

const readCsv = (body: string): Record<string, string>[] => parse(body, { columns: true, bom: true });
function header(body: string): string[] {
  const rows: string[][] = parse(body, { bom: true, to_line: 1 });
  return rows[0] ?? [];
}

/** Checks one cell the way a Table Schema reader would: missing values first, then the type. */
function cellProblem(field: Field, missing: string[], cell: string): string | undefined {
  if (missing.includes(cell)) return field.constraints?.required ? `${field.name} is required` : undefined;
  if (field.constraints?.enum && !field.constraints.enum.includes(cell)) return `${field.name}: ${cell} is not allowed`;
  if (field.type === 'integer' && !/^-?\d+$/.test(cell)) return `${field.name}: ${cell} is not an integer`;
  if (field.type === 'number' && !Number.isFinite(Number(cell))) return `${field.name}: ${cell} is not a number`;
  if (field.type === 'boolean' && cell !== 'true' && cell !== 'false') return `${field.name}: ${cell} is not a boolean`;
  return undefined;
}

function unzip(buffer: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, string>();
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

forEachDatabase(async (t, { app, database }) => {
  const admin = await adminKey(database.db);
  const big = await organisationWithKey(app, admin, 'package-big');
  const small = await organisationWithKey(app, admin, 'package-small');
  const submit = (id: string, key: string, figures: object[]) =>
    app.inject({ method: 'POST', url: `/v1/organisations/${id}/figures`, headers: bearer(key), payload: { figures } });
  // 45 with every measure, and 3 without attendances: the total's attendances read [x], the 3 is [c].
  t.equal(
    (await submit('package-big', big, [{ activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 45, attendances: 900 }]))
      .statusCode,
    201,
  );
  t.equal(
    (await submit('package-small', small, [{ activity: 'ballet', area: 'E05011385', period: '2025-26', participants: 3 }])).statusCode,
    201,
  );
  t.equal((await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin), payload: {} })).statusCode, 201);

  const descriptorRes = await app.inject('/v1/releases/1/datapackage.json');
  const descriptor = json(descriptorRes, DataPackage);
  const tables = descriptor.resources as unknown as Table[];
  const files = new Map<string, string>();
  for (const table of tables) {
    const res = await app.inject(`/v1/releases/1/${table.path}`);
    t.equal(res.statusCode, 200, `${table.path} is served where the descriptor says`);
    files.set(table.path, res.body);
  }

  t.test('the descriptor validates against the published Data Package, Table Schema and dialect profiles', async (t) => {
    t.equal(descriptorRes.statusCode, 200);
    t.equal(schemaErrors(validator('datapackage.json'), descriptor), '');
    const broken = { ...descriptor, licenses: [{ name: 'CC BY 4.0 with spaces' }] };
    t.not(schemaErrors(validator('datapackage.json'), broken), '', 'the profile does refuse a descriptor that breaks it');
    for (const table of tables) {
      t.equal(schemaErrors(validator('dataresource.json'), table), '', `${table.name} is a valid resource`);
      t.equal(schemaErrors(validator('tableschema.json'), table.schema), '', `${table.name} has a valid Table Schema`);
      t.equal(schemaErrors(validator('tabledialect.json'), (table as unknown as { dialect: unknown }).dialect), '');
    }
    t.match(descriptor, {
      name: 'participation-release-1',
      id: 'https://participation.test/v1/releases/1',
      licenses: [{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/' }],
      disclosure: { method: 'cell-key', suppressUpTo: 7 },
    });
    t.ok(
      descriptor.sources.some((s) => /Office for National Statistics/.test(s.title)),
      'names the ONS sources',
    );
    t.ok(descriptor.contributors.length >= 1);
  });

  t.test('the CSV files follow their Table Schemas: types, [c] and [x] as missing values, primary and foreign keys', async (t) => {
    const published = tables.find((x) => x.name === 'published')!;
    t.same(published.schema.missingValues, ['', '[c]', '[x]']);
    for (const table of tables) {
      const body = files.get(table.path)!;
      t.same(
        header(body),
        table.schema.fields.map((f) => f.name),
        `${table.name}: the columns are the fields, in order`,
      );
      const rows = readCsv(body);
      const problems = rows.flatMap((row) =>
        table.schema.fields.map((f) => cellProblem(f, table.schema.missingValues, row[f.name]!)).filter((p) => p !== undefined),
      );
      t.same(problems, [], `${table.name}: every cell has its type`);
      const keys = rows.map((row) => table.schema.primaryKey.map((k) => row[k]).join('\u0000'));
      t.equal(new Set(keys).size, rows.length, `${table.name}: the primary key is unique`);
      for (const key of table.schema.foreignKeys ?? []) {
        const target = tables.find((x) => x.name === key.reference.resource)!;
        const known = new Set(readCsv(files.get(target.path)!).map((r) => r[key.reference.fields[0]!]));
        const dangling = rows.map((r) => r[key.fields[0]!]!).filter((v) => v !== '' && !known.has(v));
        t.same(dangling, [], `${table.name}.${key.fields[0]} resolves in ${target.name}`);
      }
    }
    const ward = readCsv(files.get(published.path)!).find(
      (r) => r.area_code === 'E05011385' && r.activity_id === 'ballet' && r.row === 'total' && r.period === '2025-26',
    )!;
    t.equal(ward.attendances, '[x]', 'one organisation left attendances out: [x]');
    const rows = readCsv(files.get(published.path)!);
    t.ok(
      rows.some((r) => r.participants === '[c]'),
      'a suppressed count reads [c]',
    );
  });

  t.test('the CSV on the Web metadata describes the same columns with the same null markers', async (t) => {
    const res = await app.inject('/v1/releases/1/csv-metadata.json');
    t.equal(res.statusCode, 200);
    const csvw = json(res, CsvwMetadata);
    t.same(csvw.null, ['', '[c]', '[x]']);
    t.same(
      csvw.tables.map((x) => x.url),
      tables.map((x) => x.path),
    );
    for (const table of csvw.tables) {
      t.same(
        table.tableSchema.columns.map((c) => c.name),
        header(files.get(table.url)!),
        `${table.url}: one column description per CSV column`,
      );
    }
  });

  t.test('the zip holds both metadata files and every table, identical to the separate downloads', async (t) => {
    const res = await app.inject('/v1/releases/1/package.zip');
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'application/zip');
    t.match(res.headers['content-disposition'], /participation-release-1\.zip/);
    const zipped = await unzip(res.rawPayload);
    t.same([...zipped.keys()].sort(), [
      'csv-metadata.json',
      'data/activities.csv',
      'data/areas.csv',
      'data/published.csv',
      'datapackage.json',
    ]);
    t.same(JSON.parse(zipped.get('datapackage.json')!), descriptor);
    for (const [path, body] of files) t.equal(zipped.get(path), body, `${path} is the same file`);
  });

  t.test('an unknown release or file is a 404 problem', async (t) => {
    for (const url of [
      '/v1/releases/9/datapackage.json',
      '/v1/releases/9/csv-metadata.json',
      '/v1/releases/9/package.zip',
      '/v1/releases/9/data/areas.csv',
    ]) {
      const res = await app.inject(url);
      t.equal(res.statusCode, 404, url);
      t.match(json(res, Problem), { type: '/problems/not-found', detail: 'There is no release 9.' });
    }
    t.equal((await app.inject('/v1/releases/1/data/secrets.csv')).statusCode, 400);
  });
});
