// KITOS_SYNC_CRON, checked when the configuration is read: a bad schedule stops the server at
// start-up with the reason, rather than never firing.
import { Cron } from 'croner';
import { ConfigError } from '../errors.ts';

/** A 5-field cron expression (minute hour day-of-month month day-of-week), checked at start-up. */
export function checkSyncCron(expression: string, timezone: string): void {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    throw new ConfigError(`Invalid configuration:\n  KITOS_SYNC_CRON: expected five fields (minute hour day month weekday), e.g. "0 5 * * *", not ${JSON.stringify(expression)}`);
  try {
    const job = new Cron(expression, { timezone, paused: true });
    const next = job.nextRun(); // the time zone is read here
    job.stop();
    if (!next) throw new Error('the expression never fires');
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  KITOS_SYNC_CRON / KITOS_SYNC_TIMEZONE: ${(err as Error).message} (${JSON.stringify(expression)}, ${timezone})`);
  }
}
