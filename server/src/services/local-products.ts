// Products local to a municipality (issue #12): an import never writes the shared catalogue. A
// system first seen in one municipality's file becomes that municipality's own product; a
// moderator then adopts it into the shared catalogue (every municipality sees it from then on)
// or merges it into a catalogue product it duplicates (its usages move there, its name becomes
// an alias so later imports match the catalogue product).
import type { Kysely } from 'kysely';
import { notInventedUnlessDemoWorld } from '../repositories/world.repository.ts';
import { canModerate, type Principal } from '../auth/policy.ts';
import type { Database } from '../db/schema.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { currentVersionsUsingProducts } from '../repositories/catalogue.repository.ts';
import { type Db, nowIso } from '../repositories/db-types.ts';
import { productNameKey } from '../repositories/products.repository.ts';
import { demand } from './catalogue-common.ts';
import { recomputeNational, scoreVersions } from './scores.ts';

export interface LocalProduct {
  id: number;
  name: string;
  municipalityCode: number;
  municipality: string;
  rightsHolderId: number | null;
  rightsHolder: string | null;
  category: string | null;
  /** Usages in the municipality's current inventory. */
  usageCount: number;
  /** A shared catalogue product of the same name, if there is one (then adopting is refused: merge). */
  sameNameProductId: number | null;
  createdAt: string;
}

function localProductsQuery(db: Db) {
  return db
    .selectFrom('products as p')
    .innerJoin('municipalities as m', 'm.code', 'p.local_to_municipality')
    .leftJoin('vendors as v', 'v.id', 'p.rights_holder_vendor_id')
    .where('p.local_to_municipality', 'is not', null)
    // Once real data exists, the demo generator's inventions wait for no moderator.
    .where(notInventedUnlessDemoWorld('p'));
}

/** Local products, oldest first, with their municipality and how many current usages they have. */
export async function localProductQueue(db: Db, page: { limit: number; offset: number }): Promise<{ items: LocalProduct[]; total: number }> {
  const total = await localProductsQuery(db).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await localProductsQuery(db)
    .select((eb) => [
      'p.id',
      'p.name',
      'p.normalized_name',
      'p.local_to_municipality',
      'm.name as municipality',
      'p.rights_holder_vendor_id',
      'v.name as rights_holder',
      'p.category',
      'p.created_at',
      eb
        .selectFrom('system_usages as u')
        .innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'u.inventory_version_id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('u.product_id', '=', 'p.id')
        .as('usage_count'),
    ])
    .orderBy('p.created_at')
    .orderBy('p.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const shared = rows.length
    ? new Map(
        (await db.selectFrom('products').select(['id', 'normalized_name']).where('normalized_name', 'in', rows.map((r) => productNameKey(r.normalized_name))).execute()).map((p) => [p.normalized_name, p.id]),
      )
    : new Map<string, number>();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      municipalityCode: r.local_to_municipality!,
      municipality: r.municipality,
      rightsHolderId: r.rights_holder_vendor_id,
      rightsHolder: r.rights_holder,
      category: r.category,
      usageCount: Number(r.usage_count ?? 0),
      sameNameProductId: shared.get(productNameKey(r.normalized_name)) ?? null,
      createdAt: r.created_at,
    })),
  };
}

async function findLocal(trx: Db, id: number) {
  const p = await trx.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new NotFoundError(`No product with id ${id}`);
  if (p.local_to_municipality == null) {
    throw new ConflictError(`Product ${id} is already in the shared catalogue`, [
      { field: 'id', value: String(id), message: { da: 'Produktet er allerede i det fælles katalog', en: 'The product is already in the shared catalogue' } },
    ]);
  }
  return p;
}

/** The current inventories using the products or competing in their categories, rescored with the nation. */
async function rescore(trx: Db, productIds: number[], categories: (string | null)[]): Promise<void> {
  const versions = await currentVersionsUsingProducts(trx, productIds, categories.filter((c): c is string => c != null));
  if (!versions.length) return;
  await scoreVersions(trx, versions);
  await recomputeNational(trx);
}

/**
 * Adopts a local product into the shared catalogue (moderators): every municipality sees it and
 * later imports of any municipality match it. Verified from now on: a moderator has looked at it.
 * 409 when the shared catalogue already has a product of that name (merge into it instead).
 */
