import { LRUCache } from 'lru-cache';

/** A serialised answer as it was sent: the body and the headers that describe it. */
export type CachedResponse = { body: string | Buffer; contentType: string; contentDisposition?: string };

export type ResponseCacheStats = { hits: number; misses: number; entries: number; bytes: number; maxBytes: number };

/** An entry larger than this is never kept: one whole-release download would evict everything else. */
export const MAX_ENTRY_BYTES = 2 * 1024 * 1024;

// Per-entry bookkeeping (key, slot, object headers) beyond the body, so many small entries
// cannot overshoot the bound unnoticed.
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * Serialised bodies of answers that never change once made (a release is immutable), least
 * recently used first out, bounded by the bytes they hold. Keys are ETags, which already name the
 * release, the URL and the representation, so an entry can never be served for another answer.
 */
export class ResponseCache {
  // Undefined when disabled: the library refuses a bound of 0.
  private readonly entries: LRUCache<string, CachedResponse> | undefined;
  private hits = 0;
  private misses = 0;

  constructor(readonly maxBytes: number) {
    this.entries =
      maxBytes > 0
        ? new LRUCache({
            maxSize: maxBytes,
            maxEntrySize: Math.min(MAX_ENTRY_BYTES, maxBytes),
            sizeCalculation: (response, key) => Buffer.byteLength(response.body) + key.length + ENTRY_OVERHEAD_BYTES,
          })
        : undefined;
  }

  get enabled(): boolean {
    return this.entries !== undefined;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries?.get(key);
    if (entry === undefined) this.misses += 1;
    else this.hits += 1;
    return entry;
  }

  set(key: string, response: CachedResponse): void {
    this.entries?.set(key, response);
  }

  stats(): ResponseCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      entries: this.entries?.size ?? 0,
      bytes: this.entries?.calculatedSize ?? 0,
      maxBytes: this.maxBytes,
    };
  }
}
