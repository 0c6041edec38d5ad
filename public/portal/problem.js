// A problem answer (application/problem+json) in plain words: its `detail`, then each error it lists.

const FIELD_NAMES = {
  displayName: 'Your name',
  email: 'Email',
  password: 'Password',
  activity: 'Activity',
  area: 'Area',
  period: 'Period',
  participants: 'Participants',
  attendances: 'Attendances',
  sessions: 'Sessions',
  volunteers: 'Volunteers',
  label: 'Label',
};

/** `/body/figures/1/participants` reads "Row 2, Participants"; `/body/email` reads "Email". */
function where(pointer) {
  const parts = (pointer ?? '').split('/').filter(Boolean);
  const rowIndex = parts.indexOf('figures');
  const field = FIELD_NAMES[parts.at(-1)] ?? parts.at(-1) ?? '';
  if (rowIndex >= 0 && parts[rowIndex + 1] !== undefined && /^\d+$/.test(parts[rowIndex + 1])) {
    const row = `Row ${Number(parts[rowIndex + 1]) + 1}`;
    return parts.length > rowIndex + 2 ? `${row}, ${field}` : row;
  }
  return field;
}

/** The lines to show for a failed answer; never a status code alone. */
export async function problemLines(response) {
  const body = await response.json().catch(() => null);
  const lines = [body?.detail ?? 'Something went wrong. Try again in a moment.'];
  for (const error of body?.errors ?? []) {
    const place = where(error.pointer);
    lines.push(place ? `${place}: ${error.detail}` : error.detail);
  }
  return lines;
}

/** Replaces `node`'s content with the problem, as a paragraph and a list of its errors. */
export async function showProblem(node, response) {
  const [first, ...rest] = await problemLines(response);
  node.replaceChildren();
  node.dataset.kind = 'error';
  node.append(first);
  if (rest.length) {
    const list = document.createElement('ul');
    for (const line of rest) {
      const item = document.createElement('li');
      item.textContent = line;
      list.append(item);
    }
    node.append(list);
  }
}
