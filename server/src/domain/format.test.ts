import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatDecimal, formatHhi, formatShare } from './format.ts';

// Deterministic pseudo-random numbers (no wall clock, no Math.random): a property holds for many.
function* numbers(count: number, scale: number): Generator<number> {
  let x = 20261206;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield (x / 2147483648) * scale;
  }
}

describe('the one da-DK formatter', () => {
  it('writes thousands with a dot in Danish and a comma in English', () => {
    expect(formatCount(2795)).toBe('2.795');
    expect(formatCount(2795, 'en')).toBe('2,795');
    for (const n of numbers(200, 10_000_000)) {
      const whole = Math.round(n);
      const text = formatCount(n);
      expect(text).toMatch(/^\d{1,3}(\.\d{3})*$/);
      expect(Number(text.replaceAll('.', ''))).toBe(whole);
    }
  });

  it('writes a decimal comma with at most the asked decimals', () => {
    expect(formatDecimal(21.83)).toBe('21,8');
    expect(formatDecimal(21.83, 'en')).toBe('21.8');
    for (const n of numbers(200, 100_000)) expect(formatDecimal(n)).toMatch(/^\d{1,3}(\.\d{3})*(,\d)?$/);
  });

  it('writes HHI as an integer', () => {
    expect(formatHhi(948.9315639438267)).toBe('949');
    expect(formatHhi(7678.516994360614)).toBe('7.679');
    for (const n of numbers(200, 10_000)) expect(formatHhi(n)).toMatch(/^\d{1,3}(\.\d{3})?$/);
  });

  it('writes percentages with at most one decimal', () => {
    expect(formatShare(0.4213, 'da', 1)).toBe('42,1\u00a0%');
    expect(formatShare(0.4213)).toBe('42\u00a0%');
    for (const n of numbers(200, 1)) {
      expect(formatShare(n, 'da', 1)).toMatch(/^\d{1,3}(,\d)?\u00a0%$/);
      expect(formatShare(n, 'en', 1)).toMatch(/^\d{1,3}(\.\d)?%$/);
    }
  });

  it('writes dates as "6. dec. 2026", never ISO', () => {
    expect(formatDate('2026-12-06')).toBe('6. dec. 2026');
    expect(formatDate('2028-02-01T10:00:00Z')).toBe('1. feb. 2028');
    expect(formatDate('2026-12-06', 'en')).toBe('6 Dec 2026');
  });
});
