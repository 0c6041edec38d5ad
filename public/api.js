// The page reads only the public API, with the same URLs any other client would use.

export class ApiError extends Error {
  constructor(message, status, type) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

/** A path with its query, leaving out empty values. */
export function apiPath(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** GET as JSON; a problem answer becomes an ApiError carrying its `detail`, which says what to do. */
export async function getJson(path, params) {
  const url = apiPath(path, params);
  let response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError('The API could not be reached. Check your connection and try again.', 0);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(body?.detail ?? `The API answered ${response.status}.`, response.status, body?.type);
  return body;
}

const cache = new Map();

/** For answers that do not change while the page is open (a release, an area's benchmarks). */
export function getJsonOnce(path, params) {
  const url = apiPath(path, params);
  if (!cache.has(url))
    cache.set(
      url,
      getJson(url).catch((error) => {
        cache.delete(url);
        throw error;
      }),
    );
  return cache.get(url);
}
