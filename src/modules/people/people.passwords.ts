// The password rules, written once: the schema applies them and the portal explains them.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

// Passwords of 12 characters or more that appear again and again in published breach corpora
// (compared without regard to case). The length rule already rules out the shorter favourites.
const COMMON = new Set(
  [
    '123456789012',
    '1234567890123',
    '12345678901234',
    '123456789123',
    '111111111111',
    '000000000000',
    '121212121212',
    'qwertyuiop12',
    'qwertyuiop123',
    'qwertyuiopasdf',
    'qwertyuiopasdfghjkl',
    'qwerty123456',
    '1qaz2wsx3edc',
    '1q2w3e4r5t6y',
    'zaq12wsxcde3',
    'asdfghjkl123',
    'password1234',
    'password12345',
    'password123456',
    'passwordpassword',
    'password1!password',
    'iloveyou1234',
    'letmein12345',
    'welcome12345',
    'changeme1234',
    'administrator',
    'administrator1',
    'abcdefghijkl',
    'abcdefghijklmn',
    'abc123abc123',
    'football1234',
    'baseball1234',
    'sunshine1234',
    'princess1234',
    'monkey123456',
    'superman1234',
    'trustno11234',
    'starwars1234',
    'participation',
    'participation1',
    'communitygroup',
  ].map((p) => p.toLowerCase()),
);

/** Why a password is refused, in plain words; undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  if (COMMON.has(password.toLowerCase())) return 'is one of the most common passwords: choose another';
  if (new Set(password).size < 4) return 'repeats too few different characters: choose another';
  return undefined;
}

export const PASSWORD_RULES = `At least ${PASSWORD_MIN_LENGTH} characters (at most ${PASSWORD_MAX_LENGTH}), at least 4 different characters, and not one of the commonest passwords. A short sentence is easy to remember and hard to guess.`;
