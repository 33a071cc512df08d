// Loads (and removes) the fictitious demo inventories through the same inventory service as a
// real import, so demo data exercises the real code path. Every demo row is marked demo.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inventoryRecords } from '../domain/inventory.ts';
import { type AuditActor, recordAudit } from '../repositories/audit.repository.ts';
import { chunks, nowIso } from '../repositories/db-types.ts';
import { replaceInventory } from '../services/replace-inventory.ts';
import { rescoreAll, rescoreAllIn, today } from '../services/scores.ts';
import { type DemoCatalogue, generateDemoInventory } from './generate.ts';
import { normalizeProductName } from '../domain/names.ts';
import { NICHE_TASKS } from './market.ts';

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
  if (count) await storeDemoTasks(db);
  // Each municipality was scored as it loaded, against the category concentration of those
  // loaded before it; one full recomputation makes every score use the final national figures.
  if (count) await rescoreAll(db);
  return { municipalities: count, usages };
}

/** What the fictitious long-tail products do (market.ts `NICHE_TASKS`), in product_functions; adds only what is missing. */
async function storeDemoTasks(db: Kysely<Database>): Promise<void> {
  const names = new Map(Object.entries(NICHE_TASKS).map(([name, terms]) => [normalizeProductName(`${name} (demo)`), terms]));
  // A demo product is local to its municipality: its normalised name carries the code (`101:rekruttering demo`).
  const own = (p: { normalized_name: string }) => p.normalized_name.replace(/^\d+:/, '');
  const products = (await db.selectFrom('products').select(['id', 'normalized_name']).where('source', '=', 'demo').execute()).filter((p) => names.has(own(p)));
  if (products.length === 0) return;
  const have = new Set((await db.selectFrom('product_functions').select(['product_id', 'term']).where('product_id', 'in', products.map((p) => p.id)).execute()).map((r) => `${r.product_id}\u0000${r.term}`));
  const rows = products.flatMap((p) =>
    names.get(own(p))!.filter((term) => !have.has(`${p.id}\u0000${term}`)).map((term) => ({ product_id: p.id, term, source: 'server/src/demo/market.ts', note: 'fictitious demo product, named by its task' })),
  );
  if (rows.length) await db.insertInto('product_functions').values(rows).execute();
}

/** What `removeDemoData` deleted (the audit entry records the same). */
export interface DemoRemoval {
  /** Municipalities whose current inventory was a demo inventory. */
  municipalities: number;
  inventoryVersions: number;
  importRuns: number;
  products: number;
  vendors: number;
  alternatives: number;
  exitPlans: number;
  scenarios: number;
}

const affected = (r: { numDeletedRows: bigint } | { numUpdatedRows: bigint }): number => Number('numDeletedRows' in r ? r.numDeletedRows : r.numUpdatedRows);

/**
 * Removes every demo inventory version and demo import run, with what hangs off them (usages,
 * contracts, integrations, scores; exit plans and scenarios of municipalities left without an
 * inventory), and every row the demo generator invented (source 'demo') that nothing real uses:
 * products, vendors, open-source alternatives. One transaction, one audit entry naming `actor`
 * and the counts; the nation is rescored in the same transaction. Real rows stay untouched.
 */
export async function removeDemoData(db: Kysely<Database>, actor: AuditActor): Promise<DemoRemoval> {
  return db.transaction().execute(async (trx) => {
    const demoVersions = trx.selectFrom('inventory_versions').select('id').where('demo', '=', 1);
    const pointers = await trx.deleteFrom('current_inventory').where('inventory_version_id', 'in', demoVersions).executeTakeFirst();
    await trx.updateTable('inventory_versions').set({ based_on_version_id: null }).where('based_on_version_id', 'in', demoVersions).execute();
    await trx.updateTable('exit_plans').set({ saved_for_version_id: null }).where('saved_for_version_id', 'in', demoVersions).execute();
    // Children first: PostgreSQL and SQLite both cascade, but deleting explicitly keeps it fast and obvious.
    const versionIds = (await demoVersions.execute()).map((v) => v.id);
    for (const ids of chunks(versionIds, 1, 5_000)) {
      const usages = trx.selectFrom('system_usages').select('id').where('inventory_version_id', 'in', ids);
      const contracts = trx.selectFrom('contracts').select('id').where('inventory_version_id', 'in', ids);
      await trx.deleteFrom('usage_scores').where('inventory_version_id', 'in', ids).execute();
      await trx.deleteFrom('municipality_scores').where('inventory_version_id', 'in', ids).execute();
      await trx.deleteFrom('integrations').where('inventory_version_id', 'in', ids).execute();
      await trx.deleteFrom('contract_usages').where('contract_id', 'in', contracts).execute();
      await trx.deleteFrom('usage_sub_processors').where('usage_id', 'in', usages).execute();
      await trx.deleteFrom('contracts').where('inventory_version_id', 'in', ids).execute();
      await trx.deleteFrom('system_usages').where('inventory_version_id', 'in', ids).execute();
    }
    await trx.updateTable('import_runs').set({ inventory_version_id: null }).where('demo', '=', 1).execute();
    await trx.updateTable('inventory_versions').set({ import_run_id: null }).where('demo', '=', 1).execute();
    const versions = await trx.deleteFrom('inventory_versions').where('demo', '=', 1).executeTakeFirst();
    const runs = await trx.deleteFrom('import_runs').where('demo', '=', 1).executeTakeFirst();
    // Exit plans and scenarios made on the demo inventories go with them; a municipality that
    // also has real versions keeps its own.
    const withInventory = trx.selectFrom('inventory_versions').select('municipality_code');
    const plans = await trx.deleteFrom('exit_plans').where('municipality_code', 'not in', withInventory).executeTakeFirst();
    const scenarios = await trx.deleteFrom('scenarios').where('municipality_code', 'not in', withInventory).executeTakeFirst();
    const invented = await removeInventedRows(trx);
    const removed: DemoRemoval = {
      municipalities: Number(pointers.numDeletedRows),
      inventoryVersions: affected(versions),
      importRuns: affected(runs),
      ...invented,
      exitPlans: affected(plans),
      scenarios: affected(scenarios),
    };
    await recordAudit(trx, actor, { action: 'demo.remove', entityType: 'demo_data', entityId: null, before: null, after: removed });
    // The nation without the demo: rescored over what is left, or no national figure at all.
    const left = await trx.selectFrom('current_inventory').select('municipality_code').limit(1).executeTakeFirst();
    if (left) await rescoreAllIn(trx);
    else await trx.deleteFrom('national_scores').execute();
    return removed;
  });
}

