// The vendor graph (lockin-scoring.md §3.6, methodology §7): which vendors (rolled up to their
// ultimate parent) each system depends on, with role weights ρ, dependency edges read from the
// integrations by the model (1.1: directed; 1.0: undirected data hops) and the maximum path weight
// ρ*(s,V), not the sum. From it: reach R, direct reach R_dir, locked share D, vendor lock-in index
// VLI, spend share S and jurisdiction J per vendor.
//
// Cost is O(h·E·k) per municipality (h hops, E edges, k vendors per system): instead of a BFS per
// system, A_l(t) = max(direct(t), max_u f(t,u)·A_{l-1}(u)) over the edges that pass a path on is
// computed once per node and level, then ρ*(s) = max(direct(s), max_t f(s,t)·A_{h-1}(t)).
import { partyJurisdiction } from './factors.ts';
import type { PartyRole, ScoringEdge, ScoringParty, SpendShare } from './input.ts';
import { defaultModel, type Model, model10 } from './model.ts';

/** What the vendor graph needs from a scored usage. */
export interface ReachUsage {
  id: string;
  exposure: number;
  L: number;
  costDkk: number | null;
  parties: readonly ScoringParty[];
  category?: string | null | undefined;
  spend?: readonly SpendShare[] | undefined;
}

export interface VendorSums {
  /** Σ e_s ρ*(s,V) */
  eRho: number;
  /** Σ e_s ρ_supplier over systems where V is the supplier */
  eRhoDirect: number;
  /** Σ e_s L_s ρ*(s,V) */
  eLRho: number;
  /** Spend attributed to V as payee (DKK). */
  spendDkk: number;
  /** Exposure attributed to V as payee (direct-supplier exposure basis for HHI). */
  exposureDirect: number;
  /** Systems where V is the supplier; systems with ρ* > 0. */
  directSystems: number;
  reachedSystems: number;
}

export interface VendorMetrics {
  vendorId: string;
  name: string | null;
  /** R(V) = Σ e ρ* / Σ e */
  reach: number;
  /** R_dir(V): supplier role only. */
  directReach: number;
  /** D(V) = Σ e L ρ* / Σ e L */
  lockedShare: number;
  /** VLI(V) = Σ e L ρ* / Σ e ρ* */
  lockInIndex: number;
  /** S(V) = spend where V is payee / total known spend; null when no spend is known. */
  spendShare: number | null;
  /** J(V): V's own F8 level, the worst over its appearances (unknown facts at worst). */
  jurisdiction: number;
  sums: VendorSums;
}

export interface ReachTotals {
  systems: number;
  exposure: number;
  exposureL: number;
  spendDkk: number;
  systemsWithCost: number;
  /** Edges naming a usage not in the set, or a self-loop; ignored. */
  ignoredEdges: number;
}

export interface ReachResult {
  vendors: VendorMetrics[];
  totals: ReachTotals;
}

const payeeFallback: ReadonlySet<PartyRole> = new Set(['operator', 'host', 'iaas_host']);

/** The vendors the municipality pays for a system (model 1.0): its suppliers, else its operators/hosts. */
export function payees(parties: readonly ScoringParty[]): string[] {
  return productHolders(parties, model10).map((p) => p.vendorId);
}

/** Whether a supplier party is a reseller without rights to the product (it has no product reach in 1.1). */
export const isReseller = (p: ScoringParty): boolean =>
  (p.role === 'supplier' || (p.role === 'platform' && p.fromRole === 'supplier')) && p.rightsHolder !== true && p.roleKind === 'reseller';

/** ρ of one party: its role's weight; a reseller's own weight when the model has one (1.1: 0). */
export function partyWeight(p: ScoringParty, model: Model): number {
  const reseller = model.roleWeights.reseller;
  if (reseller !== undefined && isReseller(p)) return reseller;
  return model.roleWeights[p.role];
}

/**
 * The vendors a system's product dependency goes to (model 1.1): its rights holder; when none is
 * known, its suppliers that are not resellers; else its operators/hosts. Model 1.0: `payees`.
 */
