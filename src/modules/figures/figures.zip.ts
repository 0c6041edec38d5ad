import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ProblemError } from '../../http/problem.js';

/**
 * What a workbook may unpack to before anything parses it. An .xlsx is a zip of XML files: a few
 * kilobytes can declare gigabytes (a zip bomb), so the declared sizes are checked first and the
 * actual ones while inflating, which stops at the limit. 10,000 figures unpack to about 2.6 MB.
 */
export type UnpackLimits = { maxEntries: number; maxUnpackedBytes: number; maxMergedCells: number };

// Merged ranges are expanded cell by cell by the workbook reader, and compared pairwise: a few
// bytes (`<mergeCell ref="A1:XFD1048576"/>`) could otherwise cost minutes and gigabytes.
export const UNPACK_LIMITS: UnpackLimits = { maxEntries: 1000, maxUnpackedBytes: 32 * 1024 * 1024, maxMergedCells: 100_000 };

const MERGE = /<mergeCell\s[^>]*?ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"/g;
const columnNumber = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

/** Counts the cells that merged ranges cover in worksheet XML read in chunks (a match may straddle two). */
class MergeCounter {
  cells = 0;
  ranges = 0;
  private tail = '';
  add(chunk: Buffer) {
    const text = this.tail + chunk.toString('latin1');
    for (const m of text.matchAll(MERGE)) {
      if (m.index + m[0].length <= this.tail.length) continue;
      const [top, left] = [Number(m[2]), columnNumber(m[1]!)];
      const [bottom, right] = m[3] ? [Number(m[4]), columnNumber(m[3])] : [top, left];
      this.ranges += 1;
      this.cells += (Math.abs(bottom - top) + 1) * (Math.abs(right - left) + 1);
    }
    this.tail = text.slice(-200);
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// An OLE2 compound file: the old .xls format, and also what Office makes of a password-protected .xlsx.
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_STREAM = Buffer.from('EncryptedPackage', 'utf16le');

const SAVE_AS = 'Open it in your spreadsheet program and save it as "Excel Workbook (.xlsx)" or as CSV, then upload that file.';

const unsupported = (detail: string) => new ProblemError('unsupported-media-type', detail);
const damaged = () =>
  new ProblemError('bad-request', `The file could not be read as an Excel workbook: it may be damaged or incomplete. ${SAVE_AS}`);
const tooBig = (limits: UnpackLimits) =>
  new ProblemError(
    'payload-too-large',
    `The workbook unpacks to more than ${limits.maxUnpackedBytes / 1024 / 1024} MB or holds more than ${limits.maxEntries} parts, far more than any sheet of figures needs, so it was not read.`,
  );

const tooManyMerges = () =>
  new ProblemError(
    'unprocessable',
    'The workbook has merged cells over a very large area, so it was not read. Unmerge the cells (select the whole sheet, then Unmerge Cells) and upload it again.',
  );

/** Refuses, with a plain reason, bytes that are not an unencrypted .xlsx before a zip reader sees them. */
function checkSignature(bytes: Buffer) {
  if (bytes.subarray(0, 8).equals(OLE2_MAGIC)) {
    if (bytes.includes(ENCRYPTED_STREAM))
      throw unsupported(
        `The workbook is protected with a password, so it cannot be read. Remove the password (in Excel: File, Info, Protect Workbook, Encrypt with Password, and clear it), save, and upload it again.`,
      );
    throw unsupported(`The file is an older Excel workbook (.xls), which is not read here. ${SAVE_AS}`);
  }
  if (bytes.length === 0) throw new ProblemError('bad-request', 'The file is empty.');
  if (!bytes.subarray(0, 4).equals(ZIP_MAGIC)) throw unsupported(`The file is not an Excel workbook (.xlsx). ${SAVE_AS}`);
}

const openZip = (bytes: Buffer) =>
  new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) =>
      error ? reject(damaged()) : resolve(zip),
    ),
  );

/** Inflates one entry, counting its bytes and stopping as soon as the running total passes the limit. */
function drainEntry(zip: ZipFile, entry: Entry, budget: { left: number }, limits: UnpackLimits, merges?: MergeCounter) {
  return new Promise<void>((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(damaged());
      stream.on('data', (chunk: Buffer) => {
        budget.left -= chunk.length;
        merges?.add(chunk);
        if (budget.left < 0) {
          stream.destroy();
          reject(tooBig(limits));
        } else if (merges && (merges.cells > limits.maxMergedCells || merges.ranges > limits.maxEntries)) {
          stream.destroy();
          reject(tooManyMerges());
        }
      });
      stream.on('error', () => reject(damaged()));
      stream.on('end', resolve);
    });
  });
}

/**
 * Checks a workbook's zip before it is parsed: its signature, its number of parts, their declared
 * and their actual unpacked sizes (reading stops at the limit), encryption, and that it is a
 * spreadsheet at all. Throws a problem (400, 413 or 415) naming what is wrong; resolves when the
 * workbook may be parsed.
 */
export async function checkWorkbookZip(bytes: Buffer, limits: UnpackLimits = UNPACK_LIMITS): Promise<void> {
  checkSignature(bytes);
  const zip = await openZip(bytes);
  const names = new Set<string>();
  try {
    if (zip.entryCount > limits.maxEntries) throw tooBig(limits);
    await readEntries(zip, limits, (name) => names.add(name));
  } finally {
    zip.close();
  }
  if (!names.has('xl/workbook.xml')) {
    if (names.has('content.xml')) throw unsupported(`The file is an OpenDocument spreadsheet (.ods), which is not read here. ${SAVE_AS}`);
    throw unsupported(`The file is a zip, but not an Excel workbook (.xlsx). ${SAVE_AS}`);
  }
}

function readEntries(zip: ZipFile, limits: UnpackLimits, seen: (name: string) => void) {
  const budget = { left: limits.maxUnpackedBytes };
  let declared = 0;
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error instanceof ProblemError ? error : damaged());
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => {
      if (failed) return;
      if (entry.isEncrypted())
        return fail(
          unsupported('The workbook is protected with a password, so it cannot be read. Remove the password, save, and upload it again.'),
        );
      declared += entry.uncompressedSize;
      if (declared > limits.maxUnpackedBytes) return fail(tooBig(limits));
      seen(entry.fileName);
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      const sheet = /^xl\/worksheets\/[^/]+\.xml$/.test(entry.fileName);
      drainEntry(zip, entry, budget, limits, sheet ? new MergeCounter() : undefined).then(() => zip.readEntry(), fail);
    });
    zip.readEntry();
  });
}
