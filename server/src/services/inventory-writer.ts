// Writes one new inventory version from a stream of records, inside the caller's transaction:
// usages as they arrive (through one prepared statement on SQLite, where Kysely's per-batch
// re-preparation would halve the speed; on PostgreSQL in batches sent with COPY into a staging
// table and moved into system_usages with one INSERT … SELECT), contracts and integrations at the end, once
// every usage id is known. The content hash is computed as the rows pass, so the same content
// imported twice is recognised without holding the file in memory.
import { createHash } from 'node:crypto';
import { finished } from 'node:stream/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pgClientOf, preparedInsert } from '../db/connect.ts';
import type { NewContract, NewSystemUsage } from '../db/schema.ts';
import { type ContractRecord, type IntegrationRecord, type PartyRef, type UsageRecord, usageKey } from '../domain/inventory.ts';
import { inheritUsageKeys } from '../repositories/usage-keys.repository.ts';
import type { InventoryVersionKind } from '../domain/vocabulary.ts';
import { chunks, type Db, optionalFlag } from '../repositories/db-types.ts';
import { insertContracts, insertIntegrations, insertSubProcessors, insertVersion } from '../repositories/inventory.repository.ts';
import { type ProductMatch, type ProductRequest, ProductResolver } from '../repositories/products.repository.ts';
import type { IssueDraft } from '../../../importers/types.ts';
import { catalogueMismatch, catalogueValueDiffers } from './product-match-warnings.ts';
import { type SharedRowsLock, sharedRowsLock } from '../repositories/shared-rows-lock.ts';
import { type CreatedVendor, type VendorConflict, VendorResolver } from '../repositories/vendors.repository.ts';
import { MultisetHash } from './multiset-hash.ts';

/** A party of one record whose name and CVR disagree (matched to neither; the import warns). */
export interface VendorIdentityIssue {
  line: number | null;
  /** The record field: supplier, rights_holder, hosted_by, operated_by or sub_processors. */
  field: string;
  conflict: VendorConflict;
}

const PARTY_FIELDS = ['rights_holder', 'supplier', 'hosted_by', 'operated_by'] as const;

/** The system_usages columns in insert order (everything but the id). */
const USAGE_COLUMNS = [
  'inventory_version_id', 'municipality_code', 'usage_key', 'product_id', 'system_name', 'rights_holder_vendor_id', 'category', 'local_name', 'local_id', 'version', 'lifecycle',
  'supplier_vendor_id', 'hosting_model', 'hosted_by_vendor_id', 'operated_by_vendor_id', 'data_location', 'criticality',
  'business_critical', 'user_count_band', 'data_sensitivity', 'in_use_from', 'in_use_to', 'responsible_unit', 'business_type',
  'notes', 'data_export', 'export_formats', 'export_format_kind', 'export_tested_at', 'export_charges', 'api_availability',
  'api_standards', 'license_model', 'key_management', 'external_backup_tested_at', 'exit_plan', 'exit_plan_tested_at',
  'exit_plan_owner', 'provenance', 'extra', 'kitos_uuid', 'kle', 'roles_filled', 'source_line',
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
  vendorsCreated: CreatedVendor[];
  productsCreated: { id: number; name: string }[];
}