/**
 * Deletes the rows the demo generator invented (source 'demo') once no inventory uses them; one
 * that real data came to use stays, as an ordinary imported row.
 */
async function removeInventedRows(trx: Transaction<Database>): Promise<Pick<DemoRemoval, 'products' | 'vendors' | 'alternatives'>> {
  const inventedProducts = trx
    .selectFrom('products as p')
    .select('p.id')
    .where('p.source', '=', 'demo')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('system_usages as u').select('u.id').whereRef('u.product_id', '=', 'p.id'))));
  const productIds = (await inventedProducts.execute()).map((p) => p.id);
  for (const ids of chunks(productIds, 1, 5_000)) {
    await trx.deleteFrom('product_aliases').where('product_id', 'in', ids).execute();
    await trx.deleteFrom('product_dependencies').where((eb) => eb.or([eb('product_id', 'in', ids), eb('depends_on_product_id', 'in', ids)])).execute();
    await trx.deleteFrom('product_alternatives').where('product_id', 'in', ids).execute();
    await trx.deleteFrom('products').where('id', 'in', ids).execute();
  }
  await trx.updateTable('products').set({ source: 'import' }).where('source', '=', 'demo').execute();

  const alternatives = await trx.selectFrom('alternatives').select('id').where('source', '=', 'demo').execute();
  const alternativeIds = alternatives.map((a) => a.id);
  if (alternativeIds.length) {
    await trx.deleteFrom('product_alternatives').where('alternative_id', 'in', alternativeIds).execute();
    await trx.deleteFrom('experience_reports').where('alternative_id', 'in', alternativeIds).execute();
    await trx.deleteFrom('alternatives').where('id', 'in', alternativeIds).execute();
  }

  const vendorIds = (
    await trx
      .selectFrom('vendors as v')
      .select('v.id')
      .where('v.source', '=', 'demo')
      .where(({ not, exists, selectFrom, or }) =>
        not(
          or([
            exists(
              selectFrom('system_usages as u')
                .select('u.id')
                .where((w) => w.or([w('u.supplier_vendor_id', '=', w.ref('v.id')), w('u.hosted_by_vendor_id', '=', w.ref('v.id')), w('u.operated_by_vendor_id', '=', w.ref('v.id')), w('u.rights_holder_vendor_id', '=', w.ref('v.id'))])),
            ),
            exists(selectFrom('contracts as c').select('c.id').whereRef('c.supplier_vendor_id', '=', 'v.id')),
            exists(selectFrom('usage_sub_processors as sp').select('sp.usage_id').whereRef('sp.vendor_id', '=', 'v.id')),
            exists(selectFrom('products as p').select('p.id').whereRef('p.rights_holder_vendor_id', '=', 'v.id')),
            exists(selectFrom('alternatives as a').select('a.id').whereRef('a.steward_vendor_id', '=', 'v.id')),
            exists(
              selectFrom('vendors as o')
                .select('o.id')
                .whereRef('o.id', '<>', 'v.id')
                .where((w) => w.or([w('o.parent_vendor_id', '=', w.ref('v.id')), w('o.ultimate_parent_id', '=', w.ref('v.id'))])),
            ),
          ]),
        ),
      )
      .execute()
  ).map((v) => v.id);
  for (const ids of chunks(vendorIds, 1, 5_000)) {
    await trx.deleteFrom('vendor_aliases').where('vendor_id', 'in', ids).execute();
    await trx.updateTable('vendors').set({ parent_vendor_id: null, ultimate_parent_id: null }).where('id', 'in', ids).execute();
    await trx.deleteFrom('vendors').where('id', 'in', ids).execute();
  }
  await trx.updateTable('vendors').set({ source: 'import' }).where('source', '=', 'demo').execute();
  return { products: productIds.length, vendors: vendorIds.length, alternatives: alternativeIds.length };
}
