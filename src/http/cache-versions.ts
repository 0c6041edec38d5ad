import { randomBytes } from 'node:crypto';

/** Loads a version token: anything that changes whenever the data it stands for change. */
export type TokenSource = () => Promise<string | number | null | undefined>;

/**
 * One token kept in memory and reloaded at most every `ttlMs`. A stale token is served while the
 * reload runs, so at most one request per interval waits for the database. A failed load forgets
 * the token: without one no ETag is sent and no 304 answered, which is always safe.
 */
class CachedToken {
  private value: string | undefined;
  private loadedAt = 0;
  private pending: Promise<string | undefined> | undefined;

  constructor(private readonly source: TokenSource, private readonly ttlMs: number) {}

  get(): Promise<string | undefined> {
    if (this.value !== undefined && Date.now() - this.loadedAt < this.ttlMs) return Promise.resolve(this.value);
    const reload = (this.pending ??= this.load().finally(() => { this.pending = undefined; }));
    return this.value !== undefined ? Promise.resolve(this.value) : reload;
  }

  /** Loads now, not joining a load that may have started before the caller's write committed. */
  async load(): Promise<string | undefined> {
    try {
      const loaded = await this.source();
      this.value = loaded === null || loaded === undefined ? 'none' : String(loaded);
      this.loadedAt = Date.now();
    } catch {
      this.value = undefined;
      this.loadedAt = 0;
    }
    return this.value;
  }
}

/**
 * The version tokens ETags are made from (see plugins/caching.ts).
 * - `reference()`: reference data and organisations, from a cheap digest query; `bump()` after a
 *   write reloads it at once, and other instances see the change within the TTL.
 * - `latestRelease()`: the id of the latest release, from the provider the releases module
 *   registers with `setLatestRelease(fn)`; `'none'` until one is registered.
 */
export class CacheVersions {
  private readonly referenceToken: CachedToken;
  private latestToken: CachedToken;
  // Changes only when a bump did not change the digest (a write the digest cannot see), so that
  // ETags handed out before the write never match again.
  private salt = '';

  constructor(referenceSource: TokenSource, private readonly ttlMs: number) {
    this.referenceToken = new CachedToken(referenceSource, ttlMs);
    this.latestToken = new CachedToken(async () => 'none', ttlMs);
  }

  async reference(): Promise<string | undefined> {
    const digest = await this.referenceToken.get();
    return digest === undefined ? undefined : digest + this.salt;
  }

  latestRelease(): Promise<string | undefined> {
    return this.latestToken.get();
  }

  /** Registers how to find the latest release id (the releases module calls this once). */
  setLatestRelease(source: TokenSource): void {
    this.latestToken = new CachedToken(source, this.ttlMs);
  }

  /** Call after a committed write that changes public data: reference lists, organisations, releases. */
  async bump(): Promise<void> {
    const before = await this.reference();
    const [digest] = await Promise.all([this.referenceToken.load(), this.latestToken.load()]);
    if (digest !== undefined && digest + this.salt === before) this.salt = `.${randomBytes(6).toString('hex')}`;
  }
}