export class InventoryWriter {
  /** Hash of the usages as they stream past (or of the carried version's usages). */
  /** Order-free: the same rows in another order are the same content (see multiset-hash.ts). */
  private readonly usagesHash = new MultisetHash();
  private carriedUsagesHash: string | null = null;
  private readonly contracts: ContractRecord[] = [];
  private readonly subProcessors: { key: string; vendorId: number }[] = [];
  private usageCount = 0;
  /**
   * Usage key and `name:<local or product name>` → usage id, read back once the usages are
   * written and only if something refers to them (contracts, edges, sub-processors): the hot
   * path keeps no per-row index, so memory stays flat on a plain system list.
   */
  private references: Map<string, number> | null = null;
  /** Key as computed from the record → usage id, for usages that kept a key an earlier version gave them. */
  private inherited = new Map<string, number>();
  /** Where the file and the catalogue disagree (see takeWarnings). */
  private warnings: IssueDraft[] = [];
  /**
   * How many of them the report can still list (see listWarningsUpTo); the rest are only counted.
   * A file whose rows mostly disagree with the catalogue would otherwise build two messages per row
   * that the report leaves out: garbage enough to raise a 1M-row import's peak memory by half.
   */
  private warningRoom = Infinity;
  private unlistedWarnings = 0;
  private readonly insertUsage: BetterSqlite3.Statement | null;
  private pending: NewSystemUsage[] = [];
  /** PostgreSQL: the COPY text lines not sent yet, and whether the staging table holds rows. */
  private copyLines: string[] = [];
  private staged = false;
  private stagingCreated = false;
  private vendorIssues: VendorIdentityIssue[] = [];

  private constructor(
    private readonly db: Db,
    private readonly versionId: number,
    private readonly target: WriterTarget,
    private readonly vendors: VendorResolver,
    private readonly products: ProductResolver,
    private readonly categories: ReadonlySet<string>,
    sqlite: BetterSqlite3.Database | null,
    /** PostgreSQL: the client under the caller's transaction, for COPY (see db/connect.ts pgClientOf). */
    private readonly pgClient: pg.PoolClient | null,
    /** Taken before the first catalogue row this version creates (see shared-rows-lock.ts). */
    private readonly lockShared: SharedRowsLock,
  ) {
    this.insertUsage = sqlite
      ? preparedInsert(sqlite, 'system_usages', USAGE_COLUMNS)
      : null;
  }

  /**
   * Starts a version. `sqlite` is the raw connection under the caller's Kysely transaction (the
   * same connection, so the statement runs inside that transaction); null on PostgreSQL. `lock`
   * guards the catalogue rows that other imports may create at the same time (pass the
   * transaction's own when the caller takes it too).
   */
  static async begin(db: Db, target: WriterTarget, sqlite: BetterSqlite3.Database | null, lock: SharedRowsLock = sharedRowsLock(db)): Promise<InventoryWriter> {
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
    // An import's new vendors are local to its municipality; demo data (fictitious) shares them.
    const vendors = await VendorResolver.load(db, target.municipalityCode, { createLocal: !target.demo, demo: target.demo });
    const products = await ProductResolver.load(db, target.municipalityCode, sqlite, { demo: target.demo });
    const pgClient = sqlite ? null : await pgClientOf(db);
    return new InventoryWriter(db, versionId, target, vendors, products, categories, sqlite, pgClient, lock);
  }

  /** Adds usages (a batch from the importer). Keys must be unique; the importer reports duplicates. */
  async addUsages(records: readonly UsageRecord[]): Promise<void> {
    if (!this.insertUsage) return this.addUsagesBatched(records);
    for (const u of records) {
      // The hot path stays synchronous: only a party or product the catalogue does not know yet
      // costs a round trip (it is created, unverified, and known from then on).
      const row = await this.prepareRow(u);
      const product = this.products.match(u.product_name, u.kitos_uuid, row.row.rights_holder_vendor_id ?? null) ?? (await this.newProduct(u, row.row));
      this.writeRow(u, row, product);
    }
  }

