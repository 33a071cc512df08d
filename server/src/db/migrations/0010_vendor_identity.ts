// Vendor identity (issue #12): a vendor's role kind (rights holder, supplier, reseller, operator),
// a CVR kept as written when it is no valid CVR, and vendors local to the municipality whose
// import created them. A local vendor's name and CVR are unique within its municipality only,
// so the global unique constraints on normalized_name and cvr become two partial indexes each:
// one over the shared catalogue, one per municipality. SQLite cannot drop a column constraint,
// so there the table is rebuilt (foreign keys off for the swap, checked before they come back).
import { type Kysely, sql } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

const OLD_COLUMNS = [
  'id', 'key', 'name', 'normalized_name', 'cvr', 'country', 'kind', 'parent_vendor_id', 'ultimate_parent_id', 'ultimate_country',
  'jurisdiction', 'source', 'verified', 'notes', 'created_at', 'updated_at',
];

async function sqliteRebuild(db: Kysely<any>, withNewColumns: boolean): Promise<void> {
  // PRAGMA foreign_keys is a no-op inside a transaction; SQLite migrations run outside one (kysely #56).
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  // The rename must not re-check other tables' references to the dropped table.
  await sql`PRAGMA legacy_alter_table = ON`.execute(db);
  try {
    await inTransaction(db, async (trx) => {
      const extra = withNewColumns
        ? sql`, role_kind text, local_to_municipality integer references municipalities(code), cvr_as_written text`
        : sql``;
      const unique = withNewColumns ? sql`` : sql` unique`;
      await sql`create table vendors_rebuilt (
        id integer primary key,
        key text unique,
        name text not null,
        normalized_name text not null${unique},
        cvr text${unique},
        country text,
        kind text not null,
        parent_vendor_id integer references vendors(id),
        ultimate_parent_id integer references vendors(id),
        ultimate_country text,
        jurisdiction text,
        source text,
        verified integer not null,
        notes text,
        created_at text not null,
        updated_at text not null${extra}
      )`.execute(trx);
      const cols = sql.join(OLD_COLUMNS.map((c) => sql.ref(c)));
      await sql`insert into vendors_rebuilt (${cols}) select ${cols} from vendors`.execute(trx);
      await sql`drop table vendors`.execute(trx);
      await sql`alter table vendors_rebuilt rename to vendors`.execute(trx);
      if (withNewColumns) {
        await partialIndexes(trx);
        await demotePlaceholderCvrs(trx);
      }
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length) throw new Error(`0010_vendor_identity: ${broken.rows.length} foreign keys broken by the rebuild`);
    });
  } finally {
    await sql`PRAGMA legacy_alter_table = OFF`.execute(db);
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

async function partialIndexes(trx: Kysely<any>): Promise<void> {
  await sql`create unique index vendors_shared_name_uq on vendors (normalized_name) where local_to_municipality is null`.execute(trx);
  await sql`create unique index vendors_shared_cvr_uq on vendors (cvr) where local_to_municipality is null and cvr is not null`.execute(trx);
  await sql`create unique index vendors_local_name_uq on vendors (local_to_municipality, normalized_name) where local_to_municipality is not null`.execute(trx);
  await sql`create unique index vendors_local_cvr_uq on vendors (local_to_municipality, cvr) where local_to_municipality is not null and cvr is not null`.execute(trx);
}

/** The CVR rule as of this migration (frozen copy of domain/cvr.ts: migrations import no app code). */
function validCvr(cvr: string): boolean {
  if (!/^[1-9]\d{7}$/.test(cvr)) return false;
  const weights = [2, 7, 6, 5, 4, 3, 2, 1];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(cvr[i]) * weights[i]!;
  return sum % 11 === 0;
}

/**
 * Vendors that imports created with a placeholder or a failed CVR (`00000000` …) keep the number
 * as written and lose it as identity, so no later import matches on it. Usages already matched
 * through it stay as they are until their municipality imports again.
 */
async function demotePlaceholderCvrs(trx: Kysely<any>): Promise<void> {
  const rows = await trx.selectFrom('vendors').select(['id', 'cvr']).where('cvr', 'is not', null).execute();
  for (const r of rows as { id: number; cvr: string }[]) {
    if (!validCvr(r.cvr)) await trx.updateTable('vendors').set({ cvr: null, cvr_as_written: r.cvr }).where('id', '=', r.id).execute();
  }
}

export function vendorIdentity(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      if (dialect === 'sqlite') return sqliteRebuild(db, true);
      await inTransaction(db, async (trx) => {
        await trx.schema
          .alterTable('vendors')
          .addColumn('role_kind', 'text')
          .addColumn('local_to_municipality', 'integer', (c) => c.references('municipalities.code'))
          .addColumn('cvr_as_written', 'text')
          .execute();
        await sql`alter table vendors drop constraint vendors_normalized_name_key`.execute(trx);
        await sql`alter table vendors drop constraint vendors_cvr_key`.execute(trx);
        await partialIndexes(trx);
        await demotePlaceholderCvrs(trx);
      });
    },
    async down(db: Kysely<any>) {
      // Local vendors may share a name or CVR across municipalities; the old global constraints
      // would refuse them. Merge or adopt them first (the moderation queue), then migrate down.
      if (dialect === 'sqlite') return sqliteRebuild(db, false);
      await inTransaction(db, async (trx) => {
        for (const i of ['vendors_shared_name_uq', 'vendors_shared_cvr_uq', 'vendors_local_name_uq', 'vendors_local_cvr_uq']) await sql`drop index ${sql.id(i)}`.execute(trx);
        await sql`alter table vendors add constraint vendors_normalized_name_key unique (normalized_name)`.execute(trx);
        await sql`alter table vendors add constraint vendors_cvr_key unique (cvr)`.execute(trx);
        await trx.schema.alterTable('vendors').dropColumn('role_kind').dropColumn('local_to_municipality').dropColumn('cvr_as_written').execute();
      });
    },
  };
}
