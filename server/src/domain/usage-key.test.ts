import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usageKey, usageKeyForms } from './inventory.ts';

describe('usageKey', () => {
  it('prefers the KITOS UUID, then the local id, then the local or product name; trimmed and lower-cased', () => {
    const uuid = '0B3C9A52-5C2C-4B4E-9A8B-1F2E3D4C5B6A';
    expect(usageKey({ kitos_uuid: uuid, local_id: 'S1', local_name: 'Sag', product_name: 'SBSYS' })).toBe('kitos:0b3c9a52-5c2c-4b4e-9a8b-1f2e3d4c5b6a');
    expect(usageKey({ kitos_uuid: null, local_id: ' S1 ', local_name: 'Sag', product_name: 'SBSYS' })).toBe('id:s1');
    expect(usageKey({ kitos_uuid: null, local_id: '  ', local_name: ' Sag ', product_name: 'SBSYS' })).toBe('name:sag');
    expect(usageKey({ local_id: null, local_name: null, product_name: ' SBSYS ' })).toBe('name:sbsys');
  });

  it('lists every form, the key first and the name form last', () => {
    expect(usageKeyForms({ kitos_uuid: 'A-B', local_id: 'S1', local_name: null, product_name: 'SBSYS' })).toEqual(['kitos:a-b', 'id:s1', 'name:sbsys']);
    expect(usageKeyForms({ local_id: null, local_name: null, product_name: 'SBSYS' })).toEqual(['name:sbsys']);
  });

  it('is the first of its forms, and the same for the same system written differently in case and spaces', () => {
    const part = fc.option(fc.string({ minLength: 1 }), { nil: null });
    fc.assert(
      fc.property(part, part, part, fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), (kitos_uuid, local_id, local_name, product_name) => {
        const u = { kitos_uuid, local_id, local_name, product_name };
        expect(usageKeyForms(u)[0]).toBe(usageKey(u));
        const shouted = { kitos_uuid: kitos_uuid && ` ${kitos_uuid.toUpperCase()} `, local_id: local_id && ` ${local_id.toUpperCase()}`, local_name: local_name && local_name.toUpperCase(), product_name: `${product_name.toUpperCase()} ` };
        // Upper-casing can change a string's lower-case form (e.g. ß → SS); compare where it does not.
        fc.pre([kitos_uuid, local_id, local_name, product_name].every((s) => s == null || s.toUpperCase().toLowerCase() === s.toLowerCase()));
        expect(usageKey(shouted)).toBe(usageKey(u));
      }),
    );
  });
});
