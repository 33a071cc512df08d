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

/** A product's normalized_name when it is local to a municipality (see migration 0011). */
export function localProductKey(municipalityCode: number, normalizedName: string): string {
  return `${municipalityCode}:${normalizedName}`;
}

/** The name key of a stored product, without the municipality prefix of a local one. */
export function productNameKey(normalizedName: string): string {
  const colon = normalizedName.indexOf(':');
  return colon < 0 ? normalizedName : normalizedName.slice(colon + 1);
}

/** What the resolver knows of a product it may match a file's row to. */
interface KnownProduct {
  id: number;
  name: string;
  rightsHolderId: number | null;
  category: string | null;
  licenseModel: string | null;
  local: boolean;
}

/** How a file's row was matched to a product. */
export interface ProductMatch {
  id: number;
  product: KnownProduct;
  /** A shared catalogue product with the row's name that was not used: its rights holder is another vendor. */
  refused: { id: number; name: string; rightsHolderId: number } | null;
}

/**
 * Resolves the systems of one municipality's file to products: the shared catalogue (by KITOS
 * UUID, name or alias) and the products local to this municipality. A catalogue product matches
 * only if the row names no rights holder, the product has none, or both belong to the same group
 * of companies (same ultimate parent): Nexus by Systematic never becomes KMD Nexus. Anything
 * else becomes a product local to the municipality (unverified), which no other municipality
 * sees until a moderator adopts it into the shared catalogue.
 */
export class ProductResolver {
  private readonly byUuid = new Map<string, number>();
  private readonly sharedByName = new Map<string, number>();
  private readonly localByName = new Map<string, number>();
  private readonly products = new Map<number, KnownProduct>();
  /** Vendor id → its group (ultimate parent); vendors created by this import are their own group. */
  private readonly groups = new Map<number, number>();
  private readonly vendorNames = new Map<number, string>();
  readonly created: { id: number; name: string }[] = [];

  /** On SQLite, one prepared insert: a file may bring thousands of products the catalogue lacks. */
  private readonly insert: BetterSqlite3.Statement | null;

  private constructor(
    private readonly db: Db,
    private readonly municipalityCode: number,
    sqlite: BetterSqlite3.Database | null,
    /** Products this resolver creates are fictitious demo rows (source 'demo'). */
    private readonly demo: boolean,
  ) {
    this.insert = sqlite?.prepare(`insert into products (${NEW_PRODUCT_COLUMNS.join(', ')}) values (${NEW_PRODUCT_COLUMNS.map((c) => `@${c}`).join(', ')}) on conflict do nothing returning id`) ?? null;
  }

  /** `sqlite`: the raw connection under `db` (the same transaction), for the prepared insert. */
  static async load(db: Db, municipalityCode: number, sqlite: BetterSqlite3.Database | null = null, options: { demo?: boolean } = {}): Promise<ProductResolver> {
    const r = new ProductResolver(db, municipalityCode, sqlite, options.demo ?? false);
    const rows = await db
      .selectFrom('products')
      .select(['id', 'name', 'kitos_uuid', 'normalized_name', 'rights_holder_vendor_id', 'category', 'license_model', 'local_to_municipality'])
      .where((eb) => eb.or([eb('local_to_municipality', 'is', null), eb('local_to_municipality', '=', municipalityCode)]))
      .execute();
    for (const p of rows) {
      const local = p.local_to_municipality != null;
      r.products.set(p.id, { id: p.id, name: p.name, rightsHolderId: p.rights_holder_vendor_id, category: p.category, licenseModel: p.license_model, local });
      if (local) r.localByName.set(productNameKey(p.normalized_name), p.id);
      else {
        if (p.kitos_uuid) r.byUuid.set(p.kitos_uuid.toLowerCase(), p.id);
        r.sharedByName.set(p.normalized_name, p.id);
      }
    }
    for (const a of await db.selectFrom('product_aliases').select(['product_id', 'normalized_alias']).execute()) {
      if (r.products.has(a.product_id) && !r.sharedByName.has(a.normalized_alias)) r.sharedByName.set(a.normalized_alias, a.product_id);
    }
    for (const v of await db.selectFrom('vendors').select(['id', 'name', 'ultimate_parent_id']).execute()) {
      r.groups.set(v.id, v.ultimate_parent_id ?? v.id);
      r.vendorNames.set(v.id, v.name);
    }
    return r;
  }

  /** A catalogue vendor's name, for a warning. */
  vendorName(id: number): string {
    return this.vendorNames.get(id) ?? `#${id}`;
  }

  /** Two vendors agree when they are one vendor or belong to one group of companies. */
  sameGroup(a: number, b: number): boolean {
    return a === b || (this.groups.get(a) ?? a) === (this.groups.get(b) ?? b);
  }

  /** Raw spelling → name key, so a name repeated on every row is normalised once. */
  private readonly keys = new Map<string, string>();

  private key(name: string): string {
    let k = this.keys.get(name);
    if (k === undefined) this.keys.set(name, (k = normalizeProductName(name)));
    return k;
  }

  /**
   * The product a row is matched to, without touching the database; undefined when a product
   * local to the municipality must be created first (`resolve`).
   */
  match(name: string, kitosUuid: string | null, rightsHolderId: number | null): ProductMatch | undefined {
    const key = this.key(name);
    let refused: ProductMatch['refused'] = null;
    const agrees = (id: number | undefined): KnownProduct | undefined => {
      if (id == null) return undefined;
      const p = this.products.get(id)!;
      if (p.local || rightsHolderId == null || p.rightsHolderId == null || this.sameGroup(rightsHolderId, p.rightsHolderId)) return p;
      refused ??= { id: p.id, name: p.name, rightsHolderId: p.rightsHolderId };
      return undefined;
    };
    const p =
      agrees(kitosUuid ? this.byUuid.get(kitosUuid.toLowerCase()) : undefined) ??
      agrees(this.localByName.get(key)) ??
      agrees(this.sharedByName.get(key));
    return p ? { id: p.id, product: p, refused } : undefined;
  }

