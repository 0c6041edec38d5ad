// What the signed-in pages (the portal and the console) do alike: mark the part that is open,
// mount a part's module with its context, and read the sign-in form.
import { byId, el } from '/dom.js';
import { showProblem } from '/portal/problem.js';
import { signIn } from '/portal/session.js';

/** Marks the button of `list` whose `data-<key>` is `name` as the current one. */
export function markCurrent(list, key, name) {
  for (const button of list.querySelectorAll('button'))
    if (button.dataset[key] === name) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
}

/**
 * Imports the module at `url` and mounts it in `root` with `ctx`. A module that cannot be opened
 * leaves a message naming `what` ("the portal", "the console"); with `focus`, its heading takes
 * the focus, so a keyboard or screen reader user lands on what they opened.
 */
export async function mountPart(root, url, ctx, { what, focus = false }) {
  try {
    const part = await import(url);
    await part.mount(root, ctx);
  } catch {
    root.replaceChildren(
      el('p', {
        className: 'status',
        dataset: { kind: 'error' },
        textContent: `This part of ${what} could not be opened. Reload the page and try again.`,
      }),
    );
  }
  if (!focus) return;
  const heading = root.querySelector('h2');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
}

/** The sign-in form's submit handler: a refusal is shown under the form, a session goes to `onSignedIn`. */
export function signInHandler(onSignedIn) {
  return async (event) => {
    event.preventDefault();
    const error = byId('signin-error');
    error.textContent = '';
    const response = await signIn(byId('signin-email').value.trim(), byId('signin-password').value);
    if (!response.ok) return showProblem(error, response);
    byId('signin-password').value = '';
    onSignedIn(await response.json());
  };
}
