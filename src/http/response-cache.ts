/** A serialised answer as it was sent: the body and the headers that describe it. */
export type CachedResponse = { body: string | Buffer; contentType: string; contentDisposition?: string };

export type ResponseCacheStats = { hits: number; misses: number; entries: number; bytes: number; maxBytes: number };

/** An entry larger than this is never kept: one whole-release download would evict everything else. */
export const MAX_ENTRY_BYTES = 2 * 1024 * 1024;

// Per-entry bookkeeping (key, Map slot, object headers) beyond the body, so many small entries
// cannot overshoot the bound unnoticed.
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * Serialised bodies of answers that never change once made (a release is immutable), least
 * recently used first out, bounded by the bytes they hold. Keys are ETags, which already name the
 * release, the URL and the representation, so an entry can never be served for another answer.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse & { size: number }>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Map iteration follows insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, response: CachedResponse): void {
    const size = Buffer.byteLength(response.body) + key.length + ENTRY_OVERHEAD_BYTES;
    if (size > Math.min(MAX_ENTRY_BYTES, this.maxBytes)) return;
    this.delete(key);
    this.entries.set(key, { ...response, size });
    this.bytes += size;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  stats(): ResponseCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes };
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }
}
