// Scheduled KITOS syncs (issue #18): `serve` with KITOS_SYNC_CRON set syncs every configured
// municipality at the times the expression names (read in KITOS_SYNC_TIMEZONE, by default
// Europe/Copenhagen, so "0 5 * * *" is five in the morning in Denmark all year). Every app server
// runs the same schedule; the sync's lease row lets one of them sync a given municipality at a
// time, and a server that arrives after another has synced it for the same slot skips it. The
// municipalities are synced one after another: a sync is an import, and imports queue for the
// database's write lock anyway.
import { Cron } from 'croner';
import { checkSyncCron } from '../kitos/cron.ts';

export interface SyncSchedule {
  /** The expression and time zone, for the start-up line. */
  readonly describe: string;
  nextRun(): Date | null;
  stop(): void;
}

export interface ScheduledSyncDeps {
  /** The municipalities with a KITOS connection, in the order to sync them. */
  municipalities: () => Promise<number[]>;
  /** Syncs one municipality for the slot (a minute); says whether it ran or another server had it. */
  syncOne: (municipalityCode: number, slot: Date) => Promise<'ran' | 'skipped'>;
  log: (message: string) => void;
}

/** The minute a run belongs to: every server that fires for it agrees on it. */
export const slotOf = (at: Date): Date => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/**
 * One scheduled run: every configured municipality in turn. A failure of one (KITOS down, access
 * withdrawn) is recorded by the sync on that municipality's connection and does not stop the rest.
 */
export async function runScheduledSyncs(slot: Date, deps: ScheduledSyncDeps): Promise<{ ran: number[]; skipped: number[]; failed: number[] }> {
  const out = { ran: [] as number[], skipped: [] as number[], failed: [] as number[] };
  for (const code of await deps.municipalities()) {
    try {
      (await deps.syncOne(code, slot)) === 'ran' ? out.ran.push(code) : out.skipped.push(code);
    } catch (err) {
      out.failed.push(code);
      deps.log(`KITOS-synkronisering af kommune ${code} fejlede / KITOS sync of municipality ${code} failed: ${(err as Error).message}`);
    }
  }
  return out;
}

export function startSyncSchedule(expression: string, timezone: string, deps: ScheduledSyncDeps): SyncSchedule {
  checkSyncCron(expression, timezone);
  // protect: a run still going when the next is due is not started twice in this process.
  const job = new Cron(expression, { timezone, protect: true, catch: true }, async (self: Cron) => {
    const slot = slotOf(self.currentRun() ?? new Date());
    const r = await runScheduledSyncs(slot, deps);
    deps.log(`KITOS-synkronisering ${slot.toISOString()}: ${r.ran.length} hentet, ${r.skipped.length} sprunget over, ${r.failed.length} fejlet / KITOS sync: ${r.ran.length} synced, ${r.skipped.length} skipped, ${r.failed.length} failed`);
  });
  return { describe: `${expression} (${timezone})`, nextRun: () => job.nextRun(), stop: () => job.stop() };
}
