// Writes about one system (an edit, an exit plan) go to its municipality's current inventory
// only: a usage row of an earlier version is history, and no score would read the change there.
import { ConflictError } from '../errors.ts';
import type { Db } from '../repositories/db-types.ts';
import { currentVersion } from '../repositories/inventory.repository.ts';

/** The current inventory version of the usage's municipality; ConflictError (409) when the usage is not in it. */
export async function currentVersionOfUsage(db: Db, usage: { id: number; municipality_code: number; inventory_version_id: number }, instead: string) {
  const current = await currentVersion(db, usage.municipality_code);
  if (current?.id !== usage.inventory_version_id) throw new ConflictError(`Usage ${usage.id} belongs to an earlier inventory version; ${instead}`);
  return current;
}
