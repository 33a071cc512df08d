// The fictitious demo data as a whole: removed by `handlefrihed demo remove` and DELETE /api/v1/demo,
// rebuilt by `handlefrihed demo reset` — which refuses once real data exists, unless forced, so
// nobody fills a municipality's real database with invented inventories by accident.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type DemoLoadResult, type DemoRemoval, loadDemoData, removeDemoData } from '../demo/load-demo.ts';
import { ConflictError } from '../errors.ts';
import type { AuditActor } from '../repositories/audit.repository.ts';
import { readWorld } from '../repositories/world.repository.ts';

export type { DemoRemoval };

export function removeDemo(db: Kysely<Database>, actor: AuditActor): Promise<DemoRemoval> {
  return removeDemoData(db, actor);
}

/**
 * Removes the demo data and generates it again for every municipality without a real inventory.
 * Refused (ConflictError) when a municipality's current inventory is real, unless `force`.
 */
export async function resetDemo(
  db: Kysely<Database>,
  actor: AuditActor,
  options: { seed: number; force: boolean },
): Promise<{ removed: DemoRemoval; loaded: DemoLoadResult }> {
  if (!options.force && (await readWorld(db)) === 'real') {
    throw new ConflictError(
      'Databasen indeholder rigtige data: demo reset ville lægge fiktive demodata ved siden af. Brug `handlefrihed demo remove` for at fjerne demodata, eller `demo reset --force` hvis du virkelig vil. / ' +
        'The database holds real data: demo reset would put fictitious demo data beside it. Use `handlefrihed demo remove` to remove the demo data, or `demo reset --force` if you really mean it.',
    );
  }
  const removed = await removeDemoData(db, actor);
  const loaded = await loadDemoData(db, { seed: options.seed, onlyIfEmpty: false });
  return { removed, loaded };
}
