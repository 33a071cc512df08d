// Idempotent synchronisation of rows identified by a natural key (reference data): inserts new
// rows, updates only rows whose values differ, and leaves identical rows untouched, so loading
// the same reference data twice changes nothing (not even a timestamp).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { chunks, type Db, nowIso } from './db-types.ts';

export interface UpsertResult<K> {
  inserted: number;
  updated: number;
  /** The surrogate id (or the key itself for tables keyed by it) of every row passed in. */
  ids: Map<K, number>;
}

type Row = Record<string, unknown>;

export async function upsertByKey<K extends string | number>(
  database: Db,
  table: keyof Database,
  key: string,
  rows: Row[],
  options: { timestamps?: boolean; idColumn?: string } = {},
): Promise<UpsertResult<K>> {
  // Kysely's typed builder cannot express "any table, any key column"; this helper is the one
  // place that steps outside it, and it only ever receives validated rows.
  const db = database as unknown as Kysely<any>;
  const idColumn = options.idColumn ?? 'id';
  const existing = new Map<K, Row>(
    (await db.selectFrom(table).selectAll().execute()).map((r: Row) => [r[key] as K, r]),
  );
  const now = nowIso();
  const toInsert: Row[] = [];
  let updated = 0;
  for (const row of rows) {
    const old = existing.get(row[key] as K);
    if (!old) {
      toInsert.push(options.timestamps ? { ...row, created_at: now, updated_at: now } : row);
      continue;
    }
    const changed = Object.keys(row).filter((c) => !sameValue(old[c], row[c]));
    if (changed.length === 0) continue;
    const set: Row = Object.fromEntries(changed.map((c) => [c, row[c]]));
    if (options.timestamps) set.updated_at = now;
    await db.updateTable(table).set(set).where(key, '=', row[key]).execute();
    updated++;
  }
  const width = Math.max(1, ...toInsert.map((r) => Object.keys(r).length));
  for (const batch of chunks(toInsert, width)) {
    await db.insertInto(table).values(batch).execute();
  }
  const ids = new Map<K, number>();
  if (rows.length) {
    const keys = rows.map((r) => r[key]);
    for (const batch of chunks(keys, 1)) {
      const found = await db.selectFrom(table).select([key, idColumn]).where(key, 'in', batch).execute();
      for (const r of found as Row[]) ids.set(r[key] as K, r[idColumn] as number);
    }
  }
  return { inserted: toInsert.length, updated, ids };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null && b == null) return true;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return false;
}
