// Builds the scoring engine's input from the database: one MunicipalityInput per inventory
// version, with every lock-in input merged from the municipality's declaration and the shared
// catalogue and tagged with its provenance. Loads in a fixed number of queries per batch of
// versions, so a national recomputation does not issue a query per usage.
import { inventoriesOf, versionIdsOf, type World } from './world.repository.ts';
import type { ContractSupplier, ContractTerms, Input, MunicipalityInput, ScoringEdge, ScoringParty, ScoringUsage, SpendShare, SubstitutabilityFacts } from '../scoring/index.ts';
import { categoryHhi, mergeDeclaredAndCatalogue, mergeInput, unknownInput } from '../scoring/index.ts';
import type { ProvenanceMap } from '../domain/inventory.ts';
import { PUBLIC_MODERATION_STATES } from '../domain/vocabulary.ts';
import type {
  ApiAvailability,
  CodeGovernance,
  Criticality,
  DataExport,
  ExitPlan,
  ExportFormatKind,
  HostingModel,
  KeyManagement,
  LicenseModel,
  Provenance,
  VendorRoleKind,
} from '../domain/vocabulary.ts';
import type { SystemUsageRow } from '../db/schema.ts';
import { exitReadinessByUsage } from './exit-plans.repository.ts';
import { type Db, fromFlag, isoDay as day, isPostgres, oneOf, stored } from './db-types.ts';

interface VendorInfo {
  name: string;
  ultimateId: number;
  ultimateName: string;
  country: string | null;
  verified: boolean;
  jurisdiction: 'eu' | 'non_eu' | null;
  /** The company's own role (rights holder, supplier/integrator, reseller, operator), when known. */
  roleKind: VendorRoleKind | null;
}

interface ProductInfo {
  id: number;
  name: string;
  category: string | null;
  rightsHolderId: number | null;
  /** The municipality whose file brought this product, until it is adopted into the shared catalogue. */
  localTo: number | null;
  licenseModel: string | null;
  codeGovernance: string | null;
  dataExport: string | null;
  exportFormatKind: string | null;
  apiAvailability: string | null;
  requiresPlatform: boolean;
  observedAt: string;
}

/** The shared catalogue as scoring needs it; loaded once and reused for many versions. */
export interface ScoringCatalogue {
  vendors: Map<number, VendorInfo>;
  products: Map<number, ProductInfo>;
  substitutability: Map<number, SubstitutabilityFacts>;
  /**
   * F5's other half besides the mapped open-source alternatives: per product, the shared catalogue's
   * other products in its function category (ids). `viableAlternatives` counts exactly these plus
   * the mapped alternatives, and the system page lists both, so the two can never disagree.
   */
  categoryCompetitors: Map<number, number[]>;
  /** Median number of systems per municipality: the coverage reference when total IT spend is unknown. */
  referenceSystemCount: number | null;
  /** The inventories the national figures above come from (a real inventory is never scored against demo ones). */
  world: World;
}



/**
 * The usages of the current inventories of one world counted per function category and supplier's
 * owner (the HHI's input), by the database: a national installation's million usages never arrive as rows.
 */
export function categoryHhiQuery(db: Db, world: World) {
  return db
    .selectFrom('system_usages as u')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .leftJoin('vendors as s', 's.id', 'u.supplier_vendor_id')
    .select((eb) => [eb.fn.coalesce('u.category', 'p.category').as('category'), 's.ultimate_parent_id', eb.fn.countAll<number>().as('usages')])
    .where(oneOf(db, 'u.inventory_version_id', versionIdsOf(db, inventoriesOf(db, world))))
    .groupBy((eb) => [eb.fn.coalesce('u.category', 'p.category'), 's.ultimate_parent_id'])
    .orderBy('category')
    .orderBy('s.ultimate_parent_id');
}

