// What day it is, asked in one place. Scores, the demo generator, maturity and every
// date-relative rule call today(); nothing else reads the calendar for a decision. The setting
// HANDLEFRIHED_TODAY (config.ts) fixes the day: the test suite does, so its verdict is the same
// on any date, and an installation can replay a past day. The timestamps stored with data (a
// version's creation, a plan's last save: nowIso in repositories/db-types.ts) come from now(),
// which a fixed day moves by the same whole number of days, so the age of a fact — how long ago
// it was declared — is measured on one calendar, whatever the machine's clock says.
import { todaySetting } from './config.ts';

const DAY_MS = 86_400_000;
const fixed = todaySetting();
/** Whole days between the fixed day and the machine's day when this process started. */
const offsetMs = fixed === null ? 0 : Date.parse(`${fixed}T00:00:00Z`) - Math.floor(Date.now() / DAY_MS) * DAY_MS;

/** Today as yyyy-mm-dd: the fixed day when configured, else the calendar day in UTC. */
export const today = (): string => fixed ?? new Date().toISOString().slice(0, 10);

/** The time now, on today()'s calendar: the machine's clock, moved to the fixed day if one is set. */
export const now = (): Date => new Date(Date.now() + offsetMs);
