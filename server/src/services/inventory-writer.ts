// Writes one new inventory version from a stream of records, inside the caller's transaction:
// usages as they arrive (in batches, through one prepared statement on SQLite, where Kysely's
// per-batch re-preparation would halve the speed), contracts and integrations at the end, once
// every usage id is known. The content hash is computed as the rows pass, so the same content
// imported twice is recognised without holding the file in memory.
import { createHash, type Hash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { NewContract, NewSystemUsage } from '../db/schema.ts';
import { type ContractRecord, type IntegrationRecord, type UsageRecord, usageKey } from '../domain/inventory.ts';
import type { InventoryVersionKind } from '../domain/vocabulary.ts';
import { chunks, type Db, optionalFlag } from '../repositories/db-types.ts';
import { insertContracts, insertIntegrations, insertSubProcessors, insertVersion } from '../repositories/inventory.repository.ts';
import { ProductResolver } from '../repositories/products.repository.ts';
import { VendorResolver } from '../repositories/vendors.repository.ts';

/** The system_usages columns in insert order (everything but the id). */
const USAGE_COLUMNS = [
  'inventory_version_id', 'municipality_code', 'usage_key', 'product_id', 'local_name', 'local_id', 'version', 'lifecycle',
  'supplier_vendor_id', 'hosting_model', 'hosted_by_vendor_id', 'operated_by_vendor_id', 'data_location', 'criticality',
  'business_critical', 'user_count_band', 'data_sensitivity', 'in_use_from', 'in_use_to', 'responsible_unit', 'business_type',
  'notes', 'data_export', 'export_formats', 'export_format_kind', 'export_tested_at', 'export_charges', 'api_availability',
  'api_standards', 'license_model', 'key_management', 'external_backup_tested_at', 'exit_plan', 'exit_plan_tested_at',
  'exit_plan_owner', 'provenance', 'extra', 'source_line',
] as const satisfies readonly (keyof NewSystemUsage)[];

export interface WriterTarget {
  municipalityCode: number;
  kind: InventoryVersionKind;
  createdBy: string;
  demo: boolean;
  basedOnVersionId: number | null;
}

export interface WrittenVersion {
  versionId: number;
  contentHash: string;
  usages: number;
  contracts: number;
  integrations: number;
  vendorsCreated: { id: number; name: string; cvr: string | null }[];
  productsCreated: { id: number; name: string }[];
}

export class InventoryWriter {
  private readonly hash: Hash = createHash('sha256');
  private readonly keys = new Set<string>();
  private readonly contracts: ContractRecord[] = [];
  private readonly subProcessors: { key: string; vendorId: number }[] = [];
  private usageCount = 0;
  private readonly insertUsage: BetterSqlite3.Statement | null;
  private pending: NewSystemUsage[] = [];

  private constructor(
    private readonly db: Db,
    private readonly versionId: number,
    private readonly target: WriterTarget,
    private readonly vendors: VendorResolver,
    private readonly products: ProductResolver,
    private readonly categories: ReadonlySet<string>,
    sqlite: BetterSqlite3.Database | null,
  ) {
    this.insertUsage = sqlite
      ? sqlite.prepare(`insert into system_usages (${USAGE_COLUMNS.join(', ')}) values (${USAGE_COLUMNS.map(() => '?').join(', ')})`)
      : null;
  }

  /**
   * Starts a version. `sqlite` is the raw connection under the caller's Kysely transaction (the
   * same connection, so the statement runs inside that transaction); null on PostgreSQL.
   */
  static async begin(db: Db, target: WriterTarget, sqlite: BetterSqlite3.Database | null): Promise<InventoryWriter> {
    const versionId = await insertVersion(db, {
      municipalityCode: target.municipalityCode,
      kind: target.kind,
      basedOnVersionId: target.basedOnVersionId,
      createdBy: target.createdBy,
      contentHash: '',
      usageCount: 0,
      contractCount: 0,
      integrationCount: 0,
      demo: target.demo,
    });
    const categories = new Set((await db.selectFrom('categories').select('code').execute()).map((c) => c.code));
    return new InventoryWriter(db, versionId, target, await VendorResolver.load(db), await ProductResolver.load(db), categories, sqlite);
  }

  /** Adds usages (a batch from the importer). Keys must be unique; the importer reports duplicates. */
  async addUsages(records: readonly UsageRecord[]): Promise<void> {
    for (const u of records) {
      const key = usageKey(u);
      this.keys.add(key);
      this.hash.update(stableJson(u));
      const row = await this.toRow(u, key);
      for (const sp of u.sub_processors) this.subProcessors.push({ key, vendorId: await this.vendor(sp) });
      if (this.insertUsage) {
        this.insertUsage.run(USAGE_COLUMNS.map((c) => row[c] ?? null));
      } else {
        this.pending.push(row);
        if (this.pending.length >= 1000) await this.flush();
      }
      this.usageCount++;
    }
  }

  addContracts(records: readonly ContractRecord[]): void {
    for (const c of records) {
      this.hash.update(stableJson(c));
      this.contracts.push(c);
    }
  }

  /** The usage keys written so far: contracts and integrations may only name these. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  async finish(integrations: readonly IntegrationRecord[]): Promise<WrittenVersion> {
    await this.flush();
    for (const i of integrations) this.hash.update(stableJson(i));
    const contentHash = this.hash.digest('hex');
    const ids = new Map(
      (await this.db.selectFrom('system_usages').select(['id', 'usage_key']).where('inventory_version_id', '=', this.versionId).execute()).map((r) => [r.usage_key, r.id]),
    );
    await insertSubProcessors(this.db, this.subProcessors.map((s) => ({ usage_id: ids.get(s.key)!, vendor_id: s.vendorId })));
    const contractRows: { contract: NewContract; usageIds: number[] }[] = [];
    for (const c of this.contracts) {
      contractRows.push({ contract: await this.toContract(c), usageIds: c.usage_keys.map((k) => ids.get(k)!).filter((id) => id != null) });
    }
    await insertContracts(this.db, contractRows);
    await insertIntegrations(
      this.db,
      integrations.map((i) => ({
        inventory_version_id: this.versionId,
        source_usage_id: ids.get(i.source_key)!,
        target_usage_id: ids.get(i.target_key)!,
        kind: i.kind,
        direction: i.direction,
        platform_role: i.platform_role,
      })),
    );
    await this.db
      .updateTable('inventory_versions')
      .set({ content_hash: contentHash, usage_count: this.usageCount, contract_count: this.contracts.length, integration_count: integrations.length })
      .where('id', '=', this.versionId)
      .execute();
    return {
      versionId: this.versionId,
      contentHash,
      usages: this.usageCount,
      contracts: this.contracts.length,
      integrations: integrations.length,
      vendorsCreated: this.vendors.created,
      productsCreated: this.products.created,
    };
  }

  private async flush(): Promise<void> {
    for (const batch of chunks(this.pending, USAGE_COLUMNS.length)) await this.db.insertInto('system_usages').values(batch).execute();
    this.pending = [];
  }

  private vendor(p: NonNullable<UsageRecord['supplier']>): Promise<number> | number {
    return this.vendors.lookup(p) ?? this.vendors.resolve(p).then((r) => r.id);
  }

  private async party(p: UsageRecord['supplier']): Promise<number | null> {
    return p ? await this.vendor(p) : null;
  }

  private async toRow(u: UsageRecord, key: string): Promise<NewSystemUsage> {
    const rightsHolderId = await this.party(u.rights_holder);
    const productId =
      this.products.lookup(u.product_name, u.kitos_uuid) ??
      (await this.products.resolve({
        name: u.product_name,
        kitosUuid: u.kitos_uuid,
        rightsHolderId,
        category: u.category && this.categories.has(u.category) ? u.category : null,
      }));
    return {
      inventory_version_id: this.versionId,
      municipality_code: this.target.municipalityCode,
      usage_key: key,
      product_id: productId,
      local_name: u.local_name,
      local_id: u.local_id,
      version: u.version,
      lifecycle: u.lifecycle,
      supplier_vendor_id: await this.party(u.supplier),
      hosting_model: u.hosting_model,
      hosted_by_vendor_id: await this.party(u.hosted_by),
      operated_by_vendor_id: await this.party(u.operated_by),
      data_location: u.data_location,
      criticality: u.criticality,
      business_critical: optionalFlag(u.business_critical),
      user_count_band: u.user_count_band,
      data_sensitivity: JSON.stringify(u.data_sensitivity),
      in_use_from: u.in_use_from,
      in_use_to: u.in_use_to,
      responsible_unit: u.responsible_unit,
      business_type: u.business_type,
      notes: u.notes,
      data_export: u.data_export,
      export_formats: JSON.stringify(u.export_formats),
      export_format_kind: u.export_format_kind,
      export_tested_at: u.export_tested_at,
      export_charges: optionalFlag(u.export_charges),
      api_availability: u.api_availability,
      api_standards: JSON.stringify(u.api_standards),
      license_model: u.license_model,
      key_management: u.key_management,
      external_backup_tested_at: u.external_backup_tested_at,
      exit_plan: u.exit_plan,
      exit_plan_tested_at: u.exit_plan_tested_at,
      exit_plan_owner: u.exit_plan_owner,
      provenance: JSON.stringify(u.provenance),
      extra: JSON.stringify(u.extra),
      source_line: u.source_line,
    };
  }

  private async toContract(c: ContractRecord): Promise<NewContract> {
    return {
      inventory_version_id: this.versionId,
      municipality_code: this.target.municipalityCode,
      name: c.name,
      external_id: c.external_id,
      supplier_vendor_id: await this.party(c.supplier),
      valid_from: c.valid_from,
      valid_to: c.valid_to,
      irrevocable_until: c.irrevocable_until,
      notice_months: c.notice_months,
      terminated_at: c.terminated_at,
      acquisition_cost_dkk: c.acquisition_cost_dkk,
      yearly_operation_cost_dkk: c.yearly_operation_cost_dkk,
      other_cost_dkk: c.other_cost_dkk,
      procurement_strategy: c.procurement_strategy,
      purchase_form: c.purchase_form,
      contract_type: c.contract_type,
      auto_renewal: optionalFlag(c.auto_renewal),
      exit_clause: optionalFlag(c.exit_clause),
      switching_charges: optionalFlag(c.switching_charges),
      licences_portable: optionalFlag(c.licences_portable),
      bundled_scope: optionalFlag(c.bundled_scope),
      extra: JSON.stringify(c.extra),
      source_line: c.source_line,
    };
  }
}

/** JSON of a record without where it stood in the file: the content, not its position. */
function stableJson(record: object): string {
  const { source_line: _line, ...content } = record as { source_line?: unknown };
  return JSON.stringify(content);
}
