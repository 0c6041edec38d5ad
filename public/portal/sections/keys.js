// Keys: the group's own API keys, for its own developer or spreadsheet tool.
import { el } from '/dom.js';
import { formatDate } from '/format.js';
import { showProblem } from '/portal/problem.js';

export async function mount(root, ctx) {
  const base = `/v1/organisations/${ctx.organisation.id}/keys`;
  const list = el('div', {});
  const status = el('div', { className: 'status', role: 'status' });
  status.setAttribute('aria-live', 'polite');

  const render = async () => {
    const response = await ctx.api(base);
    if (!response.ok) return showProblem(status, response);
    const { data } = await response.json();
    if (data.length === 0) return list.replaceChildren(el('p', { textContent: 'Your group has no keys.' }));
    list.replaceChildren(
      el(
        'ul',
        {},
        ...data.map((key) =>
          el(
            'li',
            {},
            `${key.label ?? 'No label'} (${key.id}), made ${formatDate(key.createdAt)}${key.revokedAt ? `, revoked ${formatDate(key.revokedAt)}` : ''} `,
            key.revokedAt
              ? null
              : el('button', {
                  type: 'button',
                  className: 'secondary',
                  textContent: `Revoke ${key.label ?? key.id}`,
                  onclick: async () => {
                    const revoked = await ctx.api(`${base}/${key.id}`, { method: 'DELETE' });
                    if (!revoked.ok) return showProblem(status, revoked);
                    status.dataset.kind = 'success';
                    status.textContent = `Revoked ${key.label ?? key.id}: it no longer works.`;
                    await render();
                  },
                }),
          ),
        ),
      ),
    );
  };

  const label = el('input', { id: 'key-label', name: 'label', maxLength: 200, required: true });
  label.setAttribute('aria-describedby', 'key-label-hint');
  const shown = el('div', {});
  const form = el(
    'form',
    {
      id: 'key-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const response = await ctx.api(base, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(label.value.trim() ? { label: label.value.trim() } : {}),
        });
        if (!response.ok) return showProblem(status, response);
        const issued = await response.json();
        label.value = '';
        shown.replaceChildren(
          el('p', { textContent: 'Copy this key now and keep it safe: it will not be shown again.' }),
          el('p', { className: 'key-value', textContent: issued.key }),
        );
        status.textContent = '';
        await render();
      },
    },
    el('label', { htmlFor: label.id, textContent: 'What the key is for' }),
    el('p', {
      id: 'key-label-hint',
      className: 'hint',
      textContent: 'For example "our website" or "Sam\'s spreadsheet", so you can tell keys apart.',
    }),
    label,
    el('button', { type: 'submit', textContent: 'Make a new key' }),
  );
  root.append(
    el('h2', { textContent: 'Keys' }),
    el('p', {
      textContent:
        "A key lets a program (your website, a spreadsheet tool) send and read your group's figures without signing in. Give it only to someone you trust, and revoke it when it is no longer needed.",
    }),
    form,
    shown,
    el('h3', { textContent: 'Your keys' }),
    list,
    status,
  );
  await render();
}
