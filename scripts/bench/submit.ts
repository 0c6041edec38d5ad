// Sends batches to the running API's batch endpoint, a few at a time, and counts what was stored.
// Any answer other than 201 stops the benchmark: a figure the API refused is not a figure stored.
import type { Batch } from './dataset.js';

export type SubmitStats = { batches: number; figures: number; ms: number; figuresPerSecond: number; batchesPerSecond: number };

export async function submitBatches(
  baseUrl: string,
  key: string,
  batches: Iterator<Batch>,
  options: { concurrency: number; stopAfterFigures?: number; onStored?: (figures: number) => void },
): Promise<SubmitStats & { exhausted: boolean }> {
  const started = performance.now();
  let figures = 0;
  let count = 0;
  let exhausted = false;
  const next = (): Batch | undefined => {
    if (options.stopAfterFigures !== undefined && figures >= options.stopAfterFigures) return undefined;
    const item = batches.next();
    if (item.done) exhausted = true;
    return item.done ? undefined : item.value;
  };
  async function worker() {
    for (let batch = next(); batch; batch = next()) {
      const res = await fetch(`${baseUrl}/v1/organisations/${batch.organisationId}/figures`, {
        method: 'POST',
        body: JSON.stringify({ figures: batch.figures }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      });
      const body = await res.text();
      if (res.status !== 201) throw new Error(`batch for ${batch.organisationId} answered ${res.status}: ${body.slice(0, 500)}`);
      figures += batch.figures.length;
      count += 1;
      options.onStored?.(batch.figures.length);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const ms = performance.now() - started;
  return { batches: count, figures, ms, figuresPerSecond: figures / (ms / 1000), batchesPerSecond: count / (ms / 1000), exhausted };
}
