import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys carry 256 random bits; the prefix makes a leaked key easy to recognise in a secret scanner. */
export const KEY_PREFIX = 'pa_';
const KEY_PATTERN = /^pa_[A-Za-z0-9_-]{43}$/;

export type NewKey = { id: string; key: string; keyHash: string };

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export function generateKey(): NewKey {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { id: `key_${randomBytes(9).toString('base64url')}`, key, keyHash: hashKey(key) };
}

export const looksLikeKey = (candidate: string) => KEY_PATTERN.test(candidate);

/** Compares two hex SHA-256 digests without leaking, through timing, how much of them matched. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