/** National HHI per function category over the current inventories of one world (F5). */
export async function computeCategoryHhi(db: Db, world: World): Promise<Map<string, number>> {
  const counts = await categoryHhiQuery(db, world).execute();
  return categoryHhi(counts.map((r) => ({ category: r.category, supplierId: r.ultimate_parent_id == null ? null : String(r.ultimate_parent_id), usages: Number(r.usages) })));
}

/** The category HHI of `world` stored by the last full recomputation, or null when there is none yet. */
export async function storedCategoryHhi(db: Db, world: World): Promise<Map<string, number> | null> {
  const row = await db.selectFrom('national_scores').select('category_hhi').where('world', '=', world).orderBy('id', 'desc').executeTakeFirst();
  return row ? new Map(Object.entries(JSON.parse(row.category_hhi) as Record<string, number>)) : null;
}

/**
 * The catalogue as scoring needs it. `hhiByCategory` is the national category concentration:
 * a full recomputation passes a fresh one; a single import reuses the stored one, so it never
 * has to read every other municipality's inventory.
 */
export async function loadScoringCatalogue(
  db: Db,
  world: World,
  hhiByCategory?: Map<string, number>,
  /**
   * Only these municipalities' own products besides the shared catalogue (a page about one
   * municipality): another municipality's local products never compete and never appear in its
   * inventory, and thousands of them — every "Fagsystem" a large import created — would be read for nothing.
   */
  options: { localTo?: readonly number[] } = {},
): Promise<ScoringCatalogue> {
  const vendorRows = await db
    .selectFrom('vendors as v')
    .leftJoin('vendors as top', 'top.id', 'v.ultimate_parent_id')
    .select(['v.id', 'v.name', 'v.ultimate_parent_id', 'v.ultimate_country', 'v.jurisdiction', 'v.role_kind', 'top.name as top_name', 'top.verified as top_verified', 'v.verified'])
    .execute();
  const vendors = new Map<number, VendorInfo>();
  for (const v of vendorRows) {
    vendors.set(v.id, {
      name: v.name,
      ultimateId: v.ultimate_parent_id ?? v.id,
      ultimateName: v.top_name ?? '',
      country: v.ultimate_country,
      verified: v.verified === 1 && (v.top_verified ?? 1) === 1,
      jurisdiction: v.jurisdiction,
      roleKind: stored<VendorRoleKind>(v.role_kind),
    });
  }
  const deps = new Set((await db.selectFrom('product_dependencies').select('product_id').execute()).map((d) => d.product_id));
  const localTo = options.localTo;
  const productRows = await db
    .selectFrom('products')
    .selectAll()
    .$if(localTo !== undefined, (q) => q.where((eb) => eb.or([eb('local_to_municipality', 'is', null), ...(localTo!.length ? [eb('local_to_municipality', 'in', [...localTo!])] : [])])))
    .execute();
  const products = new Map<number, ProductInfo>();
  // The demo generator's inventions exist only in the demo world: they never compete with a real inventory's systems.
  const inventedIds = new Set(world === 'real' ? productRows.filter((p) => p.source === 'demo').map((p) => p.id) : []);
  for (const p of productRows) {
    products.set(p.id, {
      id: p.id,
      name: p.name,
      category: p.category,
      rightsHolderId: p.rights_holder_vendor_id,
      localTo: p.local_to_municipality,
      licenseModel: p.license_model,
      codeGovernance: p.code_governance,
      dataExport: p.data_export,
      exportFormatKind: p.export_format_kind,
      apiAvailability: p.api_availability,
      requiresPlatform: deps.has(p.id),
      observedAt: day(p.updated_at),
    });
  }

  // F5: what could replace each product — other catalogue products in its function category
  // and the open-source alternatives mapped onto it (only those readers see: not pending or rejected).
  const mapped = await db
    .selectFrom('product_alternatives as pa')
    .innerJoin('alternatives as a', 'a.id', 'pa.alternative_id')
    .select(['pa.product_id', 'a.id as alternative_id'])
    .where('a.moderation_state', 'in', PUBLIC_MODERATION_STATES)
    .execute();
  const alternativesOf = new Map<number, number>();
  for (const m of mapped) alternativesOf.set(m.product_id, (alternativesOf.get(m.product_id) ?? 0) + 1);
  const byCategory = new Map<string, ProductInfo[]>();
  // Only the shared catalogue competes: one municipality's own products never change another's scores.
  for (const p of products.values()) if (p.category && p.localTo == null && !inventedIds.has(p.id)) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);

  hhiByCategory ??= (await storedCategoryHhi(db, world)) ?? (await computeCategoryHhi(db, world));

  const substitutability = new Map<number, SubstitutabilityFacts>();
  const categoryCompetitors = new Map<number, number[]>();
  for (const p of products.values()) {
    if (!p.category) {
      substitutability.set(p.id, { viableAlternatives: unknownInput(), openOrEuAlternative: unknownInput(), nationalCategoryHhi: unknownInput() });
      continue;
    }
    const competitors = (byCategory.get(p.category) ?? []).filter((q) => q.id !== p.id);
    categoryCompetitors.set(p.id, competitors.map((q) => q.id));
    const open = alternativesOf.get(p.id) ?? 0;
    const openOrEu =
      open > 0 ||
      competitors.some((q) => q.licenseModel === 'open_source' || (q.rightsHolderId != null && vendors.get(q.rightsHolderId)?.jurisdiction === 'eu'));
    const hhi = hhiByCategory.get(p.category);
    substitutability.set(p.id, {
      viableAlternatives: { value: competitors.length + open, provenance: 'catalogue', observedAt: p.observedAt },
      openOrEuAlternative: { value: openOrEu, provenance: 'catalogue', observedAt: p.observedAt },
      nationalCategoryHhi: hhi == null ? unknownInput() : { value: hhi, provenance: 'catalogue', observedAt: null },
    });
  }

  const counts = (await inventorySizesQuery(db, world).execute()).map((r) => r.usage_count).sort((a, b) => a - b);
  const referenceSystemCount = counts.length ? counts[Math.floor(counts.length / 2)]! : null;
  return { vendors, products, substitutability, categoryCompetitors, referenceSystemCount, world };
}

