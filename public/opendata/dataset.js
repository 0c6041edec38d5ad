// Puts a release's schema.org Dataset description into the page as a JSON-LD data block, so dataset
// search engines (which run the page's scripts) can index it. A data block is never run as a
// script, and it is built from the API's JSON, not written inline, so the page's strict
// Content-Security-Policy stays as it is.

const BLOCK_ID = 'dataset-jsonld';

/**
 * Embeds the description of `release` (with `area`: of that area's profile page). Without a
 * release it asks which is the latest first, and embeds nothing while none has been published:
 * an empty service is not an error, so it must not show up as one in the browser's console.
 */
export async function embedDataset({ area, release } = {}) {
  let id = release;
  if (id === undefined) {
    const latest = await fetch('/v1/releases?limit=1', { headers: { accept: 'application/json' } });
    if (!latest.ok) return;
    id = (await latest.json()).data?.[0]?.id;
    if (id === undefined) return;
  }
  const query = new URLSearchParams({ release: String(id), ...(area ? { area } : {}) });
  const response = await fetch(`/v1/catalog/dataset?${query}`, { headers: { accept: 'application/ld+json' } });
  if (!response.ok) return;
  const block = document.getElementById(BLOCK_ID) ?? document.createElement('script');
  block.type = 'application/ld+json';
  block.id = BLOCK_ID;
  block.textContent = JSON.stringify(await response.json());
  if (!block.isConnected) document.head.append(block);
}