  /** The row's product, creating it local to the municipality if nothing matches. */
  async resolve(p: ProductRequest): Promise<ProductMatch> {
    const found = this.match(p.name, p.kitosUuid, p.rightsHolderId);
    if (found) return found;
    const made = this.toCreate(p);
    // Another import of the same municipality may have committed the product since this resolver
    // was loaded: then nothing is inserted and the existing row is used (see shared-rows-lock.ts).
    const inserted = this.insert
      ? (this.insert.get(made.values) as { id: number } | undefined)
      : await this.db.insertInto('products').values(made.values).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    const id = inserted?.id ?? (await this.db.selectFrom('products').select('id').where('normalized_name', '=', made.values.normalized_name).executeTakeFirstOrThrow()).id;
    return this.remember(made, id, inserted != null);
  }

  /** The name key `match` looks a row's product up by (without the municipality prefix). */
  nameKey(name: string): string {
    return this.key(name);
  }

  /**
   * `resolve` for many rows at once, each naming a product nothing matches yet and no two the
   * same name key: on PostgreSQL one multi-row insert (and one select for rows another import
   * committed meanwhile) instead of a round trip per product. Products are created, ids taken
   * and `created` listed in the requests' order, exactly as one `resolve` after another would.
   */
  async resolveMany(requests: readonly ProductRequest[]): Promise<ProductMatch[]> {
    if (this.insert) {
      const out: ProductMatch[] = [];
      for (const p of requests) out.push(await this.resolve(p));
      return out;
    }
    const made = requests.map((p) => this.toCreate(p));
    const ids = new Map<string, number>();
    const inserted = new Set<string>();
    for (let i = 0; i < made.length; i += RESOLVE_CHUNK) {
      const rows = await this.db
        .insertInto('products')
        .values(made.slice(i, i + RESOLVE_CHUNK).map((m) => m.values))
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'normalized_name'])
        .execute();
      for (const r of rows) {
        ids.set(r.normalized_name, r.id);
        inserted.add(r.normalized_name);
      }
    }
    const missing = made.map((m) => m.values.normalized_name).filter((k) => !ids.has(k));
    for (let i = 0; i < missing.length; i += RESOLVE_CHUNK) {
      const rows = await this.db.selectFrom('products').select(['id', 'normalized_name']).where('normalized_name', 'in', missing.slice(i, i + RESOLVE_CHUNK)).execute();
      for (const r of rows) ids.set(r.normalized_name, r.id);
    }
    return made.map((m) => {
      const id = ids.get(m.values.normalized_name);
      if (id == null) throw new Error(`product ${m.values.normalized_name} neither inserted nor found`);
      return this.remember(m, id, inserted.has(m.values.normalized_name));
    });
  }

  /** The local product a request that nothing matches becomes, and the catalogue product it refused. */
  private toCreate(p: ProductRequest): { request: ProductRequest; values: NewProduct; refused: KnownProduct | null } {
    const refused = this.match(p.name, p.kitosUuid, null)?.product ?? null;
    const now = nowIso();
    const values: NewProduct = {
      key: null,
      name: p.name.trim(),
      normalized_name: localProductKey(this.municipalityCode, this.key(p.name)),
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
      // The KITOS UUID is unique among products; it is kept on the usage's file, not on a local product.
      kitos_uuid: null,
      // The demo generator's inventions are marked, so they never reach real data's pages and go with `demo remove`.
      source: this.demo ? 'demo' : 'import',
      verified: 0,
      notes: null,
      created_at: now,
      updated_at: now,
      local_to_municipality: this.municipalityCode,
    };
    return { request: p, values, refused };
  }

  /** Makes a created (or concurrently committed) local product known from now on. */
  private remember(made: { request: ProductRequest; values: NewProduct; refused: KnownProduct | null }, id: number, inserted: boolean): ProductMatch {
    const { request: p, values, refused } = made;
    const product: KnownProduct = { id, name: values.name, rightsHolderId: p.rightsHolderId, category: p.category, licenseModel: null, local: true };
    this.products.set(id, product);
    this.localByName.set(this.key(p.name), id);
    if (inserted) this.created.push({ id, name: values.name });
    return { id, product, refused: refused && refused.rightsHolderId != null ? { id: refused.id, name: refused.name, rightsHolderId: refused.rightsHolderId } : null };
  }
}

/** What a row asks of the resolver. */
export interface ProductRequest {
  name: string;
  kitosUuid: string | null;
  rightsHolderId: number | null;
  category: string | null;
}

/** Products per multi-row insert on PostgreSQL (21 parameters each, well under the 65,535 limit). */
const RESOLVE_CHUNK = 1000;

/** The columns of a product created from an import, in insert order. */
const NEW_PRODUCT_COLUMNS = [
  'key', 'name', 'normalized_name', 'rights_holder_vendor_id', 'category', 'license_model', 'spdx_license', 'deployment_models',
  'data_export', 'export_formats', 'export_format_kind', 'api_availability', 'api_standards', 'code_governance', 'kitos_uuid',
  'source', 'verified', 'notes', 'created_at', 'updated_at', 'local_to_municipality',
] as const satisfies readonly (keyof NewProduct)[];
