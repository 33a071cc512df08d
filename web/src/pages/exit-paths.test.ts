// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { windowText } from './exit-paths.ts';

describe('windowText', () => {
  const w = { nextExit: '2027-06-01', noticeBy: '2026-06-01', monthsToExit: 6, withinWindow: true };
  it('says a notice deadline before the date of the figures has passed, without the star', () => {
    expect(windowText(w, '2026-11-27')).toBe('1. jun. 2027; opsigelsesfristen 1. jun. 2026 er overskredet');
  });
  it('gives the deadline still ahead, starred within the window', () => {
    expect(windowText(w, '2026-05-01')).toBe('1. jun. 2027; opsig senest 1. jun. 2026 ★');
    expect(windowText({ ...w, nextExit: null }, '2026-05-01')).toBe('ukendt');
  });
});
