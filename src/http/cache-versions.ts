import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** Loads a version token: anything that changes whenever the data it stands for change. */
export type TokenSource = () => Promise<string | number | null | undefined>;

/**
 * One token kept in memory and reloaded at most every `ttlMs`. A stale token is served while the
 * reload runs, so at most one request per interval waits for the database. A failed load forgets
 * the token: without one no ETag is sent and no 304 answered, which is always safe.
 */
class CachedToken {
  // One entry under one key: the library brings the stale-while-reloading, the single reload in
  // flight, and (delete aborts it) the rule that a load begun before invalidate() stores nothing.
  private readonly memo: LRUCache<'token', string>;

  constructor(source: TokenSource, ttlMs: number) {
    this.memo = new LRUCache<'token', string>({
      max: 1,
      ttl: ttlMs,
      allowStale: true,
      noDeleteOnStaleGet: true,
      fetchMethod: async () => {
        const loaded = await source();
        return loaded === null || loaded === undefined ? 'none' : String(loaded);
      },
    });
  }

  get(): Promise<string | undefined> {
    // Every cacheable request asks: fetch() alone made that a quarter slower than the hand-written
    // memo this replaced; a plain get() of a fresh token first is at least as fast as that memo.
    const fresh = this.memo.get('token', { allowStale: false });
    if (fresh !== undefined) return Promise.resolve(fresh);
    return this.memo.fetch('token').catch(() => undefined);
  }

  /** The token as last loaded, without loading. */
  peek(): string | undefined {
    return this.memo.peek('token', { allowStale: true });
  }

  /** Forgets the token: the next get() waits for a load that starts after this call. */
  invalidate(): void {
    this.memo.delete('token');
  }
}

/**
 * The version tokens ETags are made from (see plugins/caching.ts), each loaded by a function the
 * module that owns the data registers (the cache knows no table):
 * - `reference()`: reference data and organisations, from the meta module's cheap digest query
 *   (`setReference(fn)`); `bump()` after a write makes the next read reload it, and other
 *   instances see the change within the TTL.
 * - `latestRelease()`: the id of the latest release, from the releases module
 *   (`setLatestRelease(fn)`).
 * Both are `'none'` until registered.
 */
export class CacheVersions {
  private referenceToken: CachedToken;
  private latestToken: CachedToken;
  // Changes only when a bump did not change the digest (a write the digest cannot see), so that
  // ETags handed out before the write never match again.
  private salt = '';
  // The digest before the last bump, until the next read compares it with a fresh one.
  private digestAtBump: string | undefined;
  private bumped = false;

  constructor(private readonly ttlMs: number) {
    this.referenceToken = new CachedToken(async () => 'none', ttlMs);
    this.latestToken = new CachedToken(async () => 'none', ttlMs);
  }

  async reference(): Promise<string | undefined> {
    const digest = await this.referenceToken.get();
    if (digest === undefined) return undefined;
    if (this.bumped) {
      this.bumped = false;
      if (digest === this.digestAtBump) this.salt = `.${randomBytes(6).toString('hex')}`;
    }
    return digest + this.salt;
  }

  latestRelease(): Promise<string | undefined> {
    return this.latestToken.get();
  }

  /** Registers how to read the reference data version (the meta module calls this once). */
  setReference(source: TokenSource): void {
    this.referenceToken = new CachedToken(source, this.ttlMs);
  }

  /** Registers how to find the latest release id (the releases module calls this once). */
  setLatestRelease(source: TokenSource): void {
    this.latestToken = new CachedToken(source, this.ttlMs);
  }

  /**
   * Call after a committed write that changes public data: reference lists, organisations,
   * releases. It costs no query: the next read reloads both tokens, so a stream of writes with
   * no reads in between (a bulk upload) does not re-read the versions after every batch.
   */
  bump(): void {
    if (!this.bumped) this.digestAtBump = this.referenceToken.peek();
    this.bumped = true;
    this.referenceToken.invalidate();
    this.latestToken.invalidate();
  }
}
