// Product identity (issue #12): the file is the authority on its own inventory.
// - system_usages.system_name: the system's name as the file gave it ("Exchange Online"), beside
//   whatever catalogue product it was matched to. Existing rows get their product's name.
// - system_usages.rights_holder_vendor_id / category: the file's own values, kept when the
//   matched catalogue product says otherwise (null: the file gave none).
// - products.local_to_municipality: a product first seen in one municipality's file is local to
//   it (and unverified) until a moderator adopts it into the shared catalogue or merges it into
//   an existing product. A local product's normalized_name is `<code>:<name>`: a colon never
//   survives name normalisation, so local names cannot collide with the shared catalogue's (or
//   another municipality's) under the existing unique constraint.
import { type Kysely, sql } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

export function localProducts(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.alterTable('system_usages').addColumn('system_name', 'text', (c) => c.notNull().defaultTo('')).execute();
        await trx.schema.alterTable('system_usages').addColumn('rights_holder_vendor_id', 'integer', (c) => c.references('vendors.id')).execute();
        await trx.schema.alterTable('system_usages').addColumn('category', 'text').execute();
        await sql`update system_usages set system_name = coalesce((select p.name from products p where p.id = system_usages.product_id), local_name, '')`.execute(trx);
        await trx.schema.alterTable('products').addColumn('local_to_municipality', 'integer', (c) => c.references('municipalities.code')).execute();
        await trx.schema.createIndex('products_local_idx').on('products').column('local_to_municipality').execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        // Local products become shared ones again (as every product was before); their names
        // lose the municipality prefix unless the shared catalogue already has that name.
        await sql`update products set normalized_name = substr(normalized_name, length(cast(local_to_municipality as text)) + 2)
          where local_to_municipality is not null
            and not exists (select 1 from products s where s.normalized_name = substr(products.normalized_name, length(cast(products.local_to_municipality as text)) + 2))`.execute(trx);
        await trx.schema.dropIndex('products_local_idx').execute();
        await trx.schema.alterTable('products').dropColumn('local_to_municipality').execute();
        await trx.schema.alterTable('system_usages').dropColumn('category').execute();
        await trx.schema.alterTable('system_usages').dropColumn('rights_holder_vendor_id').execute();
        await trx.schema.alterTable('system_usages').dropColumn('system_name').execute();
      });
    },
  };
}