export function productHolders(parties: readonly ScoringParty[], model: Model): ScoringParty[] {
  const out: ScoringParty[] = [];
  const push = (p: ScoringParty) => {
    for (const q of out) if (q.vendorId === p.vendorId) return;
    out.push(p);
  };
  if (model.spend.attribution === 'equal-split') {
    for (const p of parties) if (p.role === 'supplier') push(p);
  } else {
    for (const p of parties) if (p.role === 'supplier' && p.rightsHolder === true) push(p);
    if (out.length === 0) for (const p of parties) if (p.role === 'supplier' && partyWeight(p, model) > 0) push(p);
  }
  if (out.length === 0) for (const p of parties) if (payeeFallback.has(p.role)) push(p);
  return out;
}

/** Who receives one contract's share of a system's spend (model 1.1), or null when it cannot be said. */
export interface Payee {
  vendorId: string;
  name?: string | undefined;
  company?: { id: string; name: string } | undefined;
}

/**
 * Model 1.1: a contract's share goes to its supplier when that is an integrator or an operator
 * (their own service); otherwise (a reseller, the rights holder itself, an unknown role or no
 * supplier) to the rights holder of the product the share covers — the reseller's margin is not
 * known, so it is not taken out. With no product holder known, to the supplier unless it is a
 * reseller; else to nobody (the spend stays in the total, unattributed).
 */
export function spendPayee(share: SpendShare, parties: readonly ScoringParty[], model: Model): Payee | null {
  return payeeOf(share, productHolders(parties, model));
}

function payeeOf(share: SpendShare, holders: readonly ScoringParty[]): Payee | null {
  const sup = share.supplier;
  if (sup && (sup.roleKind === 'supplier' || sup.roleKind === 'operator')) return sup;
  if (holders.length) return holders[0]!;
  if (sup && sup.roleKind !== 'reseller') return sup;
  return null;
}

/** The systems of a portfolio as the graph needs them (usages, or ReachUsage rows). */
export interface Node {
  id: string;
  parties: readonly ScoringParty[];
  /** Function category: model 1.1 reads a dependency on an identity provider as a login. */
  category?: string | null | undefined;
  /** The contracts' shares of the system's cost (model 1.1's spend attribution). */
  spend?: readonly SpendShare[] | undefined;
}

/** What an edge of the dependency graph stands for (shown in a path). */
export const edgeLabels = ['data', 'data-undirected', 'data-unknown-direction', 'platform', 'identity'] as const;
export type EdgeLabel = (typeof edgeLabels)[number];

/**
 * The municipality's dependency graph in flat arrays (no object per system): vendors interned
 * to small integers; each system's direct vendors as a segment of `dIdx`/`dW`/`dParty` (max role
 * weight, zero weights left out); dependency edges in compressed rows, each with its weight,
 * whether a path may continue through it (beyond the first hop) and what it stands for.
 */
export interface Graph {
  n: number;
  hops: number;
  vendorIds: string[];
  vendorIndex: Map<string, number>;
  dStart: Int32Array;
  dIdx: number[];
  dW: number[];
  /** The party giving each direct weight (for paths). */
  dParty: ScoringParty[];
  start: Int32Array;
  to: Int32Array;
  w: Float64Array;
  cont: Uint8Array;
  label: Uint8Array;
  ignoredEdges: number;
}

/** An edge of the dependency graph: from depends on to. */
interface DepEdge {
  from: number;
  to: number;
  weight: number;
  continues: boolean;
  label: EdgeLabel;
}

/**
 * The dependency edges a model reads from the recorded integrations. 1.0: data integrations in
 * both directions at the hop attenuation, `requires_platform` from → to at the platform weight,
 * every edge passing on. 1.1: `requires_platform` from → to (identity or platform weight, passing
 * on); a one-way data integration from → to at the data weight, and as a login (identity weight,
 * passing on) when `to` is an identity provider; a two-way one once, from → to, at the weight for
 * an unknown direction. Data edges never pass on: receiving data from t does not make a system
 * need what t consumes.
 */
