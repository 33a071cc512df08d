// Secrets the server must be able to read back (a KITOS API user's password), encrypted at rest.
// Unlike sign-in passwords and tokens (auth/secrets.ts: hashed, never readable), these are sent on
// to another system, so they are sealed with AES-256-GCM under a key that lives only in the
// environment (SECRETS_KEY), never in the database: a stolen database or backup holds nothing
// usable without it.
//
// A sealed value is `hfs1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts): a random 12-byte IV
// per value, and the GCM tag over the ciphertext and the additional data (AAD) the caller names —
// the row and purpose the value belongs to (e.g. `kitos-credentials/municipality/101`). A value
// copied into another row fails to open there. The key id is the first 8 hex digits of the key's
// SHA-256, so a value says which key sealed it.
//
// Rotation: set SECRETS_KEY to the new key and SECRETS_KEY_PREVIOUS to the old one (several:
// comma-separated); values open with whichever key their id names, new ones are sealed with
// SECRETS_KEY; `handlefrihed kitos rotate-key` re-seals every stored value with it, after which
// SECRETS_KEY_PREVIOUS can go. Without SECRETS_KEY the server runs, but refuses to store secrets.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigError, SecretsUnavailableError } from './errors.ts';

const FORMAT = 'hfs1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

export interface SecretKey {
  /** First 8 hex digits of the key's SHA-256: names the key without revealing it. */
  readonly id: string;
  readonly bytes: Buffer;
}

export const secretKeyId = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex').slice(0, 8);

/**
 * A 32-byte key written as 64 hex digits or as base64 / base64url (44 characters with padding,
 * 43 without): `openssl rand -base64 32` or `openssl rand -hex 32` make one.
 */
export function parseSecretKey(text: string, setting = 'SECRETS_KEY'): SecretKey {
  const s = text.trim();
  let bytes: Buffer | null = null;
  if (/^[0-9a-f]{64}$/i.test(s)) bytes = Buffer.from(s, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(s)) {
    const decoded = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (decoded.length === KEY_BYTES) bytes = decoded;
  }
  if (!bytes) throw new ConfigError(`${setting} must be a 32-byte key as 64 hex digits or base64 (e.g. the output of \`openssl rand -base64 32\`)`);
  return { id: secretKeyId(bytes), bytes };
}

/** The keys this process has: the current one (seals and opens) and earlier ones (open only). */
export class Keyring {
  readonly #current: SecretKey | null;
  readonly #byId: ReadonlyMap<string, SecretKey>;

  constructor(current: SecretKey | null, previous: readonly SecretKey[] = []) {
    this.#current = current;
    this.#byId = new Map([...previous, ...(current ? [current] : [])].map((k) => [k.id, k]));
  }

  /** From the settings' text (SECRETS_KEY, SECRETS_KEY_PREVIOUS comma-separated); blank means none. */
  static fromSettings(current: string | null | undefined, previous: string | null | undefined): Keyring {
    const old = (previous ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((s) => parseSecretKey(s, 'SECRETS_KEY_PREVIOUS'));
    return new Keyring(current?.trim() ? parseSecretKey(current) : null, old);
  }

  /** The id of the key new values are sealed with; null without SECRETS_KEY. */
  get currentKeyId(): string | null {
    return this.#current?.id ?? null;
  }

  /** The current key's id; without SECRETS_KEY the clear refusal every caller gives (nothing is stored in the clear). */
  requireCurrentKey(): string {
    if (!this.#current) throw SecretsUnavailableError.noKey();
    return this.#current.id;
  }

  /** Encrypts `plaintext`, bound to `aad`; refused without a current key. */
  seal(plaintext: string, aad: string): { sealed: string; keyId: string } {
    this.requireCurrentKey();
    const key = this.#current!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [FORMAT, key.id, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')];
    return { sealed: parts.join('.'), keyId: key.id };
  }

  /** The key id a sealed value names (null when it is not a sealed value). */
  static keyIdOf(sealed: string): string | null {
    const parts = sealed.split('.');
    return parts.length === 5 && parts[0] === FORMAT ? parts[1]! : null;
  }

  /** Decrypts a value sealed for `aad`; `what` names it in the error (e.g. "KITOS-adgangen for kommune 101"). */
  open(sealed: string, aad: string, what: { da: string; en: string }): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT) throw SecretsUnavailableError.unreadable(what);
    const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
    const key = this.#byId.get(keyId);
    if (!key) throw SecretsUnavailableError.unknownKey(what, keyId, this.currentKeyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // The tag does not match: another row's value, a changed value, or a key that shares an id.
      throw SecretsUnavailableError.unreadable(what);
    }
  }

  /** Never the key material, whatever prints the keyring (a logged config object, a debugger). */
  toJSON(): unknown {
    return { current: this.currentKeyId, keys: [...this.#byId.keys()] };
  }

  [inspect.custom](): string {
    return `Keyring(current: ${this.currentKeyId ?? 'none'}, keys: ${[...this.#byId.keys()].join(', ') || 'none'})`;
  }
}
