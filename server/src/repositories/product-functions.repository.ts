// What each catalogue product does (migration 0016, issue #14): the function terms of
// data/reference/product-functions.csv, and the terms of the open-source alternatives (their
// `function` rows of alternative_facts), as the exit-path matcher reads them.
import { type Db } from './db-types.ts';

export interface ReferenceProductFunction {
  productKey: string;
  term: string;
  source: string;
  note: string | null;
}

/**
 * Makes product_functions hold exactly the file's rows for the products the file names:
 * inserts new terms, updates a changed source or note, deletes terms the file no longer states.
 * Products the file does not name keep their rows. Idempotent.
 */
export async function syncProductFunctions(db: Db, rows: ReferenceProductFunction[]): Promise<{ inserted: number; updated: number }> {
  const keys = [...new Set(rows.map((r) => r.productKey))];
  if (!keys.length) return { inserted: 0, updated: 0 };
  const ids = new Map<string, number>();
  for (let i = 0; i < keys.length; i += 500) {
    for (const p of await db.selectFrom('products').select(['id', 'key']).where('key', 'in', keys.slice(i, i + 500)).execute()) ids.set(p.key!, p.id);
  }
  const slot = (productId: number, term: string) => `${productId}\u0000${term}`;
  const existing = new Map<string, { id: number; source: string; note: string | null }>();
  const productIds = [...ids.values()];
  for (let i = 0; i < productIds.length; i += 500) {
    for (const r of await db.selectFrom('product_functions').select(['id', 'product_id', 'term', 'source', 'note']).where('product_id', 'in', productIds.slice(i, i + 500)).execute()) {
      existing.set(slot(r.product_id, r.term), r);
    }
  }
  let inserted = 0;
  let updated = 0;
  const wanted = new Set<string>();
  for (const r of rows) {
    const productId = ids.get(r.productKey);
    if (productId === undefined) continue; // the loader checks the keys against products.csv first
    const k = slot(productId, r.term);
    if (wanted.has(k)) continue;
    wanted.add(k);
    const old = existing.get(k);
    if (!old) {
      await db.insertInto('product_functions').values({ product_id: productId, term: r.term, source: r.source, note: r.note }).execute();
      inserted++;
    } else if (old.source !== r.source || old.note !== r.note) {
      await db.updateTable('product_functions').set({ source: r.source, note: r.note }).where('id', '=', old.id).execute();
      updated++;
    }
  }
  const gone = [...existing].filter(([k]) => !wanted.has(k)).map(([, r]) => r.id);
  for (let i = 0; i < gone.length; i += 500) await db.deleteFrom('product_functions').where('id', 'in', gone.slice(i, i + 500)).execute();
  return { inserted, updated: updated + gone.length };
}

/** Every product's function terms, by product id (terms sorted). */
export async function productFunctionTerms(db: Db): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const r of await db.selectFrom('product_functions').select(['product_id', 'term']).orderBy('product_id').orderBy('term').execute()) {
    out.set(r.product_id, [...(out.get(r.product_id) ?? []), r.term]);
  }
  return out;
}

/** Every alternative's function terms (its `function` facts), by alternative id (terms sorted). */
export async function alternativeFunctionTerms(db: Db): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const r of await db.selectFrom('alternative_facts').select(['alternative_id', 'value']).where('fact', '=', 'function').orderBy('alternative_id').orderBy('value').execute()) {
    out.set(r.alternative_id, [...(out.get(r.alternative_id) ?? []), r.value]);
  }
  return out;
}