/**
 * The system_usages columns scoring reads: not the free texts, lists and extra fields an import
 * keeps (notes, responsible unit, KLE …), which made up most of a wide row's memory.
 */
const SCORING_USAGE_COLUMNS = [
  'id', 'inventory_version_id', 'municipality_code', 'product_id', 'system_name', 'local_name', 'category', 'criticality', 'business_critical',
  'data_export', 'export_format_kind', 'export_tested_at', 'export_charges', 'api_availability', 'license_model', 'hosting_model', 'key_management',
  'external_backup_tested_at', 'exit_plan', 'exit_plan_tested_at', 'exit_plan_owner', 'data_location', 'supplier_vendor_id', 'rights_holder_vendor_id',
  'hosted_by_vendor_id', 'operated_by_vendor_id', 'provenance',
] as const satisfies readonly (keyof SystemUsageRow)[];
type ScoringUsageRow = Pick<SystemUsageRow, (typeof SCORING_USAGE_COLUMNS)[number]>;

/**
 * The usages of a scoring query one by one: on SQLite streamed from the statement (a national
 * municipality's 300,000 rows are never all held at once, only the inputs built from them); on
 * PostgreSQL, whose dialect has no cursor here, read whole.
 */
async function* usageRows(db: Db, query: ReturnType<typeof scoringInputQueries>['usages']): AsyncGenerator<ScoringUsageRow> {
  if (isPostgres(db)) {
    yield* await query.execute();
    return;
  }
  yield* query.stream(1000);
}

/**
 * The queries behind a version's scoring input, each driven by an index that starts with
 * inventory_version_id (or a usage/contract id of those versions), so older versions' rows are
 * never read (services/hot-queries.ts lists them for the EXPLAIN tests).
 */
