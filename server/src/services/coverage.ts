// Coverage is part of every national figure: how many of the municipalities have data in the
// counted world (real inventories once any exists, else the demo ones) and how recent it is.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoDay } from '../repositories/db-types.ts';
import { countedInventories, readWorld, type World } from '../repositories/world.repository.ts';

export interface NationalCoverage {
  /** 'real' once any municipality's current inventory is real, else 'demo'. */
  world: World;
  municipalitiesWithData: number;
  municipalitiesTotal: number;
  /** The day the newest counted inventory was loaded; null without any. */
  latestDataDate: string | null;
}

export async function nationalCoverage(db: Kysely<Database>): Promise<NationalCoverage> {
  const world = await readWorld(db);
  const counted = await db
    .selectFrom(countedInventories(db).as('ci'))
    .innerJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('v.created_at').as('latest')])
    .executeTakeFirstOrThrow();
  const total = await db.selectFrom('municipalities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    world,
    municipalitiesWithData: Number(counted.n),
    municipalitiesTotal: Number(total.n),
    latestDataDate: counted.latest ? isoDay(counted.latest) : null,
  };
}
