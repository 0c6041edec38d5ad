// Named in public: the group chooses whether it is shown by name, knowing what each choice means.
import { el } from '/dom.js';
import { showProblem } from '/portal/problem.js';

const CHOICES = [
  {
    value: 'true',
    label: 'Named in public',
    meaning:
      'Your group is shown by name: its own row and share in the tables and charts of each area and activity where you have figures, and it can be found by name on the public page, so you can cite your share in a funding bid.',
  },
  {
    value: 'false',
    label: 'Not named',
    meaning:
      'Your figures still count in every total, but inside "other organisations" with the groups that are not named: nobody can see your group\'s own count or share.',
  },
];

export async function mount(root, ctx) {
  const url = `/v1/organisations/${ctx.organisation.id}/consent`;
  root.append(el('h2', { textContent: 'Named in public' }));
  const status = el('div', { className: 'status', role: 'status' });
  status.setAttribute('aria-live', 'polite');
  const response = await ctx.api(url);
  if (!response.ok) return (root.append(status), showProblem(status, response));
  const consent = await response.json();
  const current = el('p', {});
  const describe = (named) => {
    current.textContent = `Now: ${named ? 'named in public' : 'not named'}. A change applies from the next release; releases already published stay as they are.`;
  };
  describe(consent.named);

  const radios = CHOICES.map(({ value, label, meaning }) => {
    const id = `consent-${value}`;
    const input = el('input', { type: 'radio', name: 'named', id, value, checked: String(consent.named) === value });
    input.setAttribute('aria-describedby', `${id}-meaning`);
    return el(
      'div',
      { className: 'choice' },
      input,
      el(
        'div',
        {},
        el('label', { htmlFor: id, textContent: label }),
        el('p', { id: `${id}-meaning`, className: 'hint', textContent: meaning }),
      ),
    );
  });
  const form = el(
    'form',
    {
      id: 'consent-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const named = form.querySelector('input[name="named"]:checked')?.value === 'true';
        const saved = await ctx.api(url, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ named }),
        });
        if (!saved.ok) return showProblem(status, saved);
        describe((await saved.json()).named);
        status.dataset.kind = 'success';
        status.textContent = named
          ? 'Saved: your group will be named from the next release.'
          : 'Saved: your group will not be named from the next release.';
      },
    },
    el('fieldset', {}, el('legend', { textContent: 'How should your group appear in what is published?' }), ...radios),
    el('button', { type: 'submit', textContent: 'Save this choice' }),
  );
  root.append(current, form, status);
}
