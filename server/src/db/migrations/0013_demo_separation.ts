// Demo and real never mix (issue #13). Rows the demo generator invented are marked
// `source = 'demo'`: the backfill marks the products and vendors an import created (source
// 'import') that only demo inventory versions use. The national score row says which world
// (real or demo inventories) its category concentration was computed over; existing rows say
// nothing (null), so the next scoring computes it afresh for its world.
import { type Kysely, sql } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

/** Some inventory version with demo flag `demo` refers to the vendor row `vendors.id`. */
const vendorUsedBy = (demo: 0 | 1) => sql`(
  exists (select 1 from system_usages u join inventory_versions v on v.id = u.inventory_version_id
          where v.demo = ${sql.lit(demo)} and (u.supplier_vendor_id = vendors.id or u.hosted_by_vendor_id = vendors.id
            or u.operated_by_vendor_id = vendors.id or u.rights_holder_vendor_id = vendors.id))
  or exists (select 1 from contracts c join inventory_versions v on v.id = c.inventory_version_id
          where v.demo = ${sql.lit(demo)} and c.supplier_vendor_id = vendors.id)
  or exists (select 1 from usage_sub_processors sp join system_usages u on u.id = sp.usage_id
          join inventory_versions v on v.id = u.inventory_version_id where v.demo = ${sql.lit(demo)} and sp.vendor_id = vendors.id))`;

export function demoSeparation(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.alterTable('national_scores').addColumn('world', 'text').execute();
        await sql`update products set source = 'demo' where source = 'import'
          and exists (select 1 from system_usages u join inventory_versions v on v.id = u.inventory_version_id where u.product_id = products.id and v.demo = 1)
          and not exists (select 1 from system_usages u join inventory_versions v on v.id = u.inventory_version_id where u.product_id = products.id and v.demo = 0)`.execute(trx);
        await sql`update vendors set source = 'demo' where source = 'import' and ${vendorUsedBy(1)} and not ${vendorUsedBy(0)}
          and not exists (select 1 from products p where p.rights_holder_vendor_id = vendors.id and (p.source is null or p.source <> 'demo'))
          and not exists (select 1 from alternatives a where a.steward_vendor_id = vendors.id)`.execute(trx);
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await sql`update vendors set source = 'import' where source = 'demo'`.execute(trx);
        await sql`update products set source = 'import' where source = 'demo'`.execute(trx);
        await trx.schema.alterTable('national_scores').dropColumn('world').execute();
      });
    },
  };
}
