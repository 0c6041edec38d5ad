import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Test } from 'tap';
import yauzl, { type Entry } from 'yauzl';
import yazl from 'yazl';
import { queryRows } from '../src/db/client.js';
import { Problem } from '../src/http/problem.js';
import { OrganisationFigureList, SubmissionReceipt } from '../src/modules/figures/figures.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey } from './helpers/auth.js';
import { assertProblem } from './helpers/problems.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ORG = 'armley-sheets';
const URL = `/v1/organisations/${ORG}/figures`;
const MAX_FIGURES = 40;

/** A workbook with one sheet, `rows[0]` its header, written by the library a person's program stands in for. */
async function workbook(rows: unknown[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Figures');
  for (const row of rows) sheet.addRow(row);
  edit?.(sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A zip of the given parts, each deflated: 60 MB of spaces packs to about 60 kB. */
function zipOf(parts: Record<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(parts)) zip.addBuffer(data, name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

// The signature of a zip's central directory entry, where an entry's unpacked size is declared (at +24).
const CENTRAL = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

const HEADER = ['Activity', 'Area', 'Period', 'Participants', 'Attendances', 'Sessions', 'Volunteers', 'Age band', 'Sex'];

forEachDatabase(
  async (t, { app, database }) => {
    const db = database.db;
    const admin = await adminKey(db);
    const key = await organisationWithKey(app, admin, ORG);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/v1/organisations/${ORG}`,
      headers: bearer(admin),
      payload: { homeArea: 'E05011385' },
    });
    t.equal(patched.statusCode, 200, 'the group is based in Armley ward, Leeds');

    const upload = (bytes: Buffer, type = XLSX, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: URL, headers: { ...bearer(key), 'content-type': type, ...headers }, payload: bytes });
    const template = async () => {
      const res = await app.inject({ url: `/v1/organisations/${ORG}/template.xlsx`, headers: bearer(key) });
      t.equal(res.statusCode, 200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return { res, book };
    };
    const column = (sheet: ExcelJS.Worksheet, c: number) => {
      const values: string[] = [];
      sheet.getColumn(c).eachCell((cell) => values.push(cell.text));
      return values.filter((v) => v !== '');
    };
    const current = () =>
      queryRows(
        db,
        sql`select activity_id, area_code, period, participants, attendances, sessions, volunteers
            from current_figures where organisation_id = ${ORG} order by period, activity_id, area_code`,
      );

    /** Sends a bad file and checks the problem and that no table changed. */
    async function refuses(t: Test, bytes: Buffer, type: Parameters<typeof assertProblem>[2], detail: string | RegExp, extensions = {}) {
      const before = await fingerprint(db);
      const res = await upload(bytes);
      assertProblem(t, res, type, URL, detail, extensions);
      t.same(await fingerprint(db), before, 'nothing stored');
      return json(res, Problem);
    }

    t.test('the template has instructions, the header row and drop-down lists read from a hidden sheet', async (t) => {
      const { res, book } = await template();
      t.equal(res.headers['content-type'], XLSX);
      t.equal(res.headers['content-disposition'], `attachment; filename="${ORG}-figures.xlsx"`);
      t.equal(res.headers['cache-control'], 'private, no-store');
      t.same(
        book.worksheets.map((s) => [s.name, s.state]),
        [
          ['Instructions', 'visible'],
          ['Figures', 'visible'],
          ['Lists', 'hidden'],
        ],
      );
      const instructions = column(book.getWorksheet('Instructions')!, 2).join('\n');
      t.match(instructions, 'Participants: different people who took part at least once in the period');
      t.match(instructions, 'nothing is stored');
      const figures = book.getWorksheet('Figures')!;
      t.same(figures.getRow(1).values, [undefined, ...HEADER]);
      const lists = book.getWorksheet('Lists')!;
      const [periods, activities, areas] = [column(lists, 1), column(lists, 2), column(lists, 3)];
      const now = new Date();
      const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
      t.ok(periods.includes(thisMonth) && periods.includes(String(now.getUTCFullYear())), 'this month and this year are offered');
      t.equal(periods.length, 20, '12 months, 4 quarters, 2 years and 2 financial years');
      // No figures yet: the top-level terms of the Activity List.
      const topLevel = await queryRows<{ label: string }>(
        db,
        sql`select label from activities a where not exists (select 1 from activity_parents p where p.activity_id = a.id)`,
      );
      t.same(new Set(activities.map((a) => a.replace(/ \([a-z0-9_]+\)$/, ''))), new Set(topLevel.map((r) => r.label)));
      const wards = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from areas where parent_code = 'E08000035'`);
      t.equal(areas.length, wards[0]!.n + 1, "Leeds's wards and Leeds itself");
      t.ok(areas.includes('Armley (E05011385)') && areas.includes('Leeds (E08000035)'));
      const activityCheck = figures.getCell('A2').dataValidation;
      t.match(activityCheck, { type: 'list', formulae: [`Lists!$B$1:$B$${activities.length}`] });
      t.match(figures.getCell('B1001').dataValidation, { type: 'list', formulae: [`Lists!$C$1:$C$${areas.length}`] });
      t.match(figures.getCell('C2').dataValidation, { type: 'list', formulae: [`Lists!$A$1:$A$${periods.length}`] });
      t.match(figures.getCell('D2').dataValidation, { type: 'whole', formulae: [0, 10_000_000] });
    });

    t.test('a group with no home area gets no area list, and its codes are still read back', async (t) => {
      const otherKey = await organisationWithKey(app, admin, 'nowhere-group');
      const res = await app.inject({ url: '/v1/organisations/nowhere-group/template.xlsx', headers: bearer(otherKey) });
      t.equal(res.statusCode, 200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      t.same(column(book.getWorksheet('Lists')!, 3), []);
      t.equal(book.getWorksheet('Figures')!.getCell('B2').dataValidation, undefined, 'no drop-down for areas');
      const sheet = book.getWorksheet('Figures')!;
      sheet.getRow(2).values = ['Dance', 'E05011385', '2025', 4];
      const stored = await app.inject({
        method: 'POST',
        url: '/v1/organisations/nowhere-group/figures',
        headers: { ...bearer(otherKey), 'content-type': XLSX },
        payload: Buffer.from(await book.xlsx.writeBuffer()),
      });
      t.equal(stored.statusCode, 201, stored.body);
    });

    t.test('an untouched template is refused: it has no figures', async (t) => {
      const { res } = await template();
      await refuses(
        t,
        res.rawPayload,
        'unprocessable',
        'The sheet Figures has no figures under its header row (row 1), so nothing was stored. Type one figure per row under the headings.',
      );
    });

    t.test('a template filled in from its own lists is accepted, stored as typed, and says what changed', async (t) => {
      const { book } = await template();
      const lists = book.getWorksheet('Lists')!;
      const sheet = book.getWorksheet('Figures')!;
      const activity = column(lists, 2).find((a) => a === 'Dance')!;
      t.ok(activity, 'Dance is a top-level term');
      sheet.getRow(2).values = [activity, 'Armley (E05011385)', '2025-26', 45, 900, 40, 3];
      sheet.getRow(3).values = ['ballet', 'Leeds (E08000035)', '2025-Q3', 12];
      const filled = Buffer.from(await book.xlsx.writeBuffer());
      const res = await upload(filled);
      t.equal(res.statusCode, 201, res.body);
      const receipt = json(res, SubmissionReceipt);
      t.same(receipt, { submissionId: receipt.submissionId, figures: 2, changes: { new: 2, revised: 0, unchanged: 0, withdrawn: 0 } });
      const stored = [
        {
          activity_id: 'dance',
          area_code: 'E05011385',
          period: '2025-26',
          participants: 45,
          attendances: 900,
          sessions: 40,
          volunteers: 3,
        },
        {
          activity_id: 'ballet',
          area_code: 'E08000035',
          period: '2025-Q3',
          participants: 12,
          attendances: null,
          sessions: null,
          volunteers: null,
        },
      ];
      t.same(await current(), stored);
      const [submission] = await queryRows(db, sql`select format from submissions where id = ${receipt.submissionId}`);
      t.same(submission, { format: 'xlsx' });

      const replayed = await upload(filled, XLSX, { 'idempotency-key': 'sheet-1' });
      const first = json(replayed, SubmissionReceipt);
      const retried = await upload(filled, XLSX, { 'idempotency-key': 'sheet-1' });
      t.equal(retried.headers['idempotent-replayed'], 'true', 'a retried workbook with the same Idempotency-Key replays the first answer');
      t.same(json(retried, SubmissionReceipt), first);
      const again = json(await upload(filled), SubmissionReceipt);
      t.same(again.changes, { new: 0, revised: 0, unchanged: 2, withdrawn: 0 }, 'the same file again changes nothing');
      sheet.getRow(3).values = ['ballet', 'Leeds (E08000035)', '2025-Q3', 13];
      sheet.getRow(4).values = ['running', 'E05011385', 2025, 7];
      const revised = json(await upload(Buffer.from(await book.xlsx.writeBuffer())), SubmissionReceipt);
      t.same(revised.changes, { new: 1, revised: 1, unchanged: 1, withdrawn: 0 });
      const read = json(await app.inject({ url: `${URL}?period=2025-Q3`, headers: bearer(key) }), OrganisationFigureList);
      t.equal(read.data[0]!.participants, 13);
    });

    t.test("the group's own activities come first in a later template", async (t) => {
      const { book } = await template();
      t.same(column(book.getWorksheet('Lists')!, 2), ['Ballet', 'Dance', 'Running']);
    });

    t.test('every bad row is named by the row and column the person sees, with suggestions, and nothing is stored', async (t) => {
      const bytes = await workbook([
        HEADER,
        ['Dance', 'Armley (E05011385)', '2025-26', 5],
        [],
        [],
        [],
        [],
        ['balet', 'E05011385', '2025', 5],
        ['dance', 'Armly', '2025', 5],
        ['dance', 'E05011385', '2099', 'ten'],
      ]);
      const problem = await refuses(
        t,
        bytes,
        'unprocessable',
        '3 of 4 figures are not valid, so nothing was stored. `errors` lists every problem.',
        {
          errors: [
            {
              pointer: '/body/2/activity',
              row: 2,
              detail: 'there is no activity with id balet',
              sheetRow: 7,
              column: 'Activity',
              cell: 'A7',
              message: "Row 7, Activity: 'balet' is not an activity we know. Did you mean 'ballet'?",
              suggestions: ['ballet'],
            },
            {
              pointer: '/body/3/area',
              row: 3,
              detail: 'Too small: expected string to have exactly 9 characters',
              sheetRow: 8,
              column: 'Area',
              cell: 'B8',
              message: "Row 8, Area: 'Armly' is not an area we know. Did you mean 'Armley (E05011385)'?",
              suggestions: ['Armley (E05011385)'],
            },
            {
              pointer: '/body/4/participants',
              row: 4,
              detail: 'must be a whole number',
              sheetRow: 9,
              column: 'Participants',
              cell: 'D9',
              message: "Row 9, Participants: 'ten' must be a whole number",
            },
          ],
        },
      );
      t.equal(problem.errors?.length, 3);
    });

    t.test('a formula is refused, never evaluated, and its cell is named', async (t) => {
      const bytes = await workbook([HEADER, ['dance', 'E05011385', '2025', { formula: '2+3', result: 5 }]]);
      const problem = await refuses(
        t,
        bytes,
        'unprocessable',
        '1 of 1 figures are not valid, so nothing was stored. `errors` lists every problem.',
        {
          errors: [
            {
              pointer: '/body/1/participants',
              row: 1,
              detail: 'is a formula (=2+3). Type the value itself: formulas are not read',
              sheetRow: 2,
              column: 'Participants',
              cell: 'D2',
              message: 'Row 2, Participants: is a formula (=2+3). Type the value itself: formulas are not read',
            },
          ],
        },
      );
      t.ok(problem);
    });

    t.test('a period the spreadsheet turned into a date, or into its number, is explained in plain words', async (t) => {
      const bytes = await workbook([HEADER, ['dance', 'E05011385', new Date(Date.UTC(2025, 8, 1)), 5], ['dance', 'E05011385', 45931, 5]]);
      const date = (row: number, cell: string, detail: string) => ({
        pointer: `/body/${row - 1}/period`,
        row: row - 1,
        detail,
        sheetRow: row,
        column: 'Period',
        cell,
        message: `Row ${row}, Period: ${detail}`,
      });
      await refuses(t, bytes, 'unprocessable', '2 of 2 figures are not valid, so nothing was stored. `errors` lists every problem.', {
        errors: [
          date(
            2,
            'C2',
            'your spreadsheet program turned this into a date (September 2025). Type the period as text, such as 2025-09, or choose it from the list',
          ),
          date(
            3,
            'C3',
            'is the number 45931, which is how spreadsheet programs keep a date (October 2025). Type the period as text, such as 2025-10, or choose it from the list',
          ),
        ],
      });
    });

    t.test('merged cells are refused', async (t) => {
      const bytes = await workbook([HEADER, ['dance', 'E05011385', '2025', 5], ['', 'E05011385', '2025-26', 6]], (s) =>
        s.mergeCells('A2:A3'),
      );
      await refuses(
        t,
        bytes,
        'unprocessable',
        'The sheet Figures has merged cells (A2:A3), so nothing was stored. Unmerge them and type the value in every row it belongs to.',
      );
    });

    t.test('merged cells over a huge area are refused before the workbook is parsed', async (t) => {
      const good = await workbook([HEADER, ['dance', 'E05011385', '2025', 5]]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(good as unknown as ArrayBuffer);
      const parts: Record<string, Buffer> = {};
      await new Promise<void>((resolve, reject) =>
        yauzl.fromBuffer(good, { lazyEntries: true }, (error, zip) => {
          if (error) return reject(error);
          zip.on('entry', (entry: Entry) =>
            entry.fileName.endsWith('/')
              ? zip.readEntry()
              : zip.openReadStream(entry, (e, stream) => {
                  if (e) return reject(e);
                  const chunks: Buffer[] = [];
                  stream.on('data', (c: Buffer) => chunks.push(c));
                  stream.on('end', () => {
                    parts[entry.fileName] = Buffer.concat(chunks);
                    zip.readEntry();
                  });
                }),
          );
          zip.on('end', resolve);
          zip.readEntry();
        }),
      );
      const sheet = parts['xl/worksheets/sheet1.xml']!.toString('utf8');
      parts['xl/worksheets/sheet1.xml'] = Buffer.from(
        sheet.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A5:XFD1048576"/></mergeCells>'),
      );
      await refuses(t, await zipOf(parts), 'unprocessable', /merged cells over a very large area/);
    });

    t.test('a zip bomb is refused from its sizes, before anything is parsed', async (t) => {
      const bomb = await zipOf({
        'xl/workbook.xml': Buffer.from('<workbook/>'),
        'xl/worksheets/sheet1.xml': Buffer.alloc(80 * 1024 * 1024, 32),
      });
      t.ok(bomb.length < 200 * 1024, `${bomb.length} bytes unpack to 80 MB`);
      await refuses(t, bomb, 'payload-too-large', /^The workbook unpacks to more than 32 MB/);
      // The same bomb declaring 1,000 bytes unpacked: inflating stops just past what it declared.
      const liar = Buffer.from(bomb);
      for (let at = liar.indexOf(CENTRAL); at >= 0; at = liar.indexOf(CENTRAL, at + 4)) {
        if (liar.readUInt32LE(at + 24) > 1_000_000) liar.writeUInt32LE(1000, at + 24);
      }
      await refuses(t, liar, 'bad-request', /^The file could not be read as an Excel workbook: it may be damaged/);
      const parts = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`xl/part${i}.xml`, Buffer.from('x')]));
      await refuses(t, await zipOf(parts), 'payload-too-large', /holds more than 1000 parts/);
    });

    t.test('a row with more cells than any sheet of figures needs is a 413', async (t) => {
      const wide = await workbook([HEADER, [...['dance', 'E05011385', '2025', 5], ...Array.from({ length: 30 }, (_, i) => i)]]);
      await refuses(t, wide, 'payload-too-large', /^A row of the workbook has more than 26 cells filled in/);
    });

    t.test('more rows than the batch limit is a 413', async (t) => {
      const rows = Array.from({ length: MAX_FIGURES + 1 }, (_, i) => [
        'dance',
        'E05011385',
        `2025-${String((i % 12) + 1).padStart(2, '0')}`,
        i,
      ]);
      await refuses(
        t,
        await workbook([HEADER, ...rows]),
        'payload-too-large',
        `The sheet has more than ${MAX_FIGURES} rows of figures; at most ${MAX_FIGURES} are accepted at once. Split them over several uploads.`,
      );
    });

    t.test('an old .xls, an encrypted workbook and any other file renamed .xlsx are refused with what to do', async (t) => {
      const ole2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      await refuses(
        t,
        Buffer.concat([ole2, Buffer.alloc(504)]),
        'unsupported-media-type',
        /^The file is an older Excel workbook \(\.xls\)/,
      );
      await refuses(
        t,
        Buffer.concat([ole2, Buffer.alloc(504), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.from('EncryptedPackage', 'utf16le')]),
        'unsupported-media-type',
        /^The workbook is protected with a password/,
      );
      await refuses(
        t,
        Buffer.from('activity,area,period,participants\n'),
        'unsupported-media-type',
        /^The file is not an Excel workbook \(\.xlsx\)/,
      );
      await refuses(
        t,
        await zipOf({ 'content.xml': Buffer.from('<x/>') }),
        'unsupported-media-type',
        /^The file is an OpenDocument spreadsheet/,
      );
      await refuses(
        t,
        Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]),
        'bad-request',
        /^The file could not be read as an Excel workbook/,
      );
    });

    t.test('a workbook without a header row is refused', async (t) => {
      await refuses(
        t,
        await workbook([['Our group'], ['Dance', 5]]),
        'unprocessable',
        /^No sheet in the workbook has a header row naming the columns Activity, Area and Period/,
      );
    });

    t.test('CSV errors keep their pointer and row, and add the row, cell and words a spreadsheet shows', async (t) => {
      const before = await fingerprint(db);
      const res = await upload(
        Buffer.from('activity,area,period,participants\n\nballet,E05011385,2025,5\ndnce,E05011385,2025,6\n'),
        'text/csv',
      );
      assertProblem(t, res, 'unprocessable', URL, '1 of 2 figures are not valid, so nothing was stored. `errors` lists every problem.', {
        errors: [
          {
            pointer: '/body/2/activity',
            row: 2,
            detail: 'there is no activity with id dnce',
            sheetRow: 4,
            column: 'activity',
            cell: 'A4',
            message: "Row 4, activity: 'dnce' is not an activity we know. Did you mean 'dance'?",
            suggestions: ['dance'],
          },
        ],
      });
      t.same(await fingerprint(db), before);
    });

    t.test('who took part: the template offers the age bands and sexes, and reads a breakdown back', async (t) => {
      const { book } = await template();
      const instructions = column(book.getWorksheet('Instructions')!, 2).join('\n');
      t.match(instructions, 'Optional: who took part. Leave empty for a plain total.');
      t.match(instructions, 'never both');
      const lists = book.getWorksheet('Lists')!;
      t.same(column(lists, 4), ['0-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+', 'not-recorded']);
      t.same(column(lists, 5), ['female', 'male', 'not-recorded']);
      const sheet = book.getWorksheet('Figures')!;
      t.match(sheet.getCell('H2').dataValidation, { type: 'list', formulae: ['Lists!$D$1:$D$9'], errorStyle: 'stop' });
      t.match(sheet.getCell('I1001').dataValidation, { type: 'list', formulae: ['Lists!$E$1:$E$3'], errorStyle: 'stop' });

      const bandRows = (badBand: string) => [
        ['Dance', 'Armley (E05011385)', '2024-25', 20, 200, null, null, '0-14', 'female'],
        ['Dance', 'Armley (E05011385)', '2024-25', 6, 50, null, null, badBand, 'male'],
        ['Dance', 'Armley (E05011385)', '2024-25', 3, 30, null, null, null, 'Not recorded'],
        ['Running', 'Armley (E05011385)', '2024-25', 9],
      ];
      const fill = async (rows: unknown[][]) => {
        const { book: fresh } = await template();
        const figures = fresh.getWorksheet('Figures')!;
        rows.forEach((row, i) => (figures.getRow(i + 2).values = row as ExcelJS.CellValue[]));
        return Buffer.from(await fresh.xlsx.writeBuffer());
      };
      // 0-15 is the wording, not a band the ONS estimates can match: refused, by row and column.
      const BANDS = '0-14, 15-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+, not-recorded';
      await refuses(
        t,
        await fill(bandRows('0-15')),
        'unprocessable',
        '1 of 4 figures are not valid, so nothing was stored. `errors` lists every problem.',
        {
          errors: [
            {
              pointer: '/body/2/age_band',
              row: 2,
              detail: `must be one of ${BANDS}`,
              sheetRow: 3,
              column: 'Age band',
              cell: 'H3',
              message: `Row 3, Age band: '0-15' must be one of ${BANDS}`,
            },
          ],
        },
      );

      const res = await upload(await fill(bandRows('15-24')));
      t.equal(res.statusCode, 201, res.body);
      t.same(json(res, SubmissionReceipt).changes, { new: 2, revised: 0, unchanged: 0, withdrawn: 0 }, 'three rows are one figure');
      const stored = await queryRows<{ activity_id: string; participants: number; attendances: number; bands: unknown }>(
        db,
        sql`select c.activity_id, r.participants, r.attendances, r.bands from current_figures c join figure_revisions r on r.id = c.revision_id
            where c.organisation_id = ${ORG} and c.period = '2024-25' order by c.activity_id`,
      );
      // By hand: 20 + 6 + 3 = 29 participants, 200 + 50 + 30 = 280 attendances; running is a plain total.
      t.same(stored, [
        {
          activity_id: 'dance',
          participants: 29,
          attendances: 280,
          bands: [
            { ageBand: '0-14', sex: 'female', participants: 20 },
            { ageBand: '15-24', sex: 'male', participants: 6 },
            { ageBand: 'not-recorded', sex: 'not-recorded', participants: 3 },
          ],
        },
        { activity_id: 'running', participants: 9, attendances: null, bands: null },
      ]);

      // A plain total and a breakdown of one cell in one file: refused in words.
      const mixed =
        'dance in E05011385 for 2024-Q4 is given both as a plain total and broken down by age band and sex; report one or the other';
      await refuses(
        t,
        await fill([
          ['Dance', 'Armley (E05011385)', '2024-Q4', 20, null, null, null, '0-14', 'female'],
          ['Dance', 'Armley (E05011385)', '2024-Q4', 25],
        ]),
        'unprocessable',
        '1 of 2 figures are not valid, so nothing was stored. `errors` lists every problem.',
        {
          errors: [
            {
              pointer: '/body/1/age_band',
              row: 1,
              detail: mixed,
              sheetRow: 2,
              column: 'Age band',
              cell: 'H2',
              message: `Row 2, Age band: ${mixed}`,
            },
          ],
        },
      );
    });
  },
  { MAX_BATCH_FIGURES: String(MAX_FIGURES) },
);
