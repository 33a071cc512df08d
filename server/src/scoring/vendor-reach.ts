// The vendor graph (lockin-scoring.md §3.6): which vendors (rolled up to their ultimate parent)
// each system depends on, with role weights ρ, attenuation through integrations (at most two
// hops) and the maximum path weight ρ*(s,V), not the sum. From it: reach R, direct reach R_dir,
// locked share D, vendor lock-in index VLI, spend share S and jurisdiction J per vendor.
//
// Cost is O(E·k) per municipality (E edges, k vendors per system): instead of a BFS per system,
// A(t) = max(direct(t), max_u f(t,u)·direct(u)) is computed once per node, then
// ρ*(s) = max(direct(s), max_t f(s,t)·A(t)) covers every path of at most two hops.
import { partyJurisdiction } from './factors.ts';
import type { PartyRole, ScoringEdge, ScoringParty } from './input.ts';
import { defaultModel, type Model } from './model.ts';

/** What the vendor graph needs from a scored usage. */
export interface ReachUsage {
  id: string;
  exposure: number;
  L: number;
  costDkk: number | null;
  parties: readonly ScoringParty[];
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

/** The vendors the municipality pays for a system: its suppliers, else its operators/hosts. */
export function payees(parties: readonly ScoringParty[]): string[] {
  const out: string[] = [];
  for (const p of parties) if (p.role === 'supplier' && !out.includes(p.vendorId)) out.push(p.vendorId);
  if (out.length > 0) return out;
  for (const p of parties) if (payeeFallback.has(p.role) && !out.includes(p.vendorId)) out.push(p.vendorId);
  return out;
}

/** The systems of a portfolio as the graph needs them (usages, or ReachUsage rows). */
interface Node {
  id: string;
  parties: readonly ScoringParty[];
}

/**
 * The municipality's dependency graph in flat arrays (no object per system): vendors interned
 * to small integers; each system's direct vendors as a segment of `dIdx`/`dW` (max role weight,
 * zero weights left out); integrations in compressed rows.
 */
interface Graph {
  n: number;
  vendorIds: string[];
  vendorIndex: Map<string, number>;
  dStart: Int32Array;
  dIdx: number[];
  dW: number[];
  start: Int32Array;
  to: Int32Array;
  w: Float64Array;
  ignoredEdges: number;
}

function buildGraph(nodes: readonly Node[], edges: readonly ScoringEdge[], model: Model): Graph {
  const n = nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(nodes[i]!.id, i);
  const vendorIds: string[] = [];
  const vendorIndex = new Map<string, number>();
  const dStart = new Int32Array(n + 1);
  const dIdx: number[] = [];
  const dW: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = dIdx.length;
    for (const p of nodes[i]!.parties) {
      let v = vendorIndex.get(p.vendorId);
      if (v === undefined) {
        v = vendorIds.length;
        vendorIds.push(p.vendorId);
        vendorIndex.set(p.vendorId, v);
      }
      const weight = model.roleWeights[p.role];
      if (!(weight > 0)) continue;
      let j = from;
      while (j < dIdx.length && dIdx[j] !== v) j++;
      if (j === dIdx.length) {
        dIdx.push(v);
        dW.push(weight);
      } else if (weight > dW[j]!) dW[j] = weight;
    }
    dStart[i + 1] = dIdx.length;
  }
  // Data edges both ways at the hop attenuation; `requires_platform` only from → to, at the
  // platform role weight.
  const deg = new Int32Array(n);
  const pairs: number[] = [];
  const weights: number[] = [];
  let ignored = 0;
  const data = model.hops.dataAttenuation;
  const platform = model.roleWeights.platform;
  for (const e of edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined || a === b) {
      ignored++;
      continue;
    }
    if (e.kind === 'requires_platform') {
      pairs.push(a, b);
      weights.push(platform);
      deg[a]!++;
    } else {
      pairs.push(a, b, b, a);
      weights.push(data, data);
      deg[a]!++;
      deg[b]!++;
    }
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + deg[i]!;
  const fill = start.slice(0, n);
  const to = new Int32Array(start[n]!);
  const w = new Float64Array(start[n]!);
  for (let k = 0; k < weights.length; k++) {
    const pos = fill[pairs[2 * k]!]!++;
    to[pos] = pairs[2 * k + 1]!;
    w[pos] = weights[k]!;
  }
  return { n, vendorIds, vendorIndex, dStart, dIdx, dW, start, to, w, ignoredEdges: ignored };
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
 * Calls `visit(system index, vendor index, ρ*)` once per system and vendor it depends on. With
 * at most two hops: A(t) = max(direct(t), max_u f(t,u)·direct(u)) once per node, then
 * ρ*(s) = max(direct(s), max_t f(s,t)·A(t)); O(E·k) with k vendors per neighbourhood.
 */
function walk(g: Graph, model: Model, visit: (i: number, v: number, rho: number) => void): void {
  const { n, dStart, dIdx, dW, start, to, w } = g;
  const hops = model.hops.maxHops;
  const acc = new MaxAccumulator(g.vendorIds.length);
  // A(t) as segments of aIdx/aW (only needed with two hops).
  let aStart = dStart;
  let aIdx = dIdx;
  let aW = dW;
  if (hops >= 2) {
    aStart = new Int32Array(n + 1);
    aIdx = [];
    aW = [];
    for (let t = 0; t < n; t++) {
      acc.add(dIdx, dW, dStart[t]!, dStart[t + 1]!, 1);
      for (let k = start[t]!; k < start[t + 1]!; k++) {
        const u = to[k]!;
        acc.add(dIdx, dW, dStart[u]!, dStart[u + 1]!, w[k]!);
      }
      for (let k = 0; k < acc.count; k++) {
        const v = acc.touched[k]!;
        aIdx.push(v);
        aW.push(acc.value[v]!);
      }
      aStart[t + 1] = aIdx.length;
      acc.reset();
    }
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
  walk(g, model, (i, v, rho) => visit(i, g.vendorIds[v]!, rho));
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
  const V = g.vendorIds.length;
  const sums: VendorSums[] = new Array(V);
  for (let v = 0; v < V; v++) sums[v] = emptySums();
  const names: Array<string | null> = new Array(V).fill(null);
  const jurisdiction = new Float64Array(V).fill(-1);
  let exposure = 0;
  let exposureL = 0;
  let spend = 0;
  let withCost = 0;
  const supplierWeight = model.roleWeights.supplier;
  const suppliers: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const parties = nodes[i]!.parties;
    const e = exposureOf[i]!;
    const cost = costOf[i] ?? null;
    exposure += e;
    exposureL += e * lockinOf[i]!;
    if (cost !== null) {
      spend += cost;
      withCost++;
    }
    const pay = payees(parties);
    for (const id of pay) {
      const s = sums[g.vendorIndex.get(id)!]!;
      if (cost !== null) s.spendDkk += cost / pay.length;
      s.exposureDirect += e / pay.length;
    }
    suppliers.length = 0;
    for (const p of parties) {
      const v = g.vendorIndex.get(p.vendorId)!;
      if (p.name && names[v] === null) names[v] = p.name;
      const j = partyJurisdiction(p, model).value;
      if (j > jurisdiction[v]!) jurisdiction[v] = j;
      if (p.role === 'supplier' && !suppliers.includes(v)) {
        suppliers.push(v);
        const s = sums[v]!;
        s.eRhoDirect += e * supplierWeight;
        s.directSystems++;
      }
    }
  }
  walk(g, model, (i, v, rho) => {
    const s = sums[v]!;
    const e = exposureOf[i]!;
    s.eRho += e * rho;
    s.eLRho += e * lockinOf[i]! * rho;
    s.reachedSystems++;
  });
  const vendors: VendorMetrics[] = [];
  const totals = { exposure, exposureL, spendDkk: spend };
  for (let v = 0; v < V; v++) {
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
  const byCompany = nodes.map((u) => ({
    id: u.id,
    parties: u.parties.map((p) => {
      const id = p.company?.id ?? p.vendorId;
      if (!owners.has(id)) owners.set(id, { vendorId: p.vendorId, name: p.name ?? null, country: p.country.value ?? null });
      return p.company ? { ...p, vendorId: id, name: p.company.name } : p;
    }),
  }));
  const { vendors } = vendorReachOf(byCompany, exposureOf, lockinOf, costOf, edges, model);
  return { vendors: vendors.map((v) => ({ ...v, owner: owners.get(v.vendorId)! })) };
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
