// Dates for tests, counted from the suite's fixed "today" (HANDLEFRIHED_TODAY, set in
// vitest.config.ts) — the same day the server, the CLI and the scores use — never the calendar.
import { today } from '../../server/src/clock.ts';

const DAY_MS = 86_400_000;

/** The day n days before the suite's today (n < 0: after), as yyyy-mm-dd. */
export function daysAgo(n: number): string {
  return new Date(Date.parse(`${today()}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
}

export { today };