  /**
   * PostgreSQL: the same as one row after another, but the products a batch lacks are created
   * with one multi-row insert instead of a round trip each. Parties are still made known row by
   * row (a new vendor can change how a later row's parties match), and everything that reads
   * the vendors is taken in that order; only the product match of a row whose name a product
   * is being created for waits until the batch's products exist.
   */
  private async addUsagesBatched(records: readonly UsageRecord[]): Promise<void> {
    const prepared: { u: UsageRecord; row: PreparedRow; product: ProductMatch | undefined; creates: number }[] = [];
    const requests: ProductRequest[] = [];
    const creating = new Set<string>();
    for (const u of records) {
      const row = await this.prepareRow(u);
      let product = this.products.match(u.product_name, u.kitos_uuid, row.row.rights_holder_vendor_id ?? null);
      let creates = -1;
      if (!product) {
        const key = this.products.nameKey(u.product_name);
        // A row after the one that creates its product matches that product (below).
        if (!creating.has(key)) {
          creating.add(key);
          creates = requests.push(productRequest(u, row.row)) - 1;
        }
      }
      prepared.push({ u, row, product, creates });
    }
    let created: ProductMatch[] = [];
    if (requests.length) {
      await this.lockShared();
      created = await this.products.resolveMany(requests);
    }
    for (const p of prepared) {
      const product = p.product ?? (p.creates >= 0 ? created[p.creates]! : this.products.match(p.u.product_name, p.u.kitos_uuid, p.row.row.rights_holder_vendor_id ?? null)!);
      const written = this.writeRow(p.u, p.row, product);
      if (written) await written;
    }
  }

  /** A row's parties made known and its identity checked; the row to store, its product still open. */
  private async prepareRow(u: UsageRecord): Promise<PreparedRow> {
    if (!this.allKnown(u)) await this.makeKnown(u);
    this.checkIdentity(u);
    const rightsHolder = this.known(u.rights_holder);
    const category = u.category && this.categories.has(u.category) ? u.category : null;
    const subProcessorIds = u.sub_processors.length ? u.sub_processors.map((sp) => this.vendors.lookup(sp)!) : NO_IDS;
    return { row: this.toRow(u, usageKey(u), 0, rightsHolder, category), subProcessorIds };
  }

  /** Stores a prepared row with its product; a promise only when a COPY batch is sent. */
  private writeRow(u: UsageRecord, prepared: PreparedRow, product: ProductMatch): Promise<void> | undefined {
    const { row, subProcessorIds } = prepared;
    row.product_id = product.id;
    const rightsHolder = row.rights_holder_vendor_id ?? null;
    if (product.refused || !product.product.local) this.compare(u, product, rightsHolder, row.category ?? null);
    const key = row.usage_key;
    for (const vendorId of subProcessorIds) this.subProcessors.push({ key, vendorId });
    const values = USAGE_COLUMNS.map((c) => row[c] ?? null);
    // The content hash covers the stored values (not the version id, nor the file line).
    this.usagesHash.add(values.slice(1, -1).join('\u0001'));
    this.usageCount++;
    if (this.insertUsage) {
      this.insertUsage.run(values);
    } else if (this.pgClient) {
      this.copyLines.push(copyTextLine(values));
      if (this.copyLines.length >= COPY_BATCH) return this.copyPending();
    } else {
      this.pending.push(row);
      if (this.pending.length >= 1000) return this.flush();
    }
    return undefined;
  }
  private parties(u: UsageRecord): PartyRef[] {
    const out: PartyRef[] = [];
    for (const p of [u.rights_holder, u.supplier, u.hosted_by, u.operated_by]) if (p) out.push(p);
    return out.concat(u.sub_processors);
  }

  private allKnown(u: UsageRecord): boolean {
    for (const p of this.parties(u)) if (this.vendors.lookup(p) == null) return false;
    return true;
  }

  private async makeKnown(u: UsageRecord): Promise<void> {
    await this.lockShared();
    for (const p of this.parties(u)) if (this.vendors.lookup(p) == null) await this.vendors.resolve(p);
  }

  /** A product local to the municipality, for a system the shared catalogue has no match for. */
  private async newProduct(u: UsageRecord, row: NewSystemUsage): Promise<ProductMatch> {
    await this.lockShared();
    return this.products.resolve(productRequest(u, row));
  }