export function scoringInputQueries(db: Db, versionIds: readonly number[]) {
  const ids = [...versionIds];
  return {
    versions: db.selectFrom('inventory_versions').selectAll().where('id', 'in', ids),
    usages: db.selectFrom('system_usages').select(SCORING_USAGE_COLUMNS).where('inventory_version_id', 'in', ids).orderBy('id'),
    contracts: db.selectFrom('contracts').selectAll().where('inventory_version_id', 'in', ids),
    contractLinks: db
      .selectFrom('contracts as c')
      .innerJoin('contract_usages as cu', 'cu.contract_id', 'c.id')
      .select(['cu.contract_id', 'cu.usage_id'])
      .where('c.inventory_version_id', 'in', ids),
    // By the ids of the versions' usages: a join lets PostgreSQL walk the sub-processors' whole
    // primary key (every version's rows) and look each usage up, since the table is small.
    subProcessors: db
      .selectFrom('usage_sub_processors as sp')
      .select(['sp.usage_id', 'sp.vendor_id'])
      .where(oneOf(db, 'sp.usage_id', db.selectFrom('system_usages as u').select('u.id').where('u.inventory_version_id', 'in', ids))),
    edges: db
      .selectFrom('integrations')
      .select(['inventory_version_id', 'source_usage_id', 'target_usage_id', 'kind', 'direction', 'platform_role'])
      .where('inventory_version_id', 'in', ids),
  };
}

/** The number of systems in each current inventory of one world (the median is the coverage reference). */
export function inventorySizesQuery(db: Db, world: World) {
  return db.selectFrom(inventoriesOf(db, world).as('ci')).innerJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id').select('v.usage_count');
}

