// Loads the reference data and, when a catalogue fact changed, rescores every current inventory
// in the same step, so no score outlives the catalogue facts it was computed from.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { loadReferenceData, type ReferenceLoadResult } from '../reference/load-reference.ts';
import { rescoreAll } from './scores.ts';

export async function syncReferenceData(db: Kysely<Database>): Promise<ReferenceLoadResult & { rescored: boolean }> {
  const result = await loadReferenceData(db);
  const changed = result.inserted + result.updated > 0;
  const anyInventory = await db.selectFrom('current_inventory').select('municipality_code').limit(1).executeTakeFirst();
  if (changed && anyInventory) await rescoreAll(db);
  return { ...result, rescored: changed && anyInventory != null };
}
