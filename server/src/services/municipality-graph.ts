// A municipality's current inventory as a dependency graph for the dashboard: vendors, systems and
// hosting providers as nodes; who supplies a system (direct), who hosts or operates it, and which
// systems it integrates with or needs as a platform (transitive). One compact document instead of
// the systems and integrations lists, built by a pure function from three small queries.
import type { Kysely } from 'kysely';
import { cachedRead } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';

export type GraphNodeKind = 'vendor' | 'system' | 'hosting';

export interface MunicipalityGraphNode {
  /** `v:<vendorId>`, `h:<vendorId>` (the vendor as host) or `s:<usageId>`. */
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** A system's stable key (its page is /kommuner/{kode}/systemer/{key}). */
  key?: string;
}

export type GraphLinkVia = 'supplier' | 'hosting' | 'operator' | 'integration' | 'platform';

export interface MunicipalityGraphLink {
  source: string;
  target: string;
  /** Only `supplier` is direct: the rest is reach the supplier list does not show. */
  transitive: boolean;
  via: GraphLinkVia;
}

export interface MunicipalityGraph {
  municipalityCode: number;
  inventoryVersionId: number | null;
  nodes: MunicipalityGraphNode[];
  links: MunicipalityGraphLink[];
}

export interface GraphUsageRow {
  usageId: number;
  usageKey?: string;
  name: string;
  supplierId: number | null;
  supplier: string | null;
  /** The product's rights holder (the file's, else the catalogue's): the party the dependency goes to. */
  rightsHolderId?: number | null;
  rightsHolder?: string | null;
  hostedById: number | null;
  hostedBy: string | null;
  operatedById: number | null;
  operatedBy: string | null;
}

export interface GraphIntegrationRow {
  sourceUsageId: number;
  targetUsageId: number;
  kind: string;
}

/** The graph of one inventory: nodes sorted by id, links by (source, target, via), no duplicates. */
export function buildMunicipalityGraph(usages: GraphUsageRow[], integrations: GraphIntegrationRow[]): Pick<MunicipalityGraph, 'nodes' | 'links'> {
  const nodes = new Map<string, MunicipalityGraphNode>();
  const links = new Map<string, MunicipalityGraphLink>();
  const node = (id: string, kind: GraphNodeKind, label: string, key?: string) => {
    if (!nodes.has(id)) nodes.set(id, key === undefined ? { id, kind, label } : { id, kind, label, key });
    return id;
  };
  const link = (source: string, target: string, via: GraphLinkVia) => {
    const key = `${source}|${target}|${via}`;
    if (source !== target && !links.has(key)) links.set(key, { source, target, transitive: via !== 'supplier', via });
  };
  const systems = new Set<number>();
  for (const u of usages) {
    const system = node(`s:${u.usageId}`, 'system', u.name, u.usageKey);
    systems.add(u.usageId);
    if (u.supplierId !== null) link(node(`v:${u.supplierId}`, 'vendor', u.supplier ?? `#${u.supplierId}`), system, 'supplier');
    // A reseller in the supplier column sells someone else's product: the rights holder is linked too.
    if (u.rightsHolderId != null && u.rightsHolderId !== u.supplierId) link(node(`v:${u.rightsHolderId}`, 'vendor', u.rightsHolder ?? `#${u.rightsHolderId}`), system, 'supplier');
    if (u.hostedById !== null) link(system, node(`h:${u.hostedById}`, 'hosting', u.hostedBy ?? `#${u.hostedById}`), 'hosting');
    // An operator other than the supplier is one more party the system depends on.
    if (u.operatedById !== null && u.operatedById !== u.supplierId) link(node(`v:${u.operatedById}`, 'vendor', u.operatedBy ?? `#${u.operatedById}`), system, 'operator');
  }
  for (const i of integrations) {
    if (!systems.has(i.sourceUsageId) || !systems.has(i.targetUsageId)) continue;
    link(`s:${i.sourceUsageId}`, `s:${i.targetUsageId}`, i.kind === 'requires_platform' ? 'platform' : 'integration');
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    nodes: [...nodes.values()].sort((a, b) => cmp(a.id, b.id)),
    links: [...links.values()].sort((a, b) => cmp(a.source, b.source) || cmp(a.target, b.target) || cmp(a.via, b.via)),
  };
}

/** The graph's two queries over one version. */
export function graphQueries(db: Kysely<Database>, versionId: number) {
  return {
    usages: db
      .selectFrom('system_usages as u')
      .innerJoin('products as p', 'p.id', 'u.product_id')
      .leftJoin('vendors as r', (j) => j.on((eb) => eb('r.id', '=', eb.fn.coalesce('u.rights_holder_vendor_id', 'p.rights_holder_vendor_id'))))
      .leftJoin('vendors as s', 's.id', 'u.supplier_vendor_id')
      .leftJoin('vendors as h', 'h.id', 'u.hosted_by_vendor_id')
      .leftJoin('vendors as o', 'o.id', 'u.operated_by_vendor_id')
      .select(['u.id', 'u.usage_key', 'u.local_name', 'u.system_name', 'u.supplier_vendor_id', 's.name as supplier', 'r.id as rights_holder_id', 'r.name as rights_holder', 'u.hosted_by_vendor_id', 'h.name as hosted_by', 'u.operated_by_vendor_id', 'o.name as operated_by'])
      .where('u.inventory_version_id', '=', versionId),
    integrations: db.selectFrom('integrations').select(['source_usage_id', 'target_usage_id', 'kind']).where('inventory_version_id', '=', versionId),
  };
}

export async function municipalityGraph(db: Kysely<Database>, municipalityCode: number): Promise<MunicipalityGraph> {
  return cachedRead(db, `graph:${municipalityCode}`, () => loadGraph(db, municipalityCode));
}

async function loadGraph(db: Kysely<Database>, municipalityCode: number): Promise<MunicipalityGraph> {
  const current = await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', municipalityCode).executeTakeFirst();
  if (!current) return { municipalityCode, inventoryVersionId: null, nodes: [], links: [] };
  const versionId = current.inventory_version_id;
  const q = graphQueries(db, versionId);
  const [usages, integrations] = await Promise.all([q.usages.execute(), q.integrations.execute()]);
  const graph = buildMunicipalityGraph(
    usages.map((u) => ({
      usageId: u.id,
      usageKey: u.usage_key,
      name: u.local_name ?? u.system_name,
      supplierId: u.supplier_vendor_id,
      supplier: u.supplier,
      rightsHolderId: u.rights_holder_id,
      rightsHolder: u.rights_holder,
      hostedById: u.hosted_by_vendor_id,
      hostedBy: u.hosted_by,
      operatedById: u.operated_by_vendor_id,
      operatedBy: u.operated_by,
    })),
    integrations.map((i) => ({ sourceUsageId: i.source_usage_id, targetUsageId: i.target_usage_id, kind: i.kind })),
  );
  return { municipalityCode, inventoryVersionId: versionId, ...graph };
}
