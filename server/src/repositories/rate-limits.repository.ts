// Fixed-window counters in the database (not in a server's memory): a login limit holds across
// every app server behind the load balancer.
import { sql } from 'kysely';
import type { Db } from './db-types.ts';

/**
 * Counts one hit in `bucket`'s current window and returns the hits so far in it. One statement
 * (an upsert with RETURNING, on SQLite and PostgreSQL alike), so concurrent requests can't both
 * read the old count.
 */
export async function hit(db: Db, bucket: string, now: Date, windowSeconds: number): Promise<{ hits: number; windowStart: string }> {
  const nowIso = now.toISOString();
  const windowOpenedAfter = new Date(now.getTime() - windowSeconds * 1000).toISOString();
  const row = await sql<{ hits: number; window_start: string }>`
    insert into rate_limits (bucket, window_start, hits) values (${bucket}, ${nowIso}, 1)
    on conflict (bucket) do update set
      hits = case when rate_limits.window_start <= ${windowOpenedAfter} then 1 else rate_limits.hits + 1 end,
      window_start = case when rate_limits.window_start <= ${windowOpenedAfter} then ${nowIso} else rate_limits.window_start end
    returning hits, window_start`.execute(db);
  const r = row.rows[0]!;
  return { hits: Number(r.hits), windowStart: r.window_start };
}

export async function clearBucket(db: Db, bucket: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
}
