// Portal section "Upload a spreadsheet": download the group's template, choose a CSV or .xlsx file,
// upload it, and read back either what changed or every problem by the row and column the person
// sees in their spreadsheet program. Reads and writes only through ctx.api (see the portal contract).
import { el } from '../../dom.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STYLESHEET = new URL('./upload.css', import.meta.url).href;

let sections = 0;

function useStylesheet() {
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((link) => link.href === STYLESHEET)) return;
  document.head.append(el('link', { rel: 'stylesheet', href: STYLESHEET }));
}

/** The content type the API reads the file as, from its name first (browsers often leave `type` empty for CSV). */
function contentTypeOf(file) {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.xlsx')) return XLSX;
  if (file.type === 'text/csv' || file.type === XLSX) return file.type;
  return undefined;
}

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** What a problem+json answer says, in words; the body may be missing or not JSON at all. */
async function readProblem(response) {
  const body = await response.json().catch(() => null);
  const detail = typeof body?.detail === 'string' ? body.detail : `The upload did not work (the server answered ${response.status}).`;
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  return { detail, errors };
}

/** One error, as the person should read it: the API's own sentence when it has one. */
function errorText(entry) {
  if (typeof entry?.message === 'string') return entry.message;
  const where = typeof entry?.sheetRow === 'number' ? `Row ${entry.sheetRow}` : typeof entry?.row === 'number' ? `Row ${entry.row}` : '';
  return [where, entry?.detail].filter(Boolean).join(': ');
}

function changesText(receipt) {
  const c = receipt?.changes;
  if (!c) return `${plural(receipt?.figures ?? 0, 'figure')} stored.`;
  return `${plural(receipt.figures, 'figure')} stored: ${c.new} new, ${c.revised} revised, ${c.unchanged} unchanged, ${c.withdrawn} withdrawn.`;
}

export async function mount(root, ctx) {
  useStylesheet();
  const n = ++sections;
  const ids = {
    file: `upload-file-${n}`,
    fileHint: `upload-file-hint-${n}`,
    heading: `upload-heading-${n}`,
    summary: `upload-summary-title-${n}`,
  };
  const organisationPath = `/v1/organisations/${encodeURIComponent(ctx.organisation.id)}`;

  const status = el('p', { className: 'status upload-status', role: 'status' });
  const templateButton = el('button', { type: 'button', className: 'secondary', textContent: 'Download the template (.xlsx)' });
  const fileInput = el('input', {
    type: 'file',
    id: ids.file,
    name: 'file',
    accept: `.csv,.xlsx,text/csv,${XLSX}`,
    required: true,
  });
  fileInput.setAttribute('aria-describedby', ids.fileHint);
  const uploadButton = el('button', { type: 'submit', textContent: 'Upload this file' });
  const form = el(
    'form',
    { className: 'upload-form', noValidate: true },
    el('label', { htmlFor: ids.file, textContent: 'Spreadsheet to upload' }),
    el('p', {
      id: ids.fileHint,
      className: 'hint',
      textContent:
        'A CSV file or an Excel workbook (.xlsx), one figure per row under the header row. Every row is checked first: nothing is stored unless every row is right.',
    }),
    fileInput,
    el('p', {}, uploadButton),
  );
  // The result goes here: an error summary (focused, so it is read out) or what changed.
  const result = el('div', { className: 'upload-result' });
  result.setAttribute('aria-live', 'polite');

  root.classList.add('upload-section');
  root.replaceChildren(
    el('h2', { id: ids.heading, textContent: 'Upload a spreadsheet' }),
    el('p', {
      textContent: `Put ${ctx.organisation.name}'s figures in a spreadsheet and upload it here. The template has the columns, an explanation of each, and lists to choose periods, activities and areas from.`,
    }),
    el('p', {}, templateButton),
    status,
    form,
    result,
  );

  templateButton.addEventListener('click', async () => {
    status.dataset.kind = 'info';
    status.textContent = 'Preparing the template…';
    try {
      const response = await ctx.api(`${organisationPath}/template.xlsx`);
      if (!response.ok) {
        const { detail } = await readProblem(response);
        status.dataset.kind = 'error';
        status.textContent = detail;
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const link = el('a', { href: url, download: `${ctx.organisation.id}-figures.xlsx`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status.textContent = 'The template has been downloaded. Fill it in, save it, then upload it below.';
    } catch {
      status.dataset.kind = 'error';
      status.textContent = 'The template could not be downloaded. Check your connection and try again.';
    }
  });

  function showErrors(detail, errors) {
    const title = errors.length > 0 ? `${plural(errors.length, 'problem')} found: nothing was stored` : 'Nothing was stored';
    const summary = el(
      'div',
      { className: 'error-summary', tabIndex: -1 },
      el('h3', { id: ids.summary, textContent: title }),
      el('p', { textContent: errors.length > 0 ? 'Fix these in your spreadsheet, save it, and upload it again:' : detail }),
      errors.length > 0
        ? el('ul', { className: 'error-list' }, ...errors.map((entry) => el('li', { textContent: errorText(entry) })))
        : null,
    );
    summary.setAttribute('role', 'region');
    summary.setAttribute('aria-labelledby', ids.summary);
    result.replaceChildren(summary);
    summary.focus();
  }

  function showSuccess(receipt) {
    const done = el(
      'div',
      { className: 'upload-done', tabIndex: -1 },
      el('h3', { textContent: 'Your figures are stored' }),
      el('p', { textContent: changesText(receipt) }),
      el('p', { className: 'hint', textContent: 'They will appear in the next release.' }),
    );
    result.replaceChildren(done);
    done.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) return showErrors('Choose a file to upload first.', []);
    const type = contentTypeOf(file);
    if (!type)
      return showErrors(
        `"${file.name}" is not a CSV file or an Excel workbook (.xlsx). Save your spreadsheet as one of those and choose it again.`,
        [],
      );
    uploadButton.disabled = true;
    result.replaceChildren(el('p', { textContent: `Checking ${file.name}…` }));
    try {
      const response = await ctx.api(`${organisationPath}/figures`, { method: 'POST', headers: { 'content-type': type }, body: file });
      if (response.ok) showSuccess(await response.json());
      else {
        const { detail, errors } = await readProblem(response);
        showErrors(detail, errors);
      }
    } catch {
      showErrors('The file could not be sent. Check your connection and try again.', []);
    } finally {
      uploadButton.disabled = false;
    }
  });
}