function dependencyEdges(nodes: readonly Node[], index: Map<string, number>, edges: readonly ScoringEdge[], model: Model, out: DepEdge[]): number {
  let ignored = 0;
  const dep = model.dependencies;
  const identity = new Set(dep?.identityCategories ?? []);
  for (const e of edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined || a === b) {
      ignored++;
      continue;
    }
    if (!dep) {
      const hops = model.hops!;
      if (e.kind === 'requires_platform') out.push({ from: a, to: b, weight: model.roleWeights.platform, continues: true, label: 'platform' });
      else {
        out.push({ from: a, to: b, weight: hops.dataAttenuation, continues: true, label: 'data-undirected' });
        out.push({ from: b, to: a, weight: hops.dataAttenuation, continues: true, label: 'data-undirected' });
      }
      continue;
    }
    const w = dep.edgeWeights;
    if (e.kind === 'requires_platform') {
      const login = e.platformRole === 'identity';
      out.push({ from: a, to: b, weight: login ? w.identity : w.platform, continues: true, label: login ? 'identity' : 'platform' });
    } else if (e.direction === 'bidirectional') {
      out.push({ from: a, to: b, weight: w.dataUnknownDirection, continues: false, label: 'data-unknown-direction' });
    } else if (identity.has(nodes[b]!.category ?? '')) {
      out.push({ from: a, to: b, weight: w.identity, continues: true, label: 'identity' });
    } else {
      out.push({ from: a, to: b, weight: w.data, continues: false, label: 'data' });
    }
  }
  return ignored;
}

export function buildGraph(nodes: readonly Node[], edges: readonly ScoringEdge[], model: Model): Graph {
  const n = nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(nodes[i]!.id, i);
  const vendorIds: string[] = [];
  const vendorIndex = new Map<string, number>();
  const dStart = new Int32Array(n + 1);
  const dIdx: number[] = [];
  const dW: number[] = [];
  const dParty: ScoringParty[] = [];
  for (let i = 0; i < n; i++) {
    const from = dIdx.length;
    for (const p of nodes[i]!.parties) {
      let v = vendorIndex.get(p.vendorId);
      if (v === undefined) {
        v = vendorIds.length;
        vendorIds.push(p.vendorId);
        vendorIndex.set(p.vendorId, v);
      }
      const weight = partyWeight(p, model);
      if (!(weight > 0)) continue;
      let j = from;
      while (j < dIdx.length && dIdx[j] !== v) j++;
      if (j === dIdx.length) {
        dIdx.push(v);
        dW.push(weight);
        dParty.push(p);
      } else if (weight > dW[j]! || (weight === dW[j]! && dParty[j]!.role === 'platform' && p.role !== 'platform')) {
        dW[j] = weight;
        dParty[j] = p;
      }
    }
    dStart[i + 1] = dIdx.length;
  }
  const list: DepEdge[] = [];
  const ignored = dependencyEdges(nodes, index, edges, model, list);
  const deg = new Int32Array(n);
  for (const e of list) deg[e.from]!++;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + deg[i]!;
  const fill = start.slice(0, n);
  const m = start[n]!;
  const to = new Int32Array(m);
  const w = new Float64Array(m);
  const cont = new Uint8Array(m);
  const label = new Uint8Array(m);
  for (const e of list) {
    const pos = fill[e.from]!++;
    to[pos] = e.to;
    w[pos] = e.weight;
    cont[pos] = e.continues ? 1 : 0;
    label[pos] = edgeLabels.indexOf(e.label);
  }
  const hops = model.dependencies ? model.dependencies.maxHops : model.hops!.maxHops;
  return { n, hops, vendorIds, vendorIndex, dStart, dIdx, dW, dParty, start, to, w, cont, label, ignoredEdges: ignored };
}

