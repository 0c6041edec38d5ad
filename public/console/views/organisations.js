// Organisations: every group, named or not; add one; open one to edit it, see its people and keys,
// invite a person (the link shown once when it is not emailed) and end a person's access.
import { el } from '/dom.js';
import { checkbox, field, say, statusLine, table, when } from '/console/ui.js';

const identifiersOf = (text) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The fields of an organisation's form, filled from `o` when editing. */
function organisationFields(o) {
  const name = field('Name', { required: true, maxLength: 200, value: o?.name ?? '', autocomplete: 'organization' });
  const homeArea = field(
    'Home area code (optional)',
    { maxLength: 9, value: o?.homeArea?.code ?? '' },
    'An ONS area code such as E05011385 (a ward).',
  );
  const identifiers = field(
    'Registered identifiers (optional)',
    { rows: 2, value: (o?.identifiers ?? []).join('\n') },
    'org-id.guide form, one a line, such as GB-CHC-1234567 (a charity) or GB-COH-01234567 (a company).',
    'textarea',
  );
  const named = checkbox('Agreed to be named in public', o?.named ?? false);
  return { name, homeArea, identifiers, named };
}

const bodyOf = (f) => ({
  name: f.name.input.value.trim(),
  identifiers: identifiersOf(f.identifiers.input.value),
  homeArea: f.homeArea.input.value.trim() || null,
  named: f.named.input.checked,
});

