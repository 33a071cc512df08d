// Products: the shared catalogue of IT systems and services, with the lock-in facts that belong
// to the product (licence, export, API, governance) and the platforms it cannot run without.
import type BetterSqlite3 from 'better-sqlite3';
import { normalizeProductName } from '../domain/names.ts';
import type { NewProduct } from '../db/schema.ts';
import type { ApiAvailability, CodeGovernance, DataExport, DeploymentModel, ExportFormatKind, LicenseModel } from '../domain/vocabulary.ts';
import { type Db, flag, nowIso } from './db-types.ts';
import { upsertByKey } from './upsert-by-key.ts';

export interface ReferenceProduct {
  key: string;
  name: string;
  rightsHolderKey: string | null;
  category: string | null;
  licenseModel: LicenseModel | null;
  spdxLicense: string | null;
  deploymentModels: DeploymentModel[];
  dataExport: DataExport | null;
  exportFormats: string[];
  exportFormatKind: ExportFormatKind | null;
  apiAvailability: ApiAvailability | null;
  apiStandards: string[];
  codeGovernance: CodeGovernance | null;
  requiresPlatforms: { role: string; productKey: string }[];
  kitosUuid: string | null;
  aliases: string[];
  source: string;
  verified: boolean;
  notes: string | null;
}

export async function upsertReferenceProducts(
  db: Db,
  products: ReferenceProduct[],
  vendorIds: ReadonlyMap<string, number>,
): Promise<{ inserted: number; updated: number; ids: Map<string, number> }> {
  const base = await upsertByKey<string>(
    db,
    'products',
    'key',
    products.map((p) => ({
      key: p.key,
      name: p.name,
      normalized_name: normalizeProductName(p.name),
      rights_holder_vendor_id: p.rightsHolderKey ? (vendorIds.get(p.rightsHolderKey) ?? null) : null,
      category: p.category,
      license_model: p.licenseModel,
      spdx_license: p.spdxLicense,
      deployment_models: JSON.stringify(p.deploymentModels),
      data_export: p.dataExport,
      export_formats: JSON.stringify(p.exportFormats),
      export_format_kind: p.exportFormatKind,
      api_availability: p.apiAvailability,
      api_standards: JSON.stringify(p.apiStandards),
      code_governance: p.codeGovernance,
      kitos_uuid: p.kitosUuid,
      source: p.source,
      verified: flag(p.verified),
      notes: p.notes,
    })),
    { timestamps: true },
  );
  const aliasRows = new Map<string, { product_id: number; alias: string; normalized_alias: string }>();
  for (const p of products) {
    for (const alias of p.aliases) {
      const normalized_alias = normalizeProductName(alias);
      if (normalized_alias === normalizeProductName(p.name) || aliasRows.has(normalized_alias)) continue;
      aliasRows.set(normalized_alias, { product_id: base.ids.get(p.key)!, alias, normalized_alias });
    }
  }
  const aliases = await upsertByKey<string>(db, 'product_aliases', 'normalized_alias', [...aliasRows.values()]);
  const deps = await syncDependencies(db, products, base.ids);
  return { inserted: base.inserted + aliases.inserted + deps, updated: base.updated + aliases.updated, ids: base.ids };
}

/** Adds missing platform dependencies of reference products; returns how many were added. */
async function syncDependencies(db: Db, products: ReferenceProduct[], ids: ReadonlyMap<string, number>): Promise<number> {
  const existing = new Set(
    (await db.selectFrom('product_dependencies').select(['product_id', 'depends_on_product_id', 'role']).execute()).map(
      (d) => `${d.product_id}>${d.depends_on_product_id}:${d.role}`,
    ),
  );
  let added = 0;
  for (const p of products) {
    for (const dep of p.requiresPlatforms) {
      const row = { product_id: ids.get(p.key)!, depends_on_product_id: ids.get(dep.productKey)!, role: dep.role };
      if (existing.has(`${row.product_id}>${row.depends_on_product_id}:${row.role}`)) continue;
      await db.insertInto('product_dependencies').values(row).execute();
      added++;
    }
  }
  return added;
}

/**
 * Resolves product names from a file to catalogue products: KITOS UUID, then normalised name,
 * then alias. Unknown products are created as unverified catalogue entries.
 */
export class ProductResolver {
  private readonly byUuid = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  readonly created: { id: number; name: string }[] = [];

