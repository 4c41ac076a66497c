/**
 * Password hashing with scrypt (RFC 7914) from node:crypto, stored self-described as
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url) so the cost can rise without breaking
 * existing accounts. Passwords are NFC-normalised first (RFC 8265 §4.2, OpaqueString), so the
 * same accented password typed on different systems gives the same bytes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Issue } from '../core/errors.ts';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** Production cost: N=2^15, r=8, p=1 (32 MiB, tens of milliseconds). */
export const PRODUCTION_COST: ScryptCost = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
/** A cheap cost for tests only. */
export const TEST_COST: ScryptCost = Object.freeze({ N: 2 ** 10, r: 8, p: 1 });

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

const KEY_LEN = 32;
const SALT_LEN = 16;
// Bounds on stored parameters, so a tampered hash cannot make a login allocate gigabytes.
const MAX_N = 2 ** 20;
const MAX_RP = 64;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is just below 128·N·r for the production cost.
  const options: ScryptOptions = {
    N: cost.N,
    r: cost.r,
    p: cost.p,
    maxmem: 256 * cost.N * cost.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LEN, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(password: string, cost: ScryptCost = PRODUCTION_COST): Promise<string> {
  const salt = randomBytes(SALT_LEN);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** The cost an encoded hash was made with, or null when it is not a hash this module can read. */
export function parseCost(encoded: string): ScryptCost | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^[1-9]\d{0,9}$/.test(s) ? Number(s) : NaN));
  if (N === undefined || r === undefined || p === undefined) return null;
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || !(r >= 1 && r <= MAX_RP) || !(p >= 1 && p <= MAX_RP)) return null;
  return { N, r, p };
}

/** Checks a password against an encoded hash in constant time; false on any malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const cost = parseCost(encoded);
  const [, , , , saltText = '', hashText = ''] = encoded.split('$');
  const salt = Buffer.from(saltText, 'base64url');
  const expected = Buffer.from(hashText, 'base64url');
  if (!cost || salt.length < 8 || expected.length !== KEY_LEN) return false;
  const actual = await derive(password, salt, cost);
  return timingSafeEqual(actual, expected);
}

/** True when a stored hash was made with another cost than `cost` (rehash after a good login). */
export function needsRehash(encoded: string, cost: ScryptCost): boolean {
  const c = parseCost(encoded);
  return !c || c.N !== cost.N || c.r !== cost.r || c.p !== cost.p;
}

const dummies = new Map<string, Promise<string>>();

/**
 * A hash of a random password at `cost`, made once per cost: logins for unknown usernames are
 * checked against it so they take as long as logins for known ones (no user enumeration by timing).
 */
export function dummyPasswordHash(cost: ScryptCost): Promise<string> {
  const key = `${cost.N}/${cost.r}/${cost.p}`;
  let h = dummies.get(key);
  if (!h) {
    h = hashPassword(randomBytes(24).toString('base64url'), cost);
    dummies.set(key, h);
  }
  return h;
}

/** Policy: at least PASSWORD_MIN characters (code points), at most PASSWORD_MAX, not the username. */
export function checkPasswordPolicy(password: string, username: string, path = '/password'): Issue[] {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN)
    return [{ path, code: 'auth.password_too_short', params: { min: PASSWORD_MIN } }];
  if (length > PASSWORD_MAX) return [{ path, code: 'auth.password_too_long', params: { max: PASSWORD_MAX } }];
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) {
    return [{ path, code: 'auth.password_equals_username' }];
  }
  return [];
}
