// KITOS_SYNC_CRON and KITOS_SYNC_TIMEZONE are read when the configuration is: a schedule that
// cannot fire stops the server at start-up with the reason.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { slotOf } from '../services/kitos-schedule.ts';
import { checkSyncCron } from './cron.ts';

describe('KITOS_SYNC_CRON', () => {
  it('is off unless set, and read with its time zone (Europe/Copenhagen by default)', () => {
    expect(loadConfig({}).kitosSync).toBeNull();
    expect(loadConfig({ KITOS_SYNC_CRON: '0 5 * * 1-5' }).kitosSync).toEqual({ cron: '0 5 * * 1-5', timezone: 'Europe/Copenhagen' });
    expect(loadConfig({ KITOS_SYNC_CRON: '30 2 * * *', KITOS_SYNC_TIMEZONE: 'UTC' }).kitosSync).toEqual({ cron: '30 2 * * *', timezone: 'UTC' });
  });

  it.each([
    ['0 5 * *', 'five fields'],
    ['0 0 5 * * *', 'five fields'],
    ['61 5 * * *', 'KITOS_SYNC_CRON'],
    ['0 5 31 2 *', 'never fires'],
  ])('refuses %j, saying why', (cron, why) => {
    expect(() => loadConfig({ KITOS_SYNC_CRON: cron })).toThrow(ConfigError);
    expect(() => checkSyncCron(cron, 'Europe/Copenhagen')).toThrow(why);
  });

  it('refuses a time zone it cannot read', () => {
    expect(() => loadConfig({ KITOS_SYNC_CRON: '0 5 * * *', KITOS_SYNC_TIMEZONE: 'Europa/København' })).toThrow(ConfigError);
  });

  it('puts every firing within a minute into the same slot', () => {
    const slot = slotOf(new Date('2026-12-07T05:00:59.999Z'));
    expect(slot.toISOString()).toBe('2026-12-07T05:00:00.000Z');
    expect(slotOf(new Date('2026-12-07T05:00:00.000Z'))).toEqual(slot);
  });
});
