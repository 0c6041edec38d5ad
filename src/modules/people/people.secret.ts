import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 30 ms here, cheap
 * enough for a small server, costly for anyone who has stolen the table.
 */
const ARGON2 = {
  algorithm: 2 /* Algorithm.Argon2id, a const enum the build cannot import */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const hashPassword = (password: string) => hash(password, ARGON2);

/** Compares a password with a stored hash; false (never a throw) for a malformed hash. */
export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;
/**
 * Checks a password against a hash made once for no one, so that signing in with an email that
 * has no account takes as long as with one that has: the answer's timing does not reveal it.
 */
export async function spendPasswordCheck(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'));
  await passwordMatches(await decoy, password);
}

export const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

const token = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;
const shortId = (prefix: string) => `${prefix}${randomBytes(9).toString('base64url')}`;

export const newPersonId = () => shortId('person_');
export const newInvitationId = () => shortId('inv_');

/** A session: the cookie value (256 random bits) and the hash the database keeps as its id. */
export function newSessionToken() {
  const value = token('ps_');
  return { value, id: sha256(value) };
}

/** An invitation's one-time token (256 random bits) and the hash the database keeps. */
export function newInvitationToken() {
  const value = token('pi_');
  return { value, hash: sha256(value) };
}

export const INVITATION_TOKEN = /^pi_[A-Za-z0-9_-]{43}$/;
export const SESSION_TOKEN = /^ps_[A-Za-z0-9_-]{43}$/;

/**
 * The CSRF token of a session, derived from its cookie value: bound to that session, unknown to
 * anyone who cannot read the cookie, never stored, and it cannot be turned back into the cookie.
 */
export const csrfTokenFor = (sessionValue: string) => createHash('sha256').update(`csrf:${sessionValue}`, 'utf8').digest('base64url');