/** A sparse max-accumulator over vendor indices, reset in O(touched). */
class MaxAccumulator {
  readonly value: Float64Array;
  readonly touched: Int32Array;
  count = 0;
  constructor(size: number) {
    this.value = new Float64Array(size);
    this.touched = new Int32Array(size);
  }
  add(idx: readonly number[], w: readonly number[], from: number, to: number, factor: number): void {
    for (let j = from; j < to; j++) {
      const v = idx[j]!;
      const x = w[j]! * factor;
      const cur = this.value[v]!;
      if (cur === 0) this.touched[this.count++] = v;
      if (x > cur) this.value[v] = x;
    }
  }
  reset(): void {
    for (let k = 0; k < this.count; k++) this.value[this.touched[k]!] = 0;
    this.count = 0;
  }
}

/**
 * Calls `visit(system index, vendor index, ρ*)` once per system and vendor it depends on.
 * A_0 = direct; A_l(t) = max(direct(t), max over edges t → u that pass on: f·A_{l-1}(u)); then
 * ρ*(s) = max(direct(s), max over every edge s → t: f·A_{h-1}(t)) covers every path of at most
 * h hops. O(h·E·k) with k vendors per neighbourhood. (With every edge passing on and h = 2 this
 * is model 1.0's walk.)
 */
function walk(g: Graph, visit: (i: number, v: number, rho: number) => void): void {
  const { n, dStart, dIdx, dW, start, to, w, cont, hops } = g;
  const acc = new MaxAccumulator(g.vendorIds.length);
  let aStart = dStart;
  let aIdx = dIdx;
  let aW = dW;
  for (let level = 1; level < hops; level++) {
    const nStart = new Int32Array(n + 1);
    const nIdx: number[] = [];
    const nW: number[] = [];
    for (let t = 0; t < n; t++) {
      acc.add(dIdx, dW, dStart[t]!, dStart[t + 1]!, 1);
      for (let k = start[t]!; k < start[t + 1]!; k++) {
        if (cont[k] !== 1) continue;
        const u = to[k]!;
        acc.add(aIdx, aW, aStart[u]!, aStart[u + 1]!, w[k]!);
      }
      for (let k = 0; k < acc.count; k++) {
        const v = acc.touched[k]!;
        nIdx.push(v);
        nW.push(acc.value[v]!);
      }
      nStart[t + 1] = nIdx.length;
      acc.reset();
    }
    aStart = nStart;
    aIdx = nIdx;
    aW = nW;
  }
  for (let s = 0; s < n; s++) {
    acc.add(dIdx, dW, dStart[s]!, dStart[s + 1]!, 1);
    if (hops >= 1) {
      for (let k = start[s]!; k < start[s + 1]!; k++) {
        const t = to[k]!;
        acc.add(aIdx, aW, aStart[t]!, aStart[t + 1]!, w[k]!);
      }
    }
    for (let k = 0; k < acc.count; k++) {
      const v = acc.touched[k]!;
      visit(s, v, acc.value[v]!);
    }
    acc.reset();
  }
}

/**
 * ρ*(s,V) for every system (by index) as a callback, so callers can aggregate without keeping
 * a map per system. `visit(i, vendorId, rho)` is called once per (system, reached vendor).
 */
export function forEachReach(
  usages: readonly Node[],
  edges: readonly ScoringEdge[],
  model: Model,
  visit: (i: number, vendorId: string, rho: number) => void,
): { ignoredEdges: number } {
  const g = buildGraph(usages, edges, model);
  walk(g, (i, v, rho) => visit(i, g.vendorIds[v]!, rho));
  return { ignoredEdges: g.ignoredEdges };
}

/** ρ*(s,V) for every system as a Map (convenient for tests and small sets). */
export function reachPerSystem(
  usages: readonly Node[],
  edges: readonly ScoringEdge[],
  model: Model = defaultModel,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const u of usages) out.set(u.id, new Map());
  forEachReach(usages, edges, model, (i, v, rho) => out.get(usages[i]!.id)!.set(v, rho));
  return out;
}

