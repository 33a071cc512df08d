// The schema floor of bench:import: how its floor-schema and floor-pipelined cases fill
// system_usages' columns from a generated file's cells (shared by bench/import-floor-worker.ts).
import type BetterSqlite3 from 'better-sqlite3';

/** How floor-schema fills system_usages' columns from a row's cells (see schemaTemplate). */
export interface SchemaTemplate {
  columns: string[];
  /** Every column's value but the cells': the version, municipality, one product and vendor, empty lists. */
  fixed: unknown[];
  /** Per cell of the file, the index of its column (-1: not stored). */
  cellColumns: number[];
  keyAt: number;
  lineAt: number;
}

/** The application's table: every column bound, the cells in their columns, fixed ids, no checks. */
export function schemaTemplate(db: BetterSqlite3.Database): SchemaTemplate {
  const columns = (db.prepare('pragma table_info(system_usages)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id');
  const version = db
    .prepare(`insert into inventory_versions (municipality_code, kind, created_by, content_hash, usages_hash, usage_count, contract_count, integration_count, demo, created_at)
      values (101, 'import', 'bench', '', '', 0, 0, 0, 0, '2026-01-01T00:00:00Z') returning id`)
    .get() as { id: number };
  const product = (db.prepare('select min(id) as id from products').get() as { id: number }).id;
  const vendor = (db.prepare('select min(id) as id from vendors').get() as { id: number }).id;
  const at = (c: string) => columns.indexOf(c);
  const fixed = columns.map((c) => (['data_sensitivity', 'export_formats', 'api_standards', 'kle', 'roles_filled'].includes(c) ? '[]' : ['provenance', 'extra'].includes(c) ? '{}' : null)) as unknown[];
  fixed[at('inventory_version_id')] = version.id;
  fixed[at('municipality_code')] = 101;
  fixed[at('product_id')] = product;
  fixed[at('supplier_vendor_id')] = vendor;
  const cellColumns = ['local_id', 'system_name', null, null, 'lifecycle', 'hosting_model', 'criticality', 'in_use_from', 'user_count_band', 'license_model', 'responsible_unit', 'notes'].map((c) => (c ? at(c) : -1));
  return { columns, fixed, cellColumns, keyAt: at('usage_key'), lineAt: at('source_line') };
}

/** A row's values for system_usages (the n-th data row of the file). */
export function schemaValues(t: SchemaTemplate, cells: string[], n: number): unknown[] {
  const values = t.fixed.slice();
  for (let i = 0; i < t.cellColumns.length; i++) if (t.cellColumns[i]! >= 0) values[t.cellColumns[i]!] = cells[i];
  values[t.keyAt] = `local:${cells[0]}`;
  values[t.lineAt] = n + 1;
  return values;
}

export function schemaInsert(db: BetterSqlite3.Database, t: SchemaTemplate): BetterSqlite3.Statement {
  return db.prepare(`insert into system_usages (${t.columns.join(', ')}) values (${t.columns.map(() => '?').join(', ')})`);
}

