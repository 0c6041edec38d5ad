// Puts the latest release's schema.org Dataset description into the page as a JSON-LD data block,
// so dataset search engines (which run the page's scripts) can index it. A data block is never run
// as a script, and it is built from the API's JSON, not written inline, so the page's strict
// Content-Security-Policy stays as it is.

async function embedDataset() {
  const response = await fetch('/v1/catalog/dataset', { headers: { accept: 'application/ld+json' } });
  if (!response.ok) return;
  const block = document.createElement('script');
  block.type = 'application/ld+json';
  block.id = 'dataset-jsonld';
  block.textContent = JSON.stringify(await response.json());
  document.head.append(block);
}

embedDataset().catch(() => {});