const emptySums = (): VendorSums => ({
  eRho: 0, eRhoDirect: 0, eLRho: 0, spendDkk: 0, exposureDirect: 0, directSystems: 0, reachedSystems: 0,
});

/** Vendor metrics for one portfolio (a municipality). */
export function vendorReach(usages: readonly ReachUsage[], edges: readonly ScoringEdge[], model: Model = defaultModel): ReachResult {
  return vendorReachOf(
    usages,
    usages.map((u) => u.exposure),
    usages.map((u) => u.L),
    usages.map((u) => u.costDkk),
    edges,
    model,
  );
}

/**
 * Vendor metrics from systems and parallel arrays of exposure, L and cost (index-aligned with
 * `nodes`), so a municipality's aggregation builds no extra object per system.
 */
export function vendorReachOf(
  nodes: readonly Node[],
  exposureOf: ArrayLike<number>,
  lockinOf: ArrayLike<number>,
  costOf: ArrayLike<number | null>,
  edges: readonly ScoringEdge[],
  model: Model = defaultModel,
): ReachResult {
  const g = buildGraph(nodes, edges, model);
  const sums: VendorSums[] = [];
  const names: Array<string | null> = [];
  const jurisdiction: number[] = [];
  for (let v = 0; v < g.vendorIds.length; v++) {
    sums.push(emptySums());
    names.push(null);
    jurisdiction.push(-1);
  }
  // A payee named only by a contract (an integrator that is no party of the system) joins the list.
  const intern = (p: Payee): number => {
    let v = g.vendorIndex.get(p.vendorId);
    if (v === undefined) {
      v = g.vendorIds.length;
      g.vendorIds.push(p.vendorId);
      g.vendorIndex.set(p.vendorId, v);
      sums.push(emptySums());
      names.push(p.name ?? null);
      jurisdiction.push(-1);
    }
    return v;
  };
  let exposure = 0;
  let exposureL = 0;
  let spend = 0;
  let withCost = 0;
  const byRightsHolder = model.spend.attribution === 'rights-holder';
  const suppliers: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const parties = node.parties;
    const e = exposureOf[i]!;
    const cost = costOf[i] ?? null;
    exposure += e;
    exposureL += e * lockinOf[i]!;
    if (cost !== null) {
      spend += cost;
      withCost++;
    }
    const holders = productHolders(parties, model);
    for (const h of holders) sums[intern(h)]!.exposureDirect += e / holders.length;
    if (cost !== null) {
      if (byRightsHolder && node.spend) {
        // Each contract's share to one payee; a share nobody can be named for stays unattributed.
        for (const share of node.spend) {
          const payee = payeeOf(share, holders);
          if (payee) sums[intern(payee)]!.spendDkk += share.amountDkk;
        }
      } else {
        for (const h of holders) sums[intern(h)]!.spendDkk += cost / holders.length;
      }
    }
    suppliers.length = 0;
    for (const p of parties) {
      const v = g.vendorIndex.get(p.vendorId)!;
      if (p.name && names[v] === null) names[v] = p.name;
      const j = partyJurisdiction(p, model).value;
      if (j > jurisdiction[v]!) jurisdiction[v] = j;
      if (p.role !== 'supplier') continue;
      const weight = partyWeight(p, model);
      if (weight > 0 && !suppliers.includes(v)) {
        suppliers.push(v);
        const s = sums[v]!;
        s.eRhoDirect += e * weight;
        s.directSystems++;
      }
    }
  }
  walk(g, (i, v, rho) => {
    const s = sums[v]!;
    const e = exposureOf[i]!;
    s.eRho += e * rho;
    s.eLRho += e * lockinOf[i]! * rho;
    s.reachedSystems++;
  });
  const vendors: VendorMetrics[] = [];
  const totals = { exposure, exposureL, spendDkk: spend };
  for (let v = 0; v < g.vendorIds.length; v++) {
    vendors.push(metricsOf(g.vendorIds[v]!, names[v]!, sums[v]!, jurisdiction[v]!, totals));
  }
  vendors.sort(compareVendors);
  return { vendors, totals: { systems: nodes.length, exposure, exposureL, spendDkk: spend, systemsWithCost: withCost, ignoredEdges: g.ignoredEdges } };
}

