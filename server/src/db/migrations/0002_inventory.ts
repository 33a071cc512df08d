// Each municipality's usage of the catalogue, as immutable inventory versions: an import writes a
// new version and moves the municipality's pointer, so earlier versions can be compared and
// restored. Contracts and integrations belong to the version that holds their usages.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction, withId } from './util.ts';

export function inventory(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await withId(dialect, trx.schema.createTable('import_runs'))
          .addColumn('municipality_code', 'integer', (c) => c.references('municipalities.code'))
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('file_sha256', 'text', (c) => c.notNull())
          .addColumn('file_size', 'integer', (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('profile', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('rows_read', 'integer', (c) => c.notNull())
          .addColumn('rows_accepted', 'integer', (c) => c.notNull())
          .addColumn('rows_rejected', 'integer', (c) => c.notNull())
          .addColumn('errors', 'text', (c) => c.notNull())
          .addColumn('warnings', 'text', (c) => c.notNull())
          .addColumn('options', 'text', (c) => c.notNull())
          .addColumn('demo', 'integer', (c) => c.notNull())
          .addColumn('inventory_version_id', 'integer')
          .execute();
        await trx.schema.createIndex('import_runs_municipality_idx').on('import_runs').columns(['municipality_code', 'id']).execute();

        await withId(dialect, trx.schema.createTable('inventory_versions'))
          .addColumn('municipality_code', 'integer', (c) => c.notNull().references('municipalities.code'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('import_run_id', 'integer', (c) => c.references('import_runs.id'))
          .addColumn('based_on_version_id', 'integer', (c) => c.references('inventory_versions.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          // The hash of the usages alone: a contracts file carries them over unchanged.
          .addColumn('usages_hash', 'text', (c) => c.notNull())
          .addColumn('usage_count', 'integer', (c) => c.notNull())
          .addColumn('contract_count', 'integer', (c) => c.notNull())
          .addColumn('integration_count', 'integer', (c) => c.notNull())
          .addColumn('demo', 'integer', (c) => c.notNull())
          .execute();
        await trx.schema.createIndex('inventory_versions_municipality_idx').on('inventory_versions').columns(['municipality_code', 'id']).execute();

        // The pointer that makes one version current. A separate table (not a column on
        // municipalities) keeps the reference catalogue free of a cycle through the inventory.
        await trx.schema
          .createTable('current_inventory')
          .addColumn('municipality_code', 'integer', (c) => c.primaryKey().references('municipalities.code'))
          .addColumn('inventory_version_id', 'integer', (c) => c.notNull().references('inventory_versions.id'))
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await withId(dialect, trx.schema.createTable('system_usages'))
          .addColumn('inventory_version_id', 'integer', (c) => c.notNull().references('inventory_versions.id').onDelete('cascade'))
          .addColumn('municipality_code', 'integer', (c) => c.notNull().references('municipalities.code'))
          .addColumn('usage_key', 'text', (c) => c.notNull())
          .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
          .addColumn('local_name', 'text')
          .addColumn('local_id', 'text')
          .addColumn('version', 'text')
          .addColumn('lifecycle', 'text')
          .addColumn('supplier_vendor_id', 'integer', (c) => c.references('vendors.id'))
          .addColumn('hosting_model', 'text')
          .addColumn('hosted_by_vendor_id', 'integer', (c) => c.references('vendors.id'))
          .addColumn('operated_by_vendor_id', 'integer', (c) => c.references('vendors.id'))
          .addColumn('data_location', 'text')
          .addColumn('criticality', 'text')
          .addColumn('business_critical', 'integer')
          .addColumn('user_count_band', 'text')
          .addColumn('data_sensitivity', 'text', (c) => c.notNull())
          .addColumn('in_use_from', 'text')
          .addColumn('in_use_to', 'text')
          .addColumn('responsible_unit', 'text')
          .addColumn('business_type', 'text')
          .addColumn('notes', 'text')
          .addColumn('data_export', 'text')
          .addColumn('export_formats', 'text', (c) => c.notNull())
          .addColumn('export_format_kind', 'text')
          .addColumn('export_tested_at', 'text')
          .addColumn('export_charges', 'integer')
          .addColumn('api_availability', 'text')
          .addColumn('api_standards', 'text', (c) => c.notNull())
          .addColumn('license_model', 'text')
          .addColumn('key_management', 'text')
          .addColumn('external_backup_tested_at', 'text')
          .addColumn('exit_plan', 'text')
          .addColumn('exit_plan_tested_at', 'text')
          .addColumn('exit_plan_owner', 'text')
          .addColumn('provenance', 'text', (c) => c.notNull())
          .addColumn('extra', 'text', (c) => c.notNull())
          .addColumn('source_line', 'integer')
          .addUniqueConstraint('system_usages_version_key_uq', ['inventory_version_id', 'usage_key'])
          .execute();
        await trx.schema.createIndex('system_usages_product_idx').on('system_usages').column('product_id').execute();
        await trx.schema.createIndex('system_usages_supplier_idx').on('system_usages').column('supplier_vendor_id').execute();

        await trx.schema
          .createTable('usage_sub_processors')
          .addColumn('usage_id', 'integer', (c) => c.notNull().references('system_usages.id').onDelete('cascade'))
          .addColumn('vendor_id', 'integer', (c) => c.notNull().references('vendors.id'))
          .addPrimaryKeyConstraint('usage_sub_processors_pk', ['usage_id', 'vendor_id'])
          .execute();

        await withId(dialect, trx.schema.createTable('contracts'))
          .addColumn('inventory_version_id', 'integer', (c) => c.notNull().references('inventory_versions.id').onDelete('cascade'))
          .addColumn('municipality_code', 'integer', (c) => c.notNull().references('municipalities.code'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('external_id', 'text')
          .addColumn('supplier_vendor_id', 'integer', (c) => c.references('vendors.id'))
          .addColumn('valid_from', 'text')
          .addColumn('valid_to', 'text')
          .addColumn('irrevocable_until', 'text')
          .addColumn('notice_months', 'integer')
          .addColumn('terminated_at', 'text')
          .addColumn('acquisition_cost_dkk', 'double precision')
          .addColumn('yearly_operation_cost_dkk', 'double precision')
          .addColumn('other_cost_dkk', 'double precision')
          .addColumn('procurement_strategy', 'text')
          .addColumn('purchase_form', 'text')
          .addColumn('contract_type', 'text')
          .addColumn('auto_renewal', 'integer')
          .addColumn('exit_clause', 'integer')
          .addColumn('switching_charges', 'integer')
          .addColumn('licences_portable', 'integer')
          .addColumn('bundled_scope', 'integer')
          .addColumn('extra', 'text', (c) => c.notNull())
          .addColumn('source_line', 'integer')
          .execute();
        await trx.schema.createIndex('contracts_version_idx').on('contracts').column('inventory_version_id').execute();

        await trx.schema
          .createTable('contract_usages')
          .addColumn('contract_id', 'integer', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
          .addColumn('usage_id', 'integer', (c) => c.notNull().references('system_usages.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('contract_usages_pk', ['contract_id', 'usage_id'])
          .execute();
        await trx.schema.createIndex('contract_usages_usage_idx').on('contract_usages').column('usage_id').execute();

        await withId(dialect, trx.schema.createTable('integrations'))
          .addColumn('inventory_version_id', 'integer', (c) => c.notNull().references('inventory_versions.id').onDelete('cascade'))
          .addColumn('source_usage_id', 'integer', (c) => c.notNull().references('system_usages.id').onDelete('cascade'))
          .addColumn('target_usage_id', 'integer', (c) => c.notNull().references('system_usages.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('direction', 'text', (c) => c.notNull())
          .addColumn('platform_role', 'text')
          .execute();
        await trx.schema.createIndex('integrations_version_idx').on('integrations').column('inventory_version_id').execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        for (const t of ['integrations', 'contract_usages', 'contracts', 'usage_sub_processors', 'system_usages', 'current_inventory', 'inventory_versions', 'import_runs']) {
          await trx.schema.dropTable(t).execute();
        }
      });
    },
  };
}
