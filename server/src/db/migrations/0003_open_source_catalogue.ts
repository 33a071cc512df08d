// The open-source catalogue (publiccode.yml fields plus the maturity inputs of the AMS),
// its mapping onto proprietary products, and municipalities' experience reports.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction, withId } from './util.ts';

export function openSourceCatalogue(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await withId(dialect, trx.schema.createTable('alternatives'))
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('url', 'text')
          .addColumn('repository_url', 'text')
          .addColumn('software_type', 'text')
          .addColumn('development_status', 'text')
          .addColumn('spdx_license', 'text')
          .addColumn('license_verified', 'integer', (c) => c.notNull())
          .addColumn('maintenance_type', 'text')
          .addColumn('platforms', 'text', (c) => c.notNull())
          .addColumn('categories', 'text', (c) => c.notNull())
          .addColumn('description_da', 'text')
          .addColumn('description_en', 'text')
          .addColumn('steward_vendor_id', 'integer', (c) => c.references('vendors.id'))
          .addColumn('os2_level', 'integer')
          .addColumn('scorecard_score', 'double precision')
          .addColumn('elephant_factor', 'integer')
          .addColumn('eu_public_adopters', 'integer')
          .addColumn('eu_support_providers', 'integer')
          .addColumn('last_release_at', 'text')
          .addColumn('moderation_state', 'text', (c) => c.notNull())
          .addColumn('source', 'text')
          .addColumn('verified', 'integer', (c) => c.notNull())
          .addColumn('notes', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await trx.schema
          .createTable('product_alternatives')
          .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
          .addColumn('alternative_id', 'integer', (c) => c.notNull().references('alternatives.id').onDelete('cascade'))
          .addColumn('fit_notes', 'text')
          .addColumn('migration_effort', 'text')
          .addColumn('source', 'text')
          .addColumn('verified', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('product_alternatives_pk', ['product_id', 'alternative_id'])
          .execute();
        await trx.schema.createIndex('product_alternatives_alt_idx').on('product_alternatives').column('alternative_id').execute();

        await withId(dialect, trx.schema.createTable('experience_reports'))
          .addColumn('alternative_id', 'integer', (c) => c.notNull().references('alternatives.id').onDelete('cascade'))
          .addColumn('municipality_code', 'integer', (c) => c.references('municipalities.code'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('rating', 'integer')
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('moderation_state', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        for (const t of ['experience_reports', 'product_alternatives', 'alternatives']) {
          await trx.schema.dropTable(t).execute();
        }
      });
    },
  };
}
