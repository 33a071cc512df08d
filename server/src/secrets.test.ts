import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { ConfigError, SecretsUnavailableError } from './errors.ts';
import { Keyring, parseSecretKey, secretKeyId } from './secrets.ts';

const what = { da: 'Testhemmeligheden', en: 'The test secret' };
const newKey = () => randomBytes(32);

describe('secret keys', () => {
  it('are 32 bytes as hex, base64 or base64url, named by the first 8 hex digits of their SHA-256', () => {
    const bytes = newKey();
    const id = secretKeyId(bytes);
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    for (const text of [bytes.toString('hex'), bytes.toString('hex').toUpperCase(), bytes.toString('base64'), bytes.toString('base64url'), ` ${bytes.toString('base64')}\n`]) {
      const key = parseSecretKey(text);
      expect(key.id).toBe(id);
      expect(key.bytes.equals(bytes)).toBe(true);
    }
  });

  it('refuse anything else, naming the setting and how to make one', () => {
    for (const text of ['', 'hemmelig', randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), `${randomBytes(31).toString('hex')}zz`]) {
      expect(() => parseSecretKey(text, 'SECRETS_KEY_PREVIOUS')).toThrow(/SECRETS_KEY_PREVIOUS must be a 32-byte key .*openssl rand -base64 32/);
    }
  });

  it('come from the configuration; none configured is allowed, a malformed one stops the start', () => {
    const a = newKey();
    const b = newKey();
    const config = loadConfig({ SECRETS_KEY: a.toString('base64'), SECRETS_KEY_PREVIOUS: ` ${b.toString('hex')} ,` });
    expect(config.secrets.currentKeyId).toBe(secretKeyId(a));
    expect(loadConfig({}).secrets.currentKeyId).toBeNull();
    expect(loadConfig({ SECRETS_KEY: '' }).secrets.currentKeyId).toBeNull();
    expect(() => loadConfig({ SECRETS_KEY: 'for-kort' })).toThrow(ConfigError);
  });
});

describe('a keyring', () => {
  it('opens what it sealed, with a fresh IV each time', () => {
    const ring = new Keyring(parseSecretKey(newKey().toString('hex')));
    const one = ring.seal('adgangskode æøå', 'row/1');
    const two = ring.seal('adgangskode æøå', 'row/1');
    expect(one.sealed).not.toBe(two.sealed);
    expect(one.sealed).not.toContain('adgangskode');
    expect(one.sealed.split('.')[0]).toBe('hfs1');
    expect(one.keyId).toBe(ring.currentKeyId);
    expect(Keyring.keyIdOf(one.sealed)).toBe(ring.currentKeyId);
    expect(ring.open(one.sealed, 'row/1', what)).toBe('adgangskode æøå');
    expect(ring.open(two.sealed, 'row/1', what)).toBe('adgangskode æøå');
  });

  it('does not open a value under other additional data (another row), or a changed one', () => {
    const ring = new Keyring(parseSecretKey(newKey().toString('hex')));
    const { sealed } = ring.seal('adgangskode', 'row/1');
    expect(() => ring.open(sealed, 'row/2', what)).toThrow(SecretsUnavailableError);
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0]! ^= 1;
    const changed = [...parts.slice(0, 3), flipped.toString('base64url'), parts[4]].join('.');
    const failure = (() => {
      try {
        ring.open(changed, 'row/1', what);
      } catch (e) {
        return e as SecretsUnavailableError;
      }
    })();
    expect(failure).toBeInstanceOf(SecretsUnavailableError);
    expect(failure!.errors[0]!.code).toBe('secrets-unreadable');
    expect(failure!.errors[0]!.message.da).toMatch(/^Testhemmeligheden kan ikke dekrypteres/);
    expect(() => ring.open('not sealed', 'row/1', what)).toThrow(SecretsUnavailableError);
  });

  it('opens values sealed with a previous key, seals with the current one, and names a key it lacks', () => {
    const oldKey = parseSecretKey(newKey().toString('hex'));
    const newer = parseSecretKey(newKey().toString('hex'));
    const { sealed } = new Keyring(oldKey).seal('adgangskode', 'row/1');
    const rotated = new Keyring(newer, [oldKey]);
    expect(rotated.open(sealed, 'row/1', what)).toBe('adgangskode');
    expect(rotated.seal('x', 'row/1').keyId).toBe(newer.id);
    const failure = (() => {
      try {
        new Keyring(newer).open(sealed, 'row/1', what);
      } catch (e) {
        return e as SecretsUnavailableError;
      }
    })();
    expect(failure).toBeInstanceOf(SecretsUnavailableError);
    expect(failure!.errors[0]!.code).toBe('secrets-key-unknown');
    expect(failure!.errors[0]!.message.da).toContain(`krypteret med nøgle ${oldKey.id}, som serveren ikke har`);
    expect(failure!.errors[0]!.message.en).toContain('SECRETS_KEY_PREVIOUS');
  });

  it('without a current key refuses to seal (never stores in the clear) but still opens with previous keys', () => {
    const oldKey = parseSecretKey(newKey().toString('hex'));
    const { sealed } = new Keyring(oldKey).seal('adgangskode', 'row/1');
    const ring = new Keyring(null, [oldKey]);
    expect(() => ring.seal('adgangskode', 'row/1')).toThrow(SecretsUnavailableError);
    expect(() => ring.requireCurrentKey()).toThrow(/No SECRETS_KEY/);
    expect(ring.open(sealed, 'row/1', what)).toBe('adgangskode');
  });

  it('never prints its keys', () => {
    const bytes = newKey();
    const ring = new Keyring(parseSecretKey(bytes.toString('hex')));
    const printed = [inspect(ring), JSON.stringify(ring), inspect(loadConfig({ SECRETS_KEY: bytes.toString('base64') })), JSON.stringify(loadConfig({ SECRETS_KEY: bytes.toString('base64') }))].join('\n');
    for (const form of [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')]) expect(printed).not.toContain(form);
    expect(printed).toContain(ring.currentKeyId!);
  });
});