export async function mount(root, ctx) {
  const { api, jsonBody, showProblem } = ctx;
  const listNode = el('div');
  const detailNode = el('div');
  root.append(el('h2', { textContent: 'Organisations' }), listNode);

  async function showList() {
    const response = await api('/v1/steward/organisations?limit=1000');
    if (!response.ok) return showProblem(listNode, response);
    const { data, page } = await response.json();
    listNode.replaceChildren(
      data.length === 0
        ? el('p', { textContent: 'No organisations yet. Add the first below.' })
        : table(
            `${page.total} organisation${page.total === 1 ? '' : 's'}, by name`,
            ['Name', 'Id', 'Named', 'Home area', ''],
            data.map((o) => [
              `${o.name}${o.demo ? ' (demo)' : ''}`,
              o.id,
              o.named ? 'Yes' : 'No',
              o.homeArea ? o.homeArea.name : '',
              el('button', { type: 'button', className: 'secondary', textContent: `Open ${o.name}`, onclick: () => showDetail(o, true) }),
            ]),
          ),
    );
  }

  // Adding one.
  const addFields = organisationFields(null);
  const id = field(
    'Id',
    { required: true, maxLength: 80, pattern: '[a-z0-9-]+' },
    'Lower-case letters, digits and hyphens, such as leeds-ballet-club. It never changes.',
  );
  const addStatus = el('p', { className: 'status', role: 'alert' });
  const addForm = el(
    'form',
    { noValidate: true },
    ...id.parts,
    ...addFields.name.parts,
    ...addFields.homeArea.parts,
    ...addFields.identifiers.parts,
    addFields.named.node,
    addStatus,
    el('button', { type: 'submit', textContent: 'Add the organisation' }),
  );
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    addStatus.textContent = '';
    const body = { id: id.input.value.trim(), ...bodyOf(addFields) };
    if (body.homeArea === null) delete body.homeArea;
    const response = await api('/v1/organisations', { method: 'POST', ...jsonBody(body) });
    if (!response.ok) return showProblem(addStatus, response);
    const created = await response.json();
    addForm.reset();
    await showList();
    await showDetail(created, true);
    say(detailNode.querySelector('.status'), `Added ${created.name}. Invite its first person below.`, 'success');
  });
  root.append(el('h3', { textContent: 'Add an organisation' }), addForm, detailNode);

  async function showDetail(o, focus = false) {
    const heading = el('h3', { textContent: o.name, tabIndex: -1 });
    const status = statusLine();
    // Editing.
    const f = organisationFields(o);
    const editStatus = el('p', { className: 'status', role: 'alert' });
    const editForm = el(
      'form',
      { noValidate: true },
      el('h4', { textContent: 'Details' }),
      ...f.name.parts,
      ...f.homeArea.parts,
      ...f.identifiers.parts,
      f.named.node,
      editStatus,
      el('button', { type: 'submit', textContent: 'Save the changes' }),
    );
    editForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      editStatus.textContent = '';
      const response = await api(`/v1/organisations/${o.id}`, { method: 'PATCH', ...jsonBody(bodyOf(f)) });
      if (!response.ok) return showProblem(editStatus, response);
      const saved = await response.json();
      await showList();
      await showDetail(saved);
      say(detailNode.querySelector('.status'), `Saved the changes to ${saved.name}.`, 'success');
    });

    // People.
    const peopleNode = el('div');
    const loadPeople = async () => {
      const response = await api(`/v1/organisations/${o.id}/people`);
      if (!response.ok) return showProblem(peopleNode, response);
      const { data } = await response.json();
      peopleNode.replaceChildren(
        data.length === 0
          ? el('p', { textContent: 'Nobody acts for it yet: invite someone below.' })
          : table(
              `People who act for ${o.name}`,
              ['Name', 'Email', 'Since', ''],
              data.map((p) => [p.displayName, p.email, when(p.since), removeButton(p)]),
            ),
      );
    };
    const removeButton = (p) => {
      const holder = el('div', { className: 'actions' });
      const ask = el('button', {
        type: 'button',
        className: 'secondary',
        textContent: `End access for ${p.displayName}`,
        onclick: () => {
          const confirm = el('button', {
            type: 'button',
            textContent: `Yes, end ${p.displayName}'s access`,
            onclick: async () => {
              const response = await api(`/v1/organisations/${o.id}/people/${p.id}`, { method: 'DELETE' });
              if (!response.ok) return showProblem(status, response);
              say(status, `${p.displayName} no longer acts for ${o.name}.`, 'success');
              await loadPeople();
            },
          });
          const cancel = el('button', {
            type: 'button',
            className: 'secondary',
            textContent: 'Keep access',
            onclick: () => holder.replaceChildren(ask),
          });
          holder.replaceChildren(confirm, cancel);
          confirm.focus();
        },
      });
      holder.append(ask);
      return holder;
    };

    // Keys.
    const keysNode = el('div');
    const keysResponse = await api(`/v1/organisations/${o.id}/keys`);
    if (keysResponse.ok) {
      const { data } = await keysResponse.json();
      keysNode.replaceChildren(
        data.length === 0
          ? el('p', { textContent: 'No keys: the group uses the portal, or asks for a key there.' })
          : table(
              `Keys of ${o.name}`,
              ['Label', 'Id', 'Issued', 'Revoked'],
              data.map((k) => [k.label ?? '', k.id, when(k.createdAt), k.revokedAt ? when(k.revokedAt) : 'In use']),
            ),
      );
    } else await showProblem(keysNode, keysResponse);

    // Inviting.
    const email = field(
      'Their email (optional)',
      { type: 'email', maxLength: 254, autocomplete: 'off' },
      'Given, only that email can accept; with email set up on the server the link is sent there.',
    );
    const inviteStatus = el('div', { className: 'status', role: 'alert' });
    const inviteForm = el(
      'form',
      { noValidate: true },
      ...email.parts,
      inviteStatus,
      el('button', { type: 'submit', textContent: 'Make an invitation' }),
    );
    inviteForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      inviteStatus.textContent = '';
      const address = email.input.value.trim();
      const response = await api(`/v1/organisations/${o.id}/invitations`, {
        method: 'POST',
        ...jsonBody(address ? { email: address } : {}),
      });
      if (!response.ok) return showProblem(inviteStatus, response);
      const invitation = await response.json();
      email.input.value = '';
      if (invitation.sent) {
        say(
          inviteStatus,
          `The invitation was emailed to ${invitation.email}. It works once, until ${when(invitation.expiresAt)}.`,
          'success',
        );
      } else {
        const link = field('Invitation link', { readOnly: true, value: invitation.url });
        inviteStatus.replaceChildren(
          el('p', {
            textContent: `Pass this link on to the person now: it is shown only this once, works once, and until ${when(invitation.expiresAt)}.`,
          }),
          ...link.parts,
        );
        inviteStatus.dataset.kind = 'success';
        link.input.focus();
        link.input.select();
      }
    });

    detailNode.replaceChildren(
      el(
        'section',
        { className: 'organisation-detail', ariaLabel: o.name },
        heading,
        el('p', { textContent: `Id ${o.id}${o.demo ? ', a demonstration organisation' : ''}.` }),
        status,
        editForm,
        el('h4', { textContent: 'People' }),
        peopleNode,
        el('h4', { textContent: 'Invite a person' }),
        inviteForm,
        el('h4', { textContent: 'Keys' }),
        keysNode,
      ),
    );
    await loadPeople();
    if (focus) heading.focus();
  }

  await showList();
  if (ctx.options.organisation) await showDetail(ctx.options.organisation, true);
}