  /**
   * Says in the import report where the file and the catalogue disagree: a catalogue product
   * refused for its rights holder, or a matched product whose values differ from the row's (the
   * row's values are what the usage keeps).
   */
  private compare(u: UsageRecord, m: ProductMatch, rightsHolderId: number | null, category: string | null): void {
    const line = u.source_line ?? undefined;
    const system = u.product_name.trim();
    if (m.refused) {
      if (this.listable()) this.warnings.push(catalogueMismatch(line, system, m.refused.name, u.rights_holder!.name, this.products.vendorName(m.refused.rightsHolderId)));
      return;
    }
    const p = m.product;
    if (rightsHolderId != null && p.rightsHolderId != null && rightsHolderId !== p.rightsHolderId && this.listable()) {
      this.warnings.push(catalogueValueDiffers(line, 'rights_holder', system, p.name, u.rights_holder!.name, this.products.vendorName(p.rightsHolderId)));
    }
    if (category != null && p.category != null && category !== p.category && this.listable()) this.warnings.push(catalogueValueDiffers(line, 'category', system, p.name, category, p.category));
    if (u.license_model != null && p.licenseModel != null && u.license_model !== p.licenseModel && this.listable()) {
      this.warnings.push(catalogueValueDiffers(line, 'license_model', system, p.name, u.license_model, p.licenseModel));
    }
  }

  /** Whether a warning found now would be listed; if not, it is counted and its message never built. */
  private listable(): boolean {
    if (this.warnings.length < this.warningRoom) return true;
    this.unlistedWarnings++;
    return false;
  }

  /**
   * From now until the next takeWarnings, build at most `room` warnings; further ones are only
   * counted (takeUnlistedWarnings). For a report that lists a limited number of issues.
   */
  listWarningsUpTo(room: number): void {
    this.warningRoom = Math.max(0, room);
  }

  /** How many warnings were found but not built since the last call (see listWarningsUpTo). */
  takeUnlistedWarnings(): number {
    const n = this.unlistedWarnings;
    this.unlistedWarnings = 0;
    return n;
  }

  /** The warnings gathered since the last call, for the import report. */
  takeWarnings(): IssueDraft[] {
    const out = this.warnings;
    this.warnings = [];
    return out;
  }

  addContracts(records: readonly ContractRecord[]): void {
    for (const c of records) if (c.supplier?.cvr) this.noteConflict(c.supplier, c.source_line, 'supplier');
    this.contracts.push(...records);
  }

  /** The name/CVR disagreements met since the last call, for the import report. */
  takeVendorIssues(): VendorIdentityIssue[] {
    const out = this.vendorIssues;
    this.vendorIssues = [];
    return out;
  }

  private checkIdentity(u: UsageRecord): void {
    for (const f of PARTY_FIELDS) {
      const p = u[f];
      if (p?.cvr) this.noteConflict(p, u.source_line, f);
    }
    for (const p of u.sub_processors) if (p.cvr) this.noteConflict(p, u.source_line, 'sub_processors');
  }

  private noteConflict(p: PartyRef, line: number | null | undefined, field: string): void {
    const conflict = this.vendors.conflict(p);
    if (conflict) this.vendorIssues.push({ line: line ?? null, field, conflict });
  }

  /** The id of the usage a key or a `name:` reference points at, if it is in this version. */
  async resolveReference(reference: string): Promise<number | undefined> {
    return (await this.referenceMap()).get(reference);
  }

  private async referenceMap(): Promise<ReadonlyMap<string, number>> {
    if (!this.references) {
      await this.flush();
      const rows = await this.db
        .selectFrom('system_usages as u')
        .innerJoin('products as p', 'p.id', 'u.product_id')
        .select(['u.id', 'u.usage_key', 'u.local_id', 'u.local_name', 'u.system_name', 'p.name', 'u.kitos_uuid', 'p.kitos_uuid as product_uuid'])
        .where('u.inventory_version_id', '=', this.versionId)
        .orderBy('u.id')
        .execute();
      const refs = new Map(rows.map((r) => [r.usage_key, r.id]));
      // A usage that kept an earlier key still answers to the key its record gives it.
      for (const [k, id] of this.inherited) if (!refs.has(k)) refs.set(k, id);
      // A local id and a name are the first usage's that carries them (a name as its local name,
      // the file's system name or its catalogue product's name): files refer to systems by them
      // whatever their key's form.
      for (const r of rows) {
        const id = r.local_id?.trim() ? `id:${r.local_id.trim().toLowerCase()}` : null;
        if (id && !refs.has(id)) refs.set(id, r.id);
        for (const name of [r.local_name, r.system_name, r.name]) {
          const k = name ? `name:${name.trim().toLowerCase()}` : null;
          if (k && !refs.has(k)) refs.set(k, r.id);
        }
        // KITOS contracts name their systems by catalogue UUID (`IT Systemer (UUID)`).
        for (const uuid of [r.kitos_uuid, r.product_uuid]) {
          const u = uuid ? `uuid:${uuid.toLowerCase()}` : null;
          if (u && !refs.has(u)) refs.set(u, r.id);
        }
      }
      this.references = refs;
    }
    return this.references;
  }

