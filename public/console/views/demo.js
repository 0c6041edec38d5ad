// Demo data: the fictional groups an embedded start loads. Once a real organisation exists the
// steward removes their figures as a whole (audited), after a confirmation, so no later release is
// a demo release.
import { el } from '/dom.js';
import { say, statusLine } from '/console/ui.js';

export async function mount(root, ctx) {
  const { api, showProblem } = ctx;
  const status = statusLine();
  root.append(el('h2', { textContent: 'Demo data' }), status);
  const response = await api('/v1/steward/organisations?limit=1000');
  if (!response.ok) return showProblem(status, response);
  const { data } = await response.json();
  const demo = data.filter((o) => o.demo).length;
  const real = data.length - demo;
  if (demo === 0)
    return root.append(el('p', { textContent: 'There are no demonstration organisations: every release holds real figures only.' }));
  const about = el('p', {
    textContent: `${demo} demonstration organisation${demo === 1 ? '' : 's'} with fictional figures. While their figures are in, every release is marked as a demo release, "not to cite".`,
  });
  if (real === 0)
    return root.append(
      about,
      el('p', {
        textContent: 'Once a real organisation exists (add it under Organisations), you can remove the demonstration figures here.',
      }),
    );
  const area = el('div', { className: 'actions' });
  const ask = el('button', {
    type: 'button',
    textContent: 'Remove the demonstration data',
    onclick: () => {
      const confirm = el('button', {
        type: 'button',
        textContent: 'Yes, remove the demonstration figures for good',
        onclick: async () => {
          const removal = await api('/v1/demo', { method: 'DELETE' });
          if (!removal.ok) return showProblem(status, removal);
          const { organisations, figures } = await removal.json();
          say(
            status,
            figures === 0
              ? 'There were no demonstration figures left to remove.'
              : `Removed ${figures} demonstration figure${figures === 1 ? '' : 's'} of ${organisations} organisation${organisations === 1 ? '' : 's'}. The next release holds real figures only; earlier releases do not change.`,
            'success',
          );
          area.replaceChildren();
          status.focus();
        },
      });
      const cancel = el('button', {
        type: 'button',
        className: 'secondary',
        textContent: 'Keep them',
        onclick: () => area.replaceChildren(ask),
      });
      area.replaceChildren(
        el('p', { textContent: `This withdraws every figure of the ${demo} demonstration organisations. It cannot be undone.` }),
        confirm,
        cancel,
      );
      confirm.focus();
    },
  });
  area.append(ask);
  status.tabIndex = -1;
  root.append(about, el('p', { textContent: `${real} real organisation${real === 1 ? '' : 's'} now.` }), area);
}