/** Who owns a company in the company grouping: its ultimate parent (itself when independent) and that parent's country. */
export interface VendorOwner {
  vendorId: string;
  name: string | null;
  country: string | null;
}

/** A company's metrics (grouped by the company the municipality deals with) with its ultimate owner beside it. */
export interface CompanyMetrics extends VendorMetrics {
  owner: VendorOwner;
}

/**
 * The same metrics grouped by company instead of by ultimate owner: every party counts for the
 * company the municipality deals with (KMD A/S), and names its owner (NEC Corporation, JP).
 * The graph, weights and totals are those of `vendorReachOf`; only the grouping key differs.
 */
export function companyReachOf(
  nodes: readonly Node[],
  exposureOf: ArrayLike<number>,
  lockinOf: ArrayLike<number>,
  costOf: ArrayLike<number | null>,
  edges: readonly ScoringEdge[],
  model: Model = defaultModel,
): { vendors: CompanyMetrics[] } {
  const owners = new Map<string, VendorOwner>();
  const byCompany = companyNodes(nodes, owners);
  const { vendors } = vendorReachOf(byCompany, exposureOf, lockinOf, costOf, edges, model);
  return { vendors: vendors.map((v) => ({ ...v, owner: owners.get(v.vendorId)! })) };
}

/**
 * The systems with every party (and every contract supplier) keyed by the company the
 * municipality deals with instead of its ultimate owner; `owners` collects each company's owner.
 */
export function companyNodes(nodes: readonly Node[], owners: Map<string, VendorOwner> = new Map()): Node[] {
  const rekey = <P extends { vendorId: string; name?: string | undefined; company?: { id: string; name: string } | undefined }>(p: P, country: string | null): P => {
    const id = p.company?.id ?? p.vendorId;
    if (!owners.has(id)) owners.set(id, { vendorId: p.vendorId, name: p.name ?? null, country });
    return p.company ? { ...p, vendorId: id, name: p.company.name } : p;
  };
  return nodes.map((u) => ({
    id: u.id,
    category: u.category,
    parties: u.parties.map((p) => rekey(p, p.country.value ?? null)),
    spend: u.spend?.map((share) => (share.supplier ? { ...share, supplier: rekey(share.supplier, null) } : share)),
  }));
}

/** Metrics from sums and portfolio totals (also used to combine municipalities nationally). */
export function metricsOf(
  vendorId: string,
  name: string | null,
  s: VendorSums,
  jurisdiction: number,
  totals: { exposure: number; exposureL: number; spendDkk: number },
): VendorMetrics {
  return {
    vendorId,
    name,
    reach: totals.exposure > 0 ? s.eRho / totals.exposure : 0,
    directReach: totals.exposure > 0 ? s.eRhoDirect / totals.exposure : 0,
    lockedShare: totals.exposureL > 0 ? s.eLRho / totals.exposureL : 0,
    lockInIndex: s.eRho > 0 ? s.eLRho / s.eRho : 0,
    spendShare: totals.spendDkk > 0 ? s.spendDkk / totals.spendDkk : null,
    jurisdiction,
    sums: s,
  };
}

/** By reach, then locked share, then id. */
export function compareVendors(a: VendorMetrics, b: VendorMetrics): number {
  if (b.reach !== a.reach) return b.reach - a.reach;
  if (b.lockedShare !== a.lockedShare) return b.lockedShare - a.lockedShare;
  return a.vendorId < b.vendorId ? -1 : a.vendorId > b.vendorId ? 1 : 0;
}

/** Number of integrations touching each usage (each edge counts once for both ends). */
export function integrationCounts(edges: readonly ScoringEdge[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    out.set(e.from, (out.get(e.from) ?? 0) + 1);
    out.set(e.to, (out.get(e.to) ?? 0) + 1);
  }
  return out;
}
