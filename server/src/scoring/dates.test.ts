import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, isoDay, monthsUntil, withinMonthsBefore } from './dates.ts';

describe('dates', () => {
  it('adds calendar months, clamping the day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-06-01', -12)).toBe('2025-06-01');
    expect(addMonths('2026-06-01', 30)).toBe('2028-12-01');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('counts whole months until a date, a part month counting as one', () => {
    expect(monthsUntil('2026-06-01', '2028-12-01')).toBe(30);
    expect(monthsUntil('2026-06-01', '2027-06-01')).toBe(12);
    expect(monthsUntil('2026-06-01', '2027-06-02')).toBe(13);
    expect(monthsUntil('2026-06-01', '2026-06-01')).toBe(0);
    expect(monthsUntil('2026-06-01', '2020-01-01')).toBe(0);
    expect(monthsUntil('2026-01-31', '2026-02-28')).toBe(1);
  });

  it('monthsUntil is the least k with addMonths(from, k) ≥ to', () => {
    const day = fc.integer({ min: 0, max: 4000 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const k = monthsUntil(a, b);
        expect(addMonths(a, k) >= b || k === 0).toBe(true);
        if (k > 0) expect(addMonths(a, k - 1) < b).toBe(true);
      }),
    );
  });

  it('checks recency against asOf', () => {
    expect(withinMonthsBefore('2025-06-01', '2026-06-01', 12)).toBe(true);
    expect(withinMonthsBefore('2025-05-31', '2026-06-01', 12)).toBe(false);
    expect(withinMonthsBefore('2027-01-01', '2026-06-01', 12)).toBe(true);
  });

  it('accepts a timestamp and rejects garbage', () => {
    expect(isoDay('2026-06-01T12:00:00Z')).toBe('2026-06-01');
    expect(() => isoDay('juni 2026')).toThrow(RangeError);
  });
});
