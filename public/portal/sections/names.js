// Names for activity ids and area codes, from the public API, each asked for once per page.
import { getJsonOnce } from '/api.js';

async function lookup(ids, path, pick) {
  const unique = [...new Set(ids)];
  const entries = await Promise.all(
    unique.map((id) =>
      getJsonOnce(`${path}/${encodeURIComponent(id)}`)
        .then((body) => [id, pick(body)])
        .catch(() => [id, id]),
    ),
  );
  return new Map(entries);
}

export const activityLabels = (ids) => lookup(ids, '/v1/activities', (a) => a.label);
export const areaNames = (codes) => lookup(codes, '/v1/areas', (a) => a.name);