/** Loads the scoring input of the given inventory versions (keyed by version id). */
export async function loadMunicipalityInputs(
  db: Db,
  catalogue: ScoringCatalogue,
  versionIds: readonly number[],
  asOf: string,
): Promise<Map<number, MunicipalityInput>> {
  const out = new Map<number, MunicipalityInput>();
  if (versionIds.length === 0) return out;
  const q = scoringInputQueries(db, versionIds);
  // The usages last: they are streamed, and the connection reads nothing else meanwhile.
  const [versions, contracts, links, subProcessors, edges] = [
    await q.versions.execute(),
    await q.contracts.execute(),
    await q.contractLinks.execute(),
    await q.subProcessors.execute(),
    await q.edges.execute(),
  ];
  const exitPlans = await exitReadinessByUsage(db, versionIds);

  const contractById = new Map(contracts.map((c) => [c.id, c]));
  const usagesPerContract = new Map<number, number>();
  const contractsOfUsage = new Map<number, number[]>();
  for (const l of links) {
    usagesPerContract.set(l.contract_id, (usagesPerContract.get(l.contract_id) ?? 0) + 1);
    contractsOfUsage.set(l.usage_id, [...(contractsOfUsage.get(l.usage_id) ?? []), l.contract_id]);
  }
  const subsOfUsage = new Map<number, number[]>();
  for (const s of subProcessors) subsOfUsage.set(s.usage_id, [...(subsOfUsage.get(s.usage_id) ?? []), s.vendor_id]);
  const integrationCount = new Map<number, number>();
  const requiresEdge = new Set<number>();
  const versionHasPlatformEdges = new Set<number>();
  for (const e of edges) {
    if (e.kind === 'requires_platform') {
      requiresEdge.add(e.source_usage_id);
      versionHasPlatformEdges.add(e.inventory_version_id);
    } else {
      integrationCount.set(e.source_usage_id, (integrationCount.get(e.source_usage_id) ?? 0) + 1);
      integrationCount.set(e.target_usage_id, (integrationCount.get(e.target_usage_id) ?? 0) + 1);
    }
  }

  for (const v of versions) {
    out.set(v.id, {
      municipalityCode: String(v.municipality_code),
      asOf,
      usages: [],
      edges: [],
      totalItSpendDkk: null,
      referenceSystemCount: catalogue.referenceSystemCount,
    });
  }
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const shared = new SharedInputs();
  for await (const u of usageRows(db, q.usages)) {
    const version = versionById.get(u.inventory_version_id)!;
    const declaredAt = day(version.created_at);
    const product = catalogue.products.get(u.product_id)!;
    const prov = JSON.parse(u.provenance) as ProvenanceMap;
    const declared = <T>(value: T | null, key: keyof ProvenanceMap) =>
      mergeInput<T>({ value, provenance: prov[key] ?? 'declared', observedAt: declaredAt });
    // A date that only means something once its subject is declared: known-null is "never".
    const dateOnceDeclared = (subjectKnown: boolean, value: string | null, key: keyof ProvenanceMap) =>
      value ? { value, provenance: (prov[key] ?? 'declared') as Provenance, observedAt: declaredAt } : subjectKnown ? { value: null, provenance: (prov[key] ?? 'declared') as Provenance, observedAt: declaredAt } : unknownInput<string>();

    const facts = mergeDeclaredAndCatalogue(
      {
        licenseModel: stored<LicenseModel>(u.license_model),
        dataExport: stored<DataExport>(u.data_export),
        exportFormatKind: stored<ExportFormatKind>(u.export_format_kind),
        exportCharges: fromFlag(u.export_charges),
        apiAvailability: stored<ApiAvailability>(u.api_availability),
        provenance: {
          licenseModel: prov.license_model,
          dataExport: prov.data_export,
          exportFormatKind: prov.export_format_kind,
          exportCharges: prov.export_charges,
          apiAvailability: prov.api_availability,
        },
        observedAt: declaredAt,
      },
      {
        licenseModel: stored<LicenseModel>(product.licenseModel),
        codeGovernance: stored<CodeGovernance>(product.codeGovernance),
        dataExport: stored<DataExport>(product.dataExport),
        exportFormatKind: stored<ExportFormatKind>(product.exportFormatKind),
        apiAvailability: stored<ApiAvailability>(product.apiAvailability),
        observedAt: product.observedAt,
      },
    );

    const contractIds = contractsOfUsage.get(u.id) ?? [];
    let cost: number | null = null;
    const spend: SpendShare[] = [];
    const terms: ContractTerms[] = contractIds.map((id) => {
      const c = contractById.get(id)!;
      if (c.yearly_operation_cost_dkk != null) {
        // A contract's cost is split over the usages it links; each share keeps its contract's supplier.
        const amountDkk = c.yearly_operation_cost_dkk / (usagesPerContract.get(id) ?? 1);
        cost = (cost ?? 0) + amountDkk;
        spend.push({ contractId: String(c.id), amountDkk, supplier: contractSupplierOf(c.supplier_vendor_id, catalogue) });
      }
      return {
        id: String(c.id),
        endDate: c.valid_to,
        noticeMonths: c.notice_months,
        irrevocableUntil: c.irrevocable_until,
        terminatedAt: c.terminated_at,
        exitClause: fromFlag(c.exit_clause),
        switchingCharges: fromFlag(c.switching_charges),
        licencesPortable: fromFlag(c.licences_portable),
        bundledScope: fromFlag(c.bundled_scope),
      };
    });

    const usage: ScoringUsage = {
      id: String(u.id),
      municipalityCode: String(u.municipality_code),
      // The names and values the file gave; the catalogue's where it gave none.
      name: u.local_name ?? u.system_name,
      category: u.category ?? product.category,
      yearlyCostDkk: cost,
      spend,
      criticality: declared(stored<Criticality>(u.criticality), 'criticality'),
      businessCritical: u.business_critical == null ? unknownInput() : { value: u.business_critical === 1, provenance: 'declared', observedAt: declaredAt },
      dataExport: facts.dataExport,
      exportFormatKind: facts.exportFormatKind,
      exportTestedAt: u.export_tested_at ? { value: u.export_tested_at, provenance: prov.export_tested_at ?? 'declared', observedAt: declaredAt } : unknownInput(),
      exportCharges: facts.exportCharges,
      apiAvailability: facts.apiAvailability,
      // A municipality that records no integrations at all has not said "none".
      integrationCount: version.integration_count > 0 ? { value: integrationCount.get(u.id) ?? 0, provenance: 'declared', observedAt: declaredAt } : unknownInput(),
      requiresSpecificPlatform: product.requiresPlatform
        ? { value: true, provenance: 'catalogue', observedAt: product.observedAt }
        : requiresEdge.has(u.id)
          ? { value: true, provenance: 'declared', observedAt: declaredAt }
          : versionHasPlatformEdges.has(u.inventory_version_id)
            ? { value: false, provenance: 'declared', observedAt: declaredAt }
            : unknownInput(),
      contracts: terms.length ? { value: terms, provenance: 'declared', observedAt: declaredAt } : unknownInput(),
      substitutability: catalogue.substitutability.get(product.id)!,
      licenseModel: facts.licenseModel,
      codeGovernance: facts.codeGovernance,
      hostingModel: declared(stored<HostingModel>(u.hosting_model), 'hosting_model'),
      keyManagement: declared(stored<KeyManagement>(u.key_management), 'key_management'),
      externalBackupTestedAt: u.external_backup_tested_at ? { value: u.external_backup_tested_at, provenance: prov.external_backup_tested_at ?? 'declared', observedAt: declaredAt } : unknownInput(),
      parties: partiesOf(u, product, catalogue, subsOfUsage.get(u.id) ?? [], prov, declaredAt),
      exitPlan: declared(stored<ExitPlan>(u.exit_plan), 'exit_plan'),
      exitPlanTestedAt: dateOnceDeclared(u.exit_plan != null, u.exit_plan_tested_at, 'exit_plan_tested_at'),
      exitPlanOwner: dateOnceDeclared(u.exit_plan != null, u.exit_plan_owner, 'exit_plan_owner'),
    };
    // A saved exit plan (solutions/exit-plan.ts) states F9's inputs in place of the imported columns.
    Object.assign(usage, exitPlans.get(u.id));
    shared.usage(usage);
    out.get(u.inventory_version_id)!.usages.push(usage);
  }
  for (const e of edges) {
    out.get(e.inventory_version_id)!.edges.push({
      from: String(e.source_usage_id),
      to: String(e.target_usage_id),
      kind: e.kind as ScoringEdge['kind'],
      direction: e.direction as NonNullable<ScoringEdge['direction']>,
      platformRole: e.platform_role,
    });
  }
  return out;
}