export async function adoptProduct(db: Kysely<Database>, principal: Principal, id: number): Promise<{ id: number; name: string }> {
  demand(principal, canModerate(principal), 'moderate the catalogue');
  return db.transaction().execute(async (trx) => {
    const p = await findLocal(trx, id);
    const name = productNameKey(p.normalized_name);
    const clash = await trx.selectFrom('products').select('id').where('normalized_name', '=', name).executeTakeFirst();
    if (clash) {
      throw new ConflictError(`The shared catalogue already has a product named like ${p.name} (${clash.id}); merge into it instead`, [
        { field: 'id', value: String(id), message: { da: `Det fælles katalog har allerede et produkt med dette navn (${clash.id}); sammenlæg i stedet`, en: `The shared catalogue already has a product of this name (${clash.id}); merge instead` } },
      ]);
    }
    await trx.updateTable('products').set({ normalized_name: name, local_to_municipality: null, verified: 1, updated_at: nowIso() }).where('id', '=', id).execute();
    // It competes in its category now: the inventories of that category are scored anew.
    await rescore(trx, [id], [p.category]);
    await recordAudit(trx, principal, {
      action: 'product.adopt',
      entityType: 'product',
      entityId: id,
      municipalityCode: p.local_to_municipality,
      before: { localToMunicipality: p.local_to_municipality, verified: p.verified === 1 },
      after: { localToMunicipality: null, verified: true },
    });
    return { id, name: p.name };
  });
}

/**
 * Merges a local product into a shared catalogue product (moderators): its usages (in every
 * version) move there, the file's system name stays on each usage, its name becomes an alias of
 * the catalogue product (unless another product owns that spelling) and it is deleted.
 */
export async function mergeLocalProduct(db: Kysely<Database>, principal: Principal, id: number, intoId: number): Promise<{ id: number; name: string; mergedId: number; usagesMoved: number }> {
  demand(principal, canModerate(principal), 'moderate the catalogue');
  return db.transaction().execute(async (trx) => {
    const p = await findLocal(trx, id);
    const into = await trx.selectFrom('products').selectAll().where('id', '=', intoId).executeTakeFirst();
    if (!into) throw new NotFoundError(`No product with id ${intoId}`);
    if (into.local_to_municipality != null) {
      throw new ConflictError(`Product ${intoId} is not in the shared catalogue`, [
        { field: 'into', value: String(intoId), message: { da: 'Der kan kun sammenlægges med et produkt i det fælles katalog', en: 'Merge only into a product of the shared catalogue' } },
      ]);
    }
    const moved = await trx.updateTable('system_usages').set({ product_id: intoId }).where('product_id', '=', id).executeTakeFirst();
    await trx.updateTable('product_alternatives').set({ product_id: intoId }).where('product_id', '=', id)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('product_alternatives as o').select('o.product_id').where('o.product_id', '=', intoId).whereRef('o.alternative_id', '=', 'product_alternatives.alternative_id'))))
      .execute();
    const name = productNameKey(p.normalized_name);
    const aliasTaken = (await trx.selectFrom('product_aliases').select('id').where('normalized_alias', '=', name).executeTakeFirst()) ?? (await trx.selectFrom('products').select('id').where('normalized_name', '=', name).executeTakeFirst());
    await trx.deleteFrom('products').where('id', '=', id).execute();
    if (!aliasTaken) await trx.insertInto('product_aliases').values({ product_id: intoId, alias: p.name, normalized_alias: name }).execute();
    await rescore(trx, [intoId], []);
    await recordAudit(trx, principal, {
      action: 'product.merge',
      entityType: 'product',
      entityId: intoId,
      municipalityCode: p.local_to_municipality,
      before: { merged: { id, name: p.name, localToMunicipality: p.local_to_municipality } },
      after: { into: { id: intoId, name: into.name }, usagesMoved: Number(moved.numUpdatedRows), aliasAdded: aliasTaken ? null : p.name },
    });
    return { id: intoId, name: into.name, mergedId: id, usagesMoved: Number(moved.numUpdatedRows) };
  });
}
