// What the latest release is and what its publisher said changed; before the first release, who
// publishes one and how. Read from the public API like everything else on the page.
import { el } from './dom.js';
import { formatDate } from './format.js';

const noRelease = () => [
  el('h2', { textContent: 'No release has been published yet' }),
  el('p', {
    textContent:
      'Nothing is shown here until the steward who runs this service for the area (a council for voluntary service, a public health team or an Active Partnership) publishes the first release. Groups send their figures first; the steward then checks what the release would show and publishes it.',
  }),
  el('p', {
    textContent:
      'Stewards: sign in to the console at /console as an admin, preview the release there and publish it with notes; or publish with an admin key, through the API (POST /v1/releases, with notes saying what changed; POST /v1/releases/preview shows first what it would publish) or on the server with "npm run release". Each release is numbered and never changes afterwards.',
  }),
];

function latestRelease(release) {
  const facts = `Latest release: number ${release.id}, published ${formatDate(release.publishedAt)}.`;
  return [
    el('p', { textContent: facts }),
    ...(release.notes ? [el('p', { className: 'release-notes' }, el('strong', { textContent: 'What changed: ' }), release.notes)] : []),
  ];
}

/** Fills `node` with the latest release's number, date and notes, or with the words for an empty service. */
export async function showReleaseInfo(node) {
  // The list answers 200 even when it is empty, so an empty service costs the browser no error;
  // it is revalidated on every visit (a 304 when nothing changed), so a new release shows at once.
  const response = await fetch('/v1/releases?limit=1', { headers: { accept: 'application/json' }, cache: 'no-cache' });
  if (!response.ok) return;
  const latest = (await response.json()).data[0];
  node.replaceChildren(...(latest ? latestRelease(latest) : noRelease()));
  node.hidden = false;
}
