import { LRUCache } from 'lru-cache';
import { ProblemError } from '../../http/problem.js';

export type SignInLimits = { attemptsPerAddress: number; failuresPerAccount: number; windowMs: number };

type Window = { count: number; resetAt: number };

/**
 * Sign-in budgets kept in this process: every attempt counts against the address, failed ones
 * against the email too (whether or not it has an account, so the limit reveals nothing). One
 * account cannot be guessed at from many addresses, nor many accounts from one address.
 */
export class SignInLimiter {
  private readonly windows: LRUCache<string, Window>;

  constructor(private readonly limits: SignInLimits) {
    this.windows = new LRUCache({ max: 100_000, ttl: limits.windowMs });
  }

  private current(key: string, now: number): Window {
    const found = this.windows.get(key);
    if (found && found.resetAt > now) return found;
    const fresh = { count: 0, resetAt: now + this.limits.windowMs };
    this.windows.set(key, fresh);
    return fresh;
  }

  /** Counts an attempt from `address` for `email`, or throws a 429 with Retry-After when either budget is spent. */
  admit(address: string, email: string, now = Date.now()) {
    const byAddress = this.current(`ip:${address}`, now);
    const byAccount = this.current(`email:${email.toLowerCase()}`, now);
    const blocked =
      byAddress.count >= this.limits.attemptsPerAddress ? byAddress : byAccount.count >= this.limits.failuresPerAccount ? byAccount : null;
    if (blocked) {
      const seconds = Math.max(1, Math.ceil((blocked.resetAt - now) / 1000));
      throw new ProblemError(
        'rate-limited',
        `Too many sign-in attempts. Wait ${Math.ceil(seconds / 60)} minute(s) and try again, or ask for a new invitation to set a new password.`,
        {},
        { 'retry-after': String(seconds) },
      );
    }
    byAddress.count += 1;
  }

  failed(email: string, now = Date.now()) {
    this.current(`email:${email.toLowerCase()}`, now).count += 1;
  }

  succeeded(email: string) {
    this.windows.delete(`email:${email.toLowerCase()}`);
  }
}
