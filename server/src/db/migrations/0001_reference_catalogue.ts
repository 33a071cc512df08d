// The shared catalogue: municipalities, categories, vendors (with ownership chain and aliases)
// and products (with the lock-in facts that belong to the product, not to one municipality).
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction, withId } from './util.ts';

export function referenceCatalogue(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema
          .createTable('municipalities')
          .addColumn('code', 'integer', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('region', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('verified', 'integer', (c) => c.notNull())
          .execute();

        await trx.schema
          .createTable('categories')
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('label_da', 'text', (c) => c.notNull())
          .addColumn('label_en', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .execute();

        await trx.schema
          .createTable('vocabulary_terms')
          .addColumn('vocabulary', 'text', (c) => c.notNull())
          .addColumn('term', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('vocabulary_terms_pk', ['vocabulary', 'term'])
          .execute();

        await withId(dialect, trx.schema.createTable('vendors'))
          .addColumn('key', 'text', (c) => c.unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('normalized_name', 'text', (c) => c.notNull().unique())
          .addColumn('cvr', 'text', (c) => c.unique())
          .addColumn('country', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('parent_vendor_id', 'integer', (c) => c.references('vendors.id'))
          .addColumn('ultimate_parent_id', 'integer', (c) => c.references('vendors.id'))
          .addColumn('ultimate_country', 'text')
          .addColumn('jurisdiction', 'text')
          .addColumn('source', 'text')
          .addColumn('verified', 'integer', (c) => c.notNull())
          .addColumn('notes', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await withId(dialect, trx.schema.createTable('vendor_aliases'))
          .addColumn('vendor_id', 'integer', (c) => c.notNull().references('vendors.id').onDelete('cascade'))
          .addColumn('alias', 'text', (c) => c.notNull())
          .addColumn('normalized_alias', 'text', (c) => c.notNull().unique())
          .addColumn('source', 'text')
          .execute();

        await withId(dialect, trx.schema.createTable('products'))
          .addColumn('key', 'text', (c) => c.unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('normalized_name', 'text', (c) => c.notNull().unique())
          .addColumn('rights_holder_vendor_id', 'integer', (c) => c.references('vendors.id'))
          .addColumn('category', 'text', (c) => c.references('categories.code'))
          .addColumn('license_model', 'text')
          .addColumn('spdx_license', 'text')
          .addColumn('deployment_models', 'text', (c) => c.notNull())
          .addColumn('data_export', 'text')
          .addColumn('export_formats', 'text', (c) => c.notNull())
          .addColumn('export_format_kind', 'text')
          .addColumn('api_availability', 'text')
          .addColumn('api_standards', 'text', (c) => c.notNull())
          .addColumn('code_governance', 'text')
          .addColumn('kitos_uuid', 'text', (c) => c.unique())
          .addColumn('source', 'text')
          .addColumn('verified', 'integer', (c) => c.notNull())
          .addColumn('notes', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await trx.schema.createIndex('products_rights_holder_idx').on('products').column('rights_holder_vendor_id').execute();

        await withId(dialect, trx.schema.createTable('product_aliases'))
          .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
          .addColumn('alias', 'text', (c) => c.notNull())
          .addColumn('normalized_alias', 'text', (c) => c.notNull().unique())
          .execute();

        await trx.schema
          .createTable('product_dependencies')
          .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
          .addColumn('depends_on_product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('product_dependencies_pk', ['product_id', 'depends_on_product_id'])
          .execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        for (const t of ['product_dependencies', 'product_aliases', 'products', 'vendor_aliases', 'vendors', 'vocabulary_terms', 'categories', 'municipalities']) {
          await trx.schema.dropTable(t).execute();
        }
      });
    },
  };
}
