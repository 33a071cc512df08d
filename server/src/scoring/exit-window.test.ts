import { describe, expect, it } from 'vitest';
import { contractExit, exitWindow } from './exit-window.ts';
import { AS_OF, aContract, known, unknown } from './test-builders.ts';

describe('exit window', () => {
  it('the contract end, with the last day to give notice', () => {
    expect(contractExit(aContract({ endDate: '2028-12-01', noticeMonths: 6 }), AS_OF)).toEqual({
      nextExit: '2028-12-01', noticeBy: '2028-06-01', monthsToExit: 30, rule: 'EW.contract-end',
    });
  });

  it('termination with notice after the irrevocable period, when earlier than the end', () => {
    expect(contractExit(aContract({ endDate: '2035-01-01', noticeMonths: 3, irrevocableUntil: '2027-03-01' }), AS_OF)).toEqual({
      nextExit: '2027-03-01', noticeBy: '2026-12-01', monthsToExit: 9, rule: 'EW.notice-after-irrevocable',
    });
    // Irrevocable period over: notice from today.
    expect(contractExit(aContract({ endDate: '2035-01-01', noticeMonths: 3, irrevocableUntil: '2025-01-01' }), AS_OF)).toMatchObject({
      nextExit: '2026-09-01', noticeBy: AS_OF,
    });
  });

  it('no irrevocable date on record: only the end date frees the municipality', () => {
    expect(contractExit(aContract({ endDate: '2035-01-01', noticeMonths: 3, irrevocableUntil: null }), AS_OF).nextExit).toBe('2035-01-01');
  });

  it('terminated: exit on the termination date (or now, if it has passed)', () => {
    expect(contractExit(aContract({ terminatedAt: '2026-12-31' }), AS_OF)).toMatchObject({ nextExit: '2026-12-31', rule: 'EW.terminated' });
    expect(contractExit(aContract({ terminatedAt: '2025-01-01' }), AS_OF)).toMatchObject({ nextExit: AS_OF, monthsToExit: 0 });
  });

  it('expired but running: notice from today; unknown notice → unknown', () => {
    expect(contractExit(aContract({ endDate: '2025-01-01', noticeMonths: 3 }), AS_OF)).toMatchObject({ nextExit: '2026-09-01', rule: 'EW.expired-running' });
    expect(contractExit(aContract({ endDate: '2025-01-01', noticeMonths: null }), AS_OF)).toMatchObject({ nextExit: null, rule: 'EW.unknown' });
  });

  it('unknown end date: unknown, unless a known termination right gives a date', () => {
    expect(contractExit(aContract({ endDate: null }), AS_OF).rule).toBe('EW.unknown');
    expect(contractExit(aContract({ endDate: null, irrevocableUntil: '2027-01-01', noticeMonths: 1 }), AS_OF).nextExit).toBe('2027-01-01');
    expect(contractExit(aContract({ endDate: null }), AS_OF, 'best')).toMatchObject({ nextExit: AS_OF, monthsToExit: 0 });
  });

  it('the usage is free when every contract can be left: the latest exit counts', () => {
    const w = exitWindow(known([aContract({ id: 'a', endDate: '2027-01-01' }), aContract({ id: 'b', endDate: '2029-01-01' })]), AS_OF);
    expect(w).toMatchObject({ nextExit: '2029-01-01', contractId: 'b', withinWindow: false });
    expect(exitWindow(known([aContract({ id: 'a', endDate: '2027-01-01' }), aContract({ id: 'b', endDate: null })]), AS_OF)).toMatchObject({
      nextExit: null, contractId: 'b', withinWindow: false,
    });
  });

  it('within the 24-month window, and the no-contract and unknown cases', () => {
    expect(exitWindow(known([aContract({ endDate: '2028-06-01' })]), AS_OF).withinWindow).toBe(true);
    expect(exitWindow(known([aContract({ endDate: '2028-06-02' })]), AS_OF).withinWindow).toBe(false);
    expect(exitWindow(known([]), AS_OF)).toMatchObject({ rule: 'EW.no-contract', monthsToExit: 0, withinWindow: true });
    expect(exitWindow(unknown(), AS_OF)).toMatchObject({ rule: 'EW.unknown', nextExit: null, withinWindow: false });
  });
});