  /**
   * Carries the usages of an earlier version over unchanged (a contracts file replaces only the
   * contracts). Copied in SQL; the source version's content hash stands for their content.
   */
  async copyUsagesFrom(versionId: number): Promise<void> {
    await this.flush();
    const source = await this.db.selectFrom('inventory_versions').select('usages_hash').where('id', '=', versionId).executeTakeFirstOrThrow();
    this.carriedUsagesHash = source.usages_hash;
    const cols = USAGE_COLUMNS.filter((c) => c !== 'inventory_version_id');
    await sql`insert into system_usages (inventory_version_id, ${sql.join(cols.map((c) => sql.ref(c)))})
      select ${this.versionId}, ${sql.join(cols.map((c) => sql.ref(c)))} from system_usages where inventory_version_id = ${versionId}`.execute(this.db);
    await sql`insert into usage_sub_processors (usage_id, vendor_id)
      select n.id, sp.vendor_id from usage_sub_processors sp
      join system_usages o on o.id = sp.usage_id and o.inventory_version_id = ${versionId}
      join system_usages n on n.usage_key = o.usage_key and n.inventory_version_id = ${this.versionId}`.execute(this.db);
    const copied = await this.db
      .selectFrom('system_usages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('inventory_version_id', '=', this.versionId)
      .executeTakeFirstOrThrow();
    this.usageCount += Number(copied.n);
    this.references = null;
  }

  async finish(
    integrations: readonly IntegrationRecord[],
    carry: {
      /** Keep this version's contracts (and their links to usages that are still here). */
      contractsFrom?: number | null;
      /** Keep this version's integrations between usages that are still here. */
      integrationsFrom?: number | null;
      /** Usage → contract name (KITOS `IT Kontrakter`), linking usages to carried contracts. */
      contractLinks?: readonly { usageKey: string; contractName: string }[];
    } = {},
  ): Promise<WrittenVersion> {
    await this.flush();
    if (this.carriedUsagesHash == null) {
      this.inherited = await inheritUsageKeys(this.db, this.target.municipalityCode, this.versionId);
      if (this.inherited.size) this.references = null;
    }
    const linked = this.subProcessors.length > 0 || this.contracts.length > 0 || integrations.length > 0 || carry.contractsFrom != null;
    const ids = linked ? await this.referenceMap() : new Map<string, number>();
    await insertSubProcessors(this.db, this.subProcessors.map((s) => ({ usage_id: ids.get(s.key)!, vendor_id: s.vendorId })));
    const contractRows: { contract: NewContract; usageIds: number[] }[] = [];
    for (const c of this.contracts) {
      const usageIds = [...new Set(c.usage_keys.map((k) => ids.get(k)).filter((id): id is number => id != null))];
      contractRows.push({ contract: await this.toContract(c), usageIds });
    }
    await insertContracts(this.db, contractRows);
    let contractCount = this.contracts.length;
    if (carry.contractsFrom != null) contractCount += await this.carryContracts(carry.contractsFrom, ids, carry.contractLinks ?? []);

    const edges = [];
    for (const i of integrations) {
      const from = ids.get(i.source_key);
      const to = ids.get(i.target_key);
      // Callers check references first; an edge to a row skipped as invalid is dropped here.
      if (from != null && to != null) edges.push({ inventory_version_id: this.versionId, source_usage_id: from, target_usage_id: to, kind: i.kind, direction: i.direction, platform_role: i.platform_role });
    }
    await insertIntegrations(this.db, edges);
    let integrationCount = edges.length;
    if (carry.integrationsFrom != null) integrationCount += await this.carryIntegrations(carry.integrationsFrom);
    const usagesHash = this.carriedUsagesHash ?? this.usagesHash.digest();
    const contentHash = createHash('sha256')
      .update(`${usagesHash}\n${await this.contractsHash()}\n${await this.integrationsHash()}`)
      .digest('hex');
    await this.db
      .updateTable('inventory_versions')
      .set({ content_hash: contentHash, usages_hash: usagesHash, usage_count: this.usageCount, contract_count: contractCount, integration_count: integrationCount })
      .where('id', '=', this.versionId)
      .execute();
    return {
      versionId: this.versionId,
      contentHash,
      usages: this.usageCount,
      contracts: contractCount,
      integrations: integrationCount,
      vendorsCreated: this.vendors.created,
      productsCreated: this.products.created,
    };
  }

  /**
   * The version's contracts (with the usage keys they cover) and integrations (by usage keys),
   * read back and hashed in a canonical order: the same content gives the same hash whether it
   * came from the file or was carried over from the previous version.
   */
  private async contractsHash(): Promise<string> {
    const contracts = await this.db.selectFrom('contracts').selectAll().where('inventory_version_id', '=', this.versionId).execute();
    const links = await this.db
      .selectFrom('contract_usages as cu')
      .innerJoin('contracts as c', 'c.id', 'cu.contract_id')
      .innerJoin('system_usages as u', 'u.id', 'cu.usage_id')
      .select(['cu.contract_id', 'u.usage_key'])
      .where('c.inventory_version_id', '=', this.versionId)
      .execute();
    const keysOf = new Map<number, string[]>();
    for (const l of links) keysOf.set(l.contract_id, [...(keysOf.get(l.contract_id) ?? []), l.usage_key]);
    const lines = contracts.map(({ id, inventory_version_id: _v, source_line: _l, ...c }) => JSON.stringify([c, (keysOf.get(id) ?? []).sort()]));
    return hashLines(lines);
  }

  private async integrationsHash(): Promise<string> {
    const rows = await this.db
      .selectFrom('integrations as i')
      .innerJoin('system_usages as s', 's.id', 'i.source_usage_id')
      .innerJoin('system_usages as t', 't.id', 'i.target_usage_id')
      .select(['s.usage_key as source', 't.usage_key as target', 'i.kind', 'i.direction', 'i.platform_role'])
      .where('i.inventory_version_id', '=', this.versionId)
      .execute();
    return hashLines(rows.map((r) => JSON.stringify([r.source, r.target, r.kind, r.direction, r.platform_role])));
  }

  /** Copies an earlier version's contracts, relinked by usage key and by the usages' contract names. */
  private async carryContracts(fromVersionId: number, ids: ReadonlyMap<string, number>, links: readonly { usageKey: string; contractName: string }[]): Promise<number> {
    const old = await this.db.selectFrom('contracts').selectAll().where('inventory_version_id', '=', fromVersionId).orderBy('id').execute();
    const oldLinks = await this.db
      .selectFrom('contract_usages as cu')
      .innerJoin('system_usages as u', 'u.id', 'cu.usage_id')
      .select(['cu.contract_id', 'u.usage_key'])
      .where('u.inventory_version_id', '=', fromVersionId)
      .execute();
    const byName = new Map<string, number[]>();
    for (const l of links) {
      const id = ids.get(l.usageKey);
      if (id != null) byName.set(l.contractName.trim().toLowerCase(), [...(byName.get(l.contractName.trim().toLowerCase()) ?? []), id]);
    }
    const rows = old.map(({ id, ...c }) => ({
      contract: { ...c, inventory_version_id: this.versionId },
      usageIds: [
        ...oldLinks.filter((l) => l.contract_id === id).map((l) => ids.get(l.usage_key)).filter((x): x is number => x != null),
        ...(byName.get(c.name.trim().toLowerCase()) ?? []),
      ],
    }));
    await insertContracts(this.db, rows);
    return rows.length;
  }

  private async carryIntegrations(fromVersionId: number): Promise<number> {
    const r = await sql`insert into integrations (inventory_version_id, source_usage_id, target_usage_id, kind, direction, platform_role)
      select ${this.versionId}, ns.id, nt.id, i.kind, i.direction, i.platform_role from integrations i
      join system_usages os on os.id = i.source_usage_id
      join system_usages ot on ot.id = i.target_usage_id
      join system_usages ns on ns.usage_key = os.usage_key and ns.inventory_version_id = ${this.versionId}
      join system_usages nt on nt.usage_key = ot.usage_key and nt.inventory_version_id = ${this.versionId}
      where i.inventory_version_id = ${fromVersionId}`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** Every usage added so far is in system_usages (the COPY path moves its staged rows there). */
  private async flush(): Promise<void> {
    if (this.pgClient) {
      await this.copyPending();
      if (!this.staged) return;
      const cols = sql.join(USAGE_COLUMNS.map((c) => sql.ref(c)));
      // In the order the rows came (ids, and so "the first usage that carries a name", follow the file).
      await sql`insert into system_usages (${cols}) select ${cols} from ${sql.table(this.stagingTable)} order by seq`.execute(this.db);
      await sql`truncate ${sql.table(this.stagingTable)}`.execute(this.db);
      this.staged = false;
      return;
    }
    for (const batch of chunks(this.pending, USAGE_COLUMNS.length)) await this.db.insertInto('system_usages').values(batch).execute();
    this.pending = [];
  }

  private get stagingTable(): string {
    return `usage_staging_${this.versionId}`;
  }

  /**
   * Sends the pending rows with COPY into this version's staging table: a temporary table with
   * system_usages' columns (no keys, indexes or constraints; dropped when the transaction ends)
   * and `seq`, the order the rows came in. COPY runs on the transaction's own client, so it is
   * part of the import's transaction; nothing else uses that client meanwhile (the writer awaits
   * every statement it sends).
   */
  private async copyPending(): Promise<void> {
    if (this.copyLines.length === 0) return;
    const client = this.pgClient!;
    if (!this.stagingCreated) {
      await sql`create temporary table ${sql.table(this.stagingTable)} on commit drop as
        select ${sql.join(USAGE_COLUMNS.map((c) => sql.ref(c)))} from system_usages with no data`.execute(this.db);
      await sql`alter table ${sql.table(this.stagingTable)} add column seq bigint generated always as identity`.execute(this.db);
      this.stagingCreated = true;
    }
    const lines = this.copyLines;
    this.copyLines = [];
    const copy = client.query(copyFrom(`copy ${this.stagingTable} (${USAGE_COLUMNS.join(', ')}) from stdin`));
    copy.end(lines.join(''));
    await finished(copy);
    this.staged = true;
  }

  /** A known party's vendor id (after makeKnown every party of the row is known). */
  private known(p: PartyRef | null): number | null {
    return p ? this.vendors.lookup(p)! : null;
  }

  private async party(p: PartyRef | null): Promise<number | null> {
    if (!p) return null;
    const known = this.vendors.lookup(p);
    if (known != null) return known;
    await this.lockShared();
    return (await this.vendors.resolve(p)).id;
  }

  private toRow(u: UsageRecord, key: string, productId: number, rightsHolderId: number | null, category: string | null): NewSystemUsage {
    return {
      inventory_version_id: this.versionId,
      municipality_code: this.target.municipalityCode,
      usage_key: key,
      product_id: productId,
      system_name: u.product_name.trim(),
      rights_holder_vendor_id: rightsHolderId,
      category,
      local_name: u.local_name,
      local_id: u.local_id,
      version: u.version,
      lifecycle: u.lifecycle,
      supplier_vendor_id: this.known(u.supplier),
      hosting_model: u.hosting_model,
      hosted_by_vendor_id: this.known(u.hosted_by),
      operated_by_vendor_id: this.known(u.operated_by),
      data_location: u.data_location,
      criticality: u.criticality,
      business_critical: optionalFlag(u.business_critical),
      user_count_band: u.user_count_band,
      data_sensitivity: jsonList(u.data_sensitivity),
      in_use_from: u.in_use_from,
      in_use_to: u.in_use_to,
      responsible_unit: u.responsible_unit,
      business_type: u.business_type,
      notes: u.notes,
      data_export: u.data_export,
      export_formats: jsonList(u.export_formats),
      export_format_kind: u.export_format_kind,
      export_tested_at: u.export_tested_at,
      export_charges: optionalFlag(u.export_charges),
      api_availability: u.api_availability,
      api_standards: jsonList(u.api_standards),
      license_model: u.license_model,
      key_management: u.key_management,
      external_backup_tested_at: u.external_backup_tested_at,
      exit_plan: u.exit_plan,
      exit_plan_tested_at: u.exit_plan_tested_at,
      exit_plan_owner: u.exit_plan_owner,
      provenance: storedProvenance(u.provenance),
      extra: JSON.stringify(u.extra),
      kitos_uuid: u.kitos_uuid,
      kle: jsonList(u.kle),
      roles_filled: jsonList(u.roles_filled),
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
      roles_filled: jsonList(c.roles_filled),
      source_line: c.source_line,
    };
  }
}

/** Rows sent per COPY: large enough that a statement's round trip does not count, small enough to hold. */
const COPY_BATCH = 5000;

/** A row ready to store but for its product, with its sub-processors' vendor ids. */
interface PreparedRow {
  row: NewSystemUsage;
  subProcessorIds: readonly number[];
}

const NO_IDS: readonly number[] = [];

/** What a row asks of the product resolver when nothing matches it yet. */
function productRequest(u: UsageRecord, row: NewSystemUsage): ProductRequest {
  return { name: u.product_name, kitosUuid: u.kitos_uuid, rightsHolderId: row.rights_holder_vendor_id ?? null, category: row.category ?? null };
}

/**
 * One row in COPY's text format: tab-separated, `\N` for NULL, and a backslash, tab, line feed or
 * carriage return inside a value escaped with a backslash (the only bytes the format gives a
 * meaning). Text never holds NUL (PostgreSQL's text type refuses it, as it does on INSERT).
 */
export function copyTextLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += '\t';
    if (v == null) line += '\\N';
    else if (typeof v === 'number') line += String(v);
    else line += COPY_SPECIAL.test(String(v)) ? String(v).replace(COPY_ESCAPES, (c) => COPY_ESCAPE[c]!) : String(v);
  }
  return `${line}\n`;
}
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES = /[\\\t\n\r]/g;
const COPY_ESCAPE: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function hashLines(lines: string[]): string {
  const hash = createHash('sha256');
  for (const line of lines.sort()) hash.update(`${line}\n`);
  return hash.digest('hex');
}

/** A list column's JSON; most lists are empty, and this runs for every usage of the file. */
function jsonList(list: readonly unknown[]): string {
  return list.length === 0 ? '[]' : JSON.stringify(list);
}

/**
 * The provenance map as stored: `declared` is what an input without a tag means, so only the
 * other tags are kept (a file states most of its facts; ~200 bytes less on almost every row).
 */
function storedProvenance(provenance: UsageRecord['provenance']): string {
  let stored: Record<string, string> | null = null;
  for (const key in provenance) {
    const tag = provenance[key as keyof typeof provenance];
    if (tag !== 'declared') (stored ??= {})[key] = tag!;
  }
  return stored ? JSON.stringify(stored) : '{}';
}