/**
 * One object per distinct input (value, provenance, date): the usages of an inventory share most
 * of theirs (the same criticality, "unknown", the version's date), and a national municipality's
 * 300,000 usages held ~20 separate copies each. Inputs are never changed in place (the engine
 * and the solutions replace them), so sharing them changes nothing but memory.
 */
class SharedInputs {
  private readonly known = new Map<string, Input<unknown>>();

  /** The usage's inputs and its parties' replaced by the shared equal ones. */
  usage(u: ScoringUsage): void {
    const fields = u as unknown as Record<string, unknown>;
    for (const key in fields) {
      const v = fields[key];
      if (isPlainInput(v)) fields[key] = this.input(v);
    }
    for (const p of u.parties) {
      p.country = this.input(p.country);
      p.dataLocation = this.input(p.dataLocation);
      p.nonEuSubProcessors = this.input(p.nonEuSubProcessors);
    }
  }

  private input<T>(i: Input<T>): Input<T> {
    const key = `${typeof i.value}\u0001${i.value}\u0001${i.provenance}\u0001${i.observedAt}`;
    const known = this.known.get(key);
    if (known) return known as Input<T>;
    this.known.set(key, i);
    return i;
  }
}

/** An input whose value is a string, number, boolean or null (not a list: those are not shared). */
function isPlainInput(v: unknown): v is Input<unknown> {
  if (v === null || typeof v !== 'object' || !('provenance' in v) || !('value' in v)) return false;
  const value = (v as Input<unknown>).value;
  return value === null || typeof value !== 'object';
}

