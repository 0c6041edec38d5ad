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
  // Bumped by invalidate(), so a load that began before a write cannot store its stale answer.
  private generation = 0;

  constructor(private readonly source: TokenSource, private readonly ttlMs: number) {}

  get(): Promise<string | undefined> {
    if (this.value !== undefined && Date.now() - this.loadedAt < this.ttlMs) return Promise.resolve(this.value);
    const reload = (this.pending ??= this.load().finally(() => { this.pending = undefined; }));
    return this.value !== undefined ? Promise.resolve(this.value) : reload;
  }

  /** The token as last loaded, without loading. */
  peek(): string | undefined {
    return this.value;
  }

  /** Forgets the token: the next get() waits for a load that starts after this call. */
  invalidate(): void {
    this.generation += 1;
    this.value = undefined;
    this.pending = undefined;
  }

  private async load(): Promise<string | undefined> {
    const generation = this.generation;
    let value: string | undefined;
    try {
      const loaded = await this.source();
      value = loaded === null || loaded === undefined ? 'none' : String(loaded);
    } catch {
      value = undefined;
    }
    if (generation === this.generation) {
      this.value = value;
      this.loadedAt = value === undefined ? 0 : Date.now();
    }
    return value;
  }
}

/**
 * The version tokens ETags are made from (see plugins/caching.ts).
 * - `reference()`: reference data and organisations, from a cheap digest query; `bump()` after a
 *   write makes the next read reload it, and other instances see the change within the TTL.
 * - `latestRelease()`: the id of the latest release, from the provider the releases module
 *   registers with `setLatestRelease(fn)`; `'none'` until one is registered.
 */
export class CacheVersions {
  private readonly referenceToken: CachedToken;
  private latestToken: CachedToken;
  // Changes only when a bump did not change the digest (a write the digest cannot see), so that
  // ETags handed out before the write never match again.
  private salt = '';
  // The digest before the last bump, until the next read compares it with a fresh one.
  private digestAtBump: string | undefined;
  private bumped = false;

  constructor(referenceSource: TokenSource, private readonly ttlMs: number) {
    this.referenceToken = new CachedToken(referenceSource, ttlMs);
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
