// Looks up rows the tests wrote through the real import, by what the test named them.
import type { TestApp } from './app.ts';

/** The id of the system usage with this local id in its municipality's current inventory version. */
export async function currentUsageId(ta: TestApp, localId: string): Promise<number> {
  const row = await ta.t.handle.db
    .selectFrom('system_usages as u')
    .innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'u.inventory_version_id')
    .select('u.id')
    .where('u.local_id', '=', localId)
    .executeTakeFirstOrThrow();
  return row.id;
}