/** A contract's supplier as the spend attribution needs it (null: the contract names none the catalogue knows). */
function contractSupplierOf(vendorId: number | null, catalogue: ScoringCatalogue): ContractSupplier | null {
  const v = vendorId == null ? undefined : catalogue.vendors.get(vendorId);
  if (!v) return null;
  return { vendorId: String(v.ultimateId), name: v.ultimateName, company: { id: String(vendorId), name: v.name }, roleKind: v.roleKind };
}

/**
 * The controlling parties of a usage (§3.6), each rolled up to its ultimate parent: the
 * supplier and the rights holder (role supplier), the operator, the host (a SaaS/PaaS host, or
 * an IaaS host when the municipality runs the system itself in a cloud) and the sub-processors.
 * Platforms come from `requires_platform` edges inside the engine.
 */
function partiesOf(
  u: ScoringUsageRow,
  product: ProductInfo,
  catalogue: ScoringCatalogue,
  subProcessorIds: number[],
  prov: ProvenanceMap,
  declaredAt: string,
): ScoringParty[] {
  const parties: ScoringParty[] = [];
  const seen = new Set<string>();
  const dataLocation = u.data_location
    ? { value: u.data_location as 'dk' | 'eu' | 'non_eu', provenance: (prov.data_location ?? 'declared') as Provenance, observedAt: declaredAt }
    : null;
  const onPremises = u.hosting_model === 'on_premise' || u.hosting_model === 'shared_public';
  const subJurisdictions = subProcessorIds.map((id) => catalogue.vendors.get(id)?.jurisdiction ?? null);
  const nonEuSubs =
    subProcessorIds.length === 0
      ? unknownInput<'none' | 'non_material' | 'material'>()
      : {
          value: subJurisdictions.some((j) => j !== 'eu') ? ('material' as const) : ('none' as const),
          provenance: (prov.sub_processors ?? 'declared') as Provenance,
          observedAt: declaredAt,
        };
  const add = (vendorId: number | null, role: ScoringParty['role'], rightsHolder = false) => {
    if (vendorId == null) return;
    const v = catalogue.vendors.get(vendorId);
    if (!v) return;
    const key = `${v.ultimateId}:${role}`;
    if (seen.has(key)) {
      // The supplier is (a company of) the rights holder: one party, which holds the rights.
      if (rightsHolder) for (const p of parties) if (p.vendorId === String(v.ultimateId) && p.role === role) p.rightsHolder = true;
      return;
    }
    seen.add(key);
    parties.push({
      vendorId: String(v.ultimateId),
      name: v.ultimateName,
      company: { id: String(vendorId), name: v.name },
      role,
      ...(rightsHolder ? { rightsHolder: true } : {}),
      roleKind: v.roleKind,
      country: v.country ? { value: v.country, provenance: v.verified ? 'catalogue' : 'inferred', observedAt: null } : unknownInput(),
      // On the municipality's own premises the vendor holds no data; otherwise the declared location.
      dataLocation: onPremises && role === 'supplier' ? { value: 'dk', provenance: 'inferred', observedAt: declaredAt } : (dataLocation ?? unknownInput()),
      nonEuSubProcessors: nonEuSubs,
    });
  };
  add(u.supplier_vendor_id, 'supplier');
  add(u.rights_holder_vendor_id ?? product.rightsHolderId, 'supplier', true);
  if (u.hosting_model === 'self_managed_cloud') add(u.hosted_by_vendor_id, 'iaas_host');
  else add(u.hosted_by_vendor_id, 'host');
  add(u.operated_by_vendor_id, 'operator');
  for (const id of subProcessorIds) add(id, 'sub_processor');
  return parties;
}
