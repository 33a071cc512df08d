// What day it is, asked in one place. Scores, the demo generator, maturity and every
// date-relative rule call today(); nothing else reads the calendar for a decision. The setting
// HANDLEFRIHED_TODAY (config.ts) fixes the day: the test suite does, so its verdict is the same
// on any date, and an installation can replay a past day.
import { todaySetting } from './config.ts';

const fixed = todaySetting();

/** Today as yyyy-mm-dd: the fixed day when configured, else the calendar day in UTC. */
export const today = (): string => fixed ?? new Date().toISOString().slice(0, 10);