  /** On SQLite, one prepared insert: a file may bring thousands of products the catalogue lacks. */
  private readonly insert: BetterSqlite3.Statement | null;

  private constructor(
    private readonly db: Db,
    sqlite: BetterSqlite3.Database | null,
  ) {
    this.insert = sqlite?.prepare(`insert into products (${NEW_PRODUCT_COLUMNS.join(', ')}) values (${NEW_PRODUCT_COLUMNS.map((c) => `@${c}`).join(', ')}) on conflict do nothing returning id`) ?? null;
  }

  /** `sqlite`: the raw connection under `db` (the same transaction), for the prepared insert. */
  static async load(db: Db, sqlite: BetterSqlite3.Database | null = null): Promise<ProductResolver> {
    const r = new ProductResolver(db, sqlite);
    for (const p of await db.selectFrom('products').select(['id', 'kitos_uuid', 'normalized_name']).execute()) {
      if (p.kitos_uuid) r.byUuid.set(p.kitos_uuid.toLowerCase(), p.id);
      r.byName.set(p.normalized_name, p.id);
    }
    for (const a of await db.selectFrom('product_aliases').select(['product_id', 'normalized_alias']).execute()) {
      if (!r.byName.has(a.normalized_alias)) r.byName.set(a.normalized_alias, a.product_id);
    }
    return r;
  }

  /** Raw spelling → product, so a name repeated on every row is normalised once. */
  private readonly byRawName = new Map<string, number>();

  /** The product already known by KITOS UUID or by name/alias, without touching the database. */
  lookup(name: string, kitosUuid: string | null): number | undefined {
    if (kitosUuid) {
      const byUuid = this.byUuid.get(kitosUuid.toLowerCase());
      if (byUuid != null) return byUuid;
    }
    const raw = this.byRawName.get(name);
    if (raw != null) return raw;
    const id = this.byName.get(normalizeProductName(name));
    if (id != null) this.byRawName.set(name, id);
    return id;
  }

  async resolve(p: { name: string; kitosUuid: string | null; rightsHolderId: number | null; category: string | null }): Promise<number> {
    const found = this.lookup(p.name, p.kitosUuid);
    if (found != null) return found;
    const key = normalizeProductName(p.name);
    const now = nowIso();
    const values: NewProduct = {
      key: null,
      name: p.name.trim(),
      normalized_name: key,
      rights_holder_vendor_id: p.rightsHolderId,
      category: p.category,
      license_model: null,
      spdx_license: null,
      deployment_models: '[]',
      data_export: null,
      export_formats: '[]',
      export_format_kind: null,
      api_availability: null,
      api_standards: '[]',
      code_governance: null,
      kitos_uuid: p.kitosUuid,
      source: 'import',
      verified: 0,
      notes: null,
      created_at: now,
      updated_at: now,
    };
    // Another import may have committed the same product since this resolver was loaded: then
    // nothing is inserted and the existing row is used (see shared-rows-lock.ts).
    const inserted = this.insert
      ? (this.insert.get(values) as { id: number } | undefined)
      : await this.db.insertInto('products').values(values).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    const id = inserted?.id ?? (await this.existing(key, p.kitosUuid));
    this.byName.set(key, id);
    if (p.kitosUuid) this.byUuid.set(p.kitosUuid.toLowerCase(), id);
    if (inserted) this.created.push({ id, name: p.name.trim() });
    return id;
  }

  /** The product an insert collided with: by KITOS UUID, else by normalised name. */
  private async existing(normalizedName: string, kitosUuid: string | null): Promise<number> {
    const byUuid = kitosUuid ? await this.db.selectFrom('products').select('id').where('kitos_uuid', '=', kitosUuid).executeTakeFirst() : undefined;
    return (byUuid ?? (await this.db.selectFrom('products').select('id').where('normalized_name', '=', normalizedName).executeTakeFirstOrThrow())).id;
  }
}

/** The columns of a product created from an import, in insert order. */
const NEW_PRODUCT_COLUMNS = [
  'key', 'name', 'normalized_name', 'rights_holder_vendor_id', 'category', 'license_model', 'spdx_license', 'deployment_models',
  'data_export', 'export_formats', 'export_format_kind', 'api_availability', 'api_standards', 'code_governance', 'kitos_uuid',
  'source', 'verified', 'notes', 'created_at', 'updated_at',
] as const satisfies readonly (keyof NewProduct)[];
