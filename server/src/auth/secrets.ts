// Passwords and bearer secrets. Passwords are hashed with scrypt (memory-hard, in node:crypto);
// session ids and API tokens are random 256-bit values stored only as SHA-256 hashes, so the
// database never holds anything a thief could sign in with.
import { createHash, randomBytes, scrypt as scryptCallback, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/** OWASP's scrypt minimum is N=2^17, r=8, p=1 (128 MiB); maxmem must allow 128·N·r bytes. */
export const DEFAULT_SCRYPT_N = 2 ** 17;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(password: string, N = DEFAULT_SCRYPT_N): Promise<string> {
  const salt = randomBytes(16);
  const params = { N, r: 8, p: 1 };
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  const expected = Buffer.from(hash, 'base64url');
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to verify against when the account does not exist: the answer takes as long either way. */
const decoys = new Map<number, Promise<string>>();
export function decoyHash(N = DEFAULT_SCRYPT_N): Promise<string> {
  let d = decoys.get(N);
  if (!d) decoys.set(N, (d = hashPassword(randomBytes(16).toString('hex'), N)));
  return d;
}

export const PASSWORD_MIN_LENGTH = 12;

/** A new random secret with a readable prefix (`hf_…` tokens are easy to spot in a leaked file). */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
