import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cvrProblem, isValidCvr } from './cvr.ts';

describe('the CVR rule (modulus 11)', () => {
  it.each([
    ['26911745', 'KMD A/S'],
    ['13612870', 'Microsoft Danmark ApS'],
    ['25511484', 'Atea A/S'],
    ['19435075', 'KOMBIT A/S'],
    ['34051178', 'Digitaliseringsstyrelsen'],
  ])('%s (%s) is valid', (cvr) => expect(cvrProblem(cvr)).toBeNull());

  it.each([
    ['00000000', 'leading-zero'],
    ['01234567', 'leading-zero'],
    ['12345678', 'checksum'],
    ['11111111', 'checksum'],
    ['99999999', 'checksum'],
    ['26911746', 'checksum'],
    ['2691174', 'format'],
    ['269117455', 'format'],
    ['2691174a', 'format'],
    ['', 'format'],
  ])('%s is no identity (%s)', (cvr, problem) => expect(cvrProblem(cvr)).toBe(problem));

  it('changing any one digit of a valid CVR breaks the check', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const digits = [...'26911745'].map(Number);
        digits[pos] = (digits[pos]! + delta) % 10;
        const changed = digits.join('');
        // Weights 2,7,6,5,4,3,2,1 are all below 11, so a single-digit change never keeps the sum ≡ 0.
        expect(isValidCvr(changed)).toBe(false);
      }),
    );
  });
});
