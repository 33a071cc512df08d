// A system's stable address: municipality + usage key (domain/inventory.ts usageKey), which
// survives re-imports where the usage id (one row of one version) does not. The web's
// /kommuner/{kode}/systemer/{key} and the API's /municipalities/{code}/systems/{key} resolve
// through here; an old /systemer/{id} link finds its address here too.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { findCurrentUsageIdByKey } from '../repositories/usage-keys.repository.ts';

export interface SystemAddress {
  municipalityCode: number;
  usageKey: string;
}

/** The current version's usage at a stable address; NotFoundError when the system is not in it. */
export async function currentUsageAt(db: Kysely<Database>, municipalityCode: number, usageKey: string): Promise<number> {
  const id = await findCurrentUsageIdByKey(db, municipalityCode, usageKey);
  if (id == null) throw new NotFoundError(`The current inventory of municipality ${municipalityCode} has no system ${JSON.stringify(usageKey)}`);
  return id;
}

/** The stable address of a usage row (of any version). */
export async function addressOf(db: Kysely<Database>, usageId: number): Promise<SystemAddress> {
  const u = await db.selectFrom('system_usages').select(['municipality_code', 'usage_key']).where('id', '=', usageId).executeTakeFirst();
  if (!u) throw new NotFoundError(`No system usage with id ${usageId}`);
  return { municipalityCode: u.municipality_code, usageKey: u.usage_key };
}
