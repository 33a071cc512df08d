// Loads (and removes) the fictitious demo inventories through the same inventory service as a
// real import, so demo data exercises the real code path. Every demo row is marked demo.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inventoryRecords } from '../domain/inventory.ts';
import { nowIso } from '../repositories/db-types.ts';
import { replaceInventory } from '../services/replace-inventory.ts';
import { rescoreAll, today } from '../services/scores.ts';
import { type DemoCatalogue, generateDemoInventory } from './generate.ts';

export async function readDemoCatalogue(db: Kysely<Database>): Promise<DemoCatalogue> {
  const products = await db
    .selectFrom('products as p')
    .leftJoin('vendors as v', 'v.id', 'p.rights_holder_vendor_id')
    .select(['p.id', 'p.name', 'p.category', 'p.deployment_models', 'v.name as vendor_name', 'v.cvr as vendor_cvr', 'v.kind as vendor_kind'])
    .where('p.key', 'is not', null) // reference products only, never earlier imports' additions
    .orderBy('p.key')
    .execute();
  const deps = await db
    .selectFrom('product_dependencies as d')
    .innerJoin('products as t', 't.id', 'd.depends_on_product_id')
    .select(['d.product_id', 'd.role', 't.name'])
    .execute();
  const vendors = await db.selectFrom('vendors').select(['name', 'cvr', 'kind']).where('key', 'is not', null).orderBy('key').execute();
  return {
    products: products.map((p) => ({
      name: p.name,
      category: p.category,
      rightsHolder: p.vendor_name ? { name: p.vendor_name, cvr: p.vendor_cvr } : null,
      rightsHolderKind: p.vendor_kind,
      deploymentModels: JSON.parse(p.deployment_models) as string[],
      requires: deps.filter((d) => d.product_id === p.id).map((d) => ({ role: d.role, productName: d.name })),
    })),
    vendors,
  };
}

export interface DemoLoadResult {
  municipalities: number;
  usages: number;
}

/**
 * Generates and loads demo inventories; with `onlyIfEmpty`, does nothing once any inventory
 * exists. `codes` limits it to some municipalities (tests use a few to stay quick).
 */
export async function loadDemoData(
  db: Kysely<Database>,
  options: { seed: number; onlyIfEmpty: boolean; codes?: readonly number[]; asOf?: string },
): Promise<DemoLoadResult> {
  const existing = await db.selectFrom('current_inventory').select('municipality_code').execute();
  if (options.onlyIfEmpty && existing.length > 0) return { municipalities: 0, usages: 0 };
  const taken = new Set(existing.map((e) => e.municipality_code));
  const catalogue = await readDemoCatalogue(db);
  const municipalities = await db.selectFrom('municipalities').select(['code', 'name']).orderBy('code').execute();
  const asOf = options.asOf ?? today();
  let count = 0;
  let usages = 0;
  for (const m of municipalities) {
    if (taken.has(m.code) || (options.codes && !options.codes.includes(m.code))) continue;
    const records = inventoryRecords.parse(generateDemoInventory(catalogue, m, options.seed, asOf));
    const fileName = `demo-seed-${options.seed}-${m.code}.json`;
    await replaceInventory(db, {
      municipalityCode: m.code,
      records,
      kind: 'demo',
      deferNational: true,
      run: {
        actor: 'demo-generator',
        fileName,
        fileSha256: createHash('sha256').update(fileName).digest('hex'),
        fileSize: 0,
        format: 'generated',
        profile: 'demo',
        options: { seed: options.seed, asOf },
        rowsRead: records.usages.length + records.contracts.length,
        rowsRejected: 0,
        errors: [],
        warnings: [],
        startedAt: nowIso(),
      },
    });
    count++;
    usages += records.usages.length;
  }
  // Each municipality was scored as it loaded, against the category concentration of those
  // loaded before it; one full recomputation makes every score use the final national figures.
  if (count) await rescoreAll(db);
  return { municipalities: count, usages };
}

/** Removes every demo version and demo import run; real imports stay. Returns how many municipalities lost a demo inventory. */
export async function removeDemoData(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const demoVersions = trx.selectFrom('inventory_versions').select('id').where('demo', '=', 1);
    const pointers = await trx.deleteFrom('current_inventory').where('inventory_version_id', 'in', demoVersions).executeTakeFirst();
    await trx.updateTable('inventory_versions').set({ based_on_version_id: null }).where('based_on_version_id', 'in', demoVersions).execute();
    // Children first: PostgreSQL and SQLite both cascade, but deleting explicitly keeps it fast and obvious.
    const versionIds = (await demoVersions.execute()).map((v) => v.id);
    if (versionIds.length) {
      await trx.deleteFrom('integrations').where('inventory_version_id', 'in', versionIds).execute();
      await trx.deleteFrom('contracts').where('inventory_version_id', 'in', versionIds).execute();
      await trx.deleteFrom('system_usages').where('inventory_version_id', 'in', versionIds).execute();
    }
    await trx.updateTable('import_runs').set({ inventory_version_id: null }).where('demo', '=', 1).execute();
    await trx.updateTable('inventory_versions').set({ import_run_id: null }).where('demo', '=', 1).execute();
    await trx.deleteFrom('inventory_versions').where('demo', '=', 1).execute();
    await trx.deleteFrom('import_runs').where('demo', '=', 1).execute();
    // Exit plans and scenarios made on the demo inventories go with them; a municipality that
    // also has real versions keeps its own.
    const withInventory = trx.selectFrom('inventory_versions').select('municipality_code');
    await trx.deleteFrom('exit_plans').where('municipality_code', 'not in', withInventory).execute();
    await trx.deleteFrom('scenarios').where('municipality_code', 'not in', withInventory).execute();
    return Number(pointers.numDeletedRows);
  });
}
