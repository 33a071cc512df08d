// Sensitivity check (lockin-scoring.md §3.11, validation plan 1): recompute the exit-priority
// ranking of systems under other factor weights (equal; sovereignty-heavy) and the vendor
// ranking by transitive reach under role weights ±0.25, and compare each with the default by
// Spearman's rank correlation and the overlap of the top 10. The weights are fit to publish
// when every overlap is at least 80 %.
import { allFactors } from './factors.ts';
import type { MunicipalityInput } from './input.ts';
import { defaultModel, withWeights, type FactorWeights, type Model } from './model.ts';
import { resolvePlatformParties } from './municipality-score.ts';
import { comparePriority, usageExposure, weightedLockin } from './system-score.ts';
import { vendorReach } from './vendor-reach.ts';

/**
 * Spearman's ρ between two rankings (orders) of the same ids: 1 − 6Σd² / (n(n² − 1)). Both
 * rankings are total orders (ties already broken), so no tie correction is needed. 1 for n < 2.
 */
export function spearman(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  if (n !== b.length) throw new RangeError('rankings must have the same length');
  if (n < 2) return 1;
  const pos = new Map<string, number>();
  for (let i = 0; i < n; i++) pos.set(b[i]!, i);
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const j = pos.get(a[i]!);
    if (j === undefined) throw new RangeError(`id ${a[i]} missing from the second ranking`);
    d2 += (i - j) ** 2;
  }
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/** Share of the first ranking's top n that is also in the second ranking's top n. */
export function topOverlap(a: readonly string[], b: readonly string[], n: number): number {
  const k = Math.min(n, a.length, b.length);
  if (k === 0) return 1;
  const top = new Set(b.slice(0, k));
  let hit = 0;
  for (const id of a.slice(0, k)) if (top.has(id)) hit++;
  return hit / k;
}

/**
 * Role weights (and, for a directed model, the dependency edges' weights) shifted by `delta` and
 * clamped to [0, 1]. A reseller's weight is not shifted: it has no product reach in any variant.
 */
export function shiftRoleWeights(model: Model, delta: number, variant: string): Model {
  const r = model.roleWeights;
  const c = (v: number) => Math.min(1, Math.max(0, v + delta));
  const dep = model.dependencies;
  return {
    ...model,
    version: `${model.version}+${variant}`,
    roleWeights: {
      supplier: c(r.supplier), operator: c(r.operator), host: c(r.host),
      iaas_host: c(r.iaas_host), platform: c(r.platform), sub_processor: c(r.sub_processor),
      ...(r.reseller === undefined ? {} : { reseller: r.reseller }),
    },
    ...(dep
      ? {
          dependencies: {
            ...dep,
            edgeWeights: {
              platform: c(dep.edgeWeights.platform), identity: c(dep.edgeWeights.identity),
              data: c(dep.edgeWeights.data), dataUnknownDirection: c(dep.edgeWeights.dataUnknownDirection),
            },
          },
        }
      : {}),
  };
}

export interface SensitivityVariant {
  name: string;
  kind: 'weights' | 'roles';
  /** Which ranking the variant changes: systems by priority, or vendors by reach. */
  ranking: 'systems' | 'vendors';
  model: string;
  spearman: number;
  topOverlap: number;
  passes: boolean;
  top: string[];
}

export interface SensitivityReport {
  model: string;
  topN: number;
  minOverlap: number;
  baseline: { systems: string[]; vendors: string[] };
  variants: SensitivityVariant[];
  /** Every variant's top-N overlap is at least `minOverlap`. */
  publishable: boolean;
}

interface Row {
  usageId: string;
  values: number[];
  exposure: number;
  costDkk: number | null;
}

function systemRanking(rows: readonly Row[], model: Model): string[] {
  return rows
    .map((r) => ({ usageId: r.usageId, costDkk: r.costDkk, priority: weightedLockin(r.values, model) * r.exposure }))
    .sort(comparePriority)
    .map((r) => r.usageId);
}

function vendorRanking(munis: ReadonlyArray<{ input: MunicipalityInput; L: Map<string, number> }>, model: Model): string[] {
  const eRho = new Map<string, number>();
  for (const { input, L } of munis) {
    // Every vendor ranks in every variant, even one whose only role weight is clamped to 0.
    for (const u of input.usages) for (const p of u.parties) if (!eRho.has(p.vendorId)) eRho.set(p.vendorId, 0);
    const reach = vendorReach(
      input.usages.map((u) => ({
        id: u.id,
        exposure: usageExposure(u, model),
        L: L.get(u.id) ?? 0,
        costDkk: u.yearlyCostDkk,
        parties: u.parties,
        category: u.category,
        spend: u.spend,
      })),
      input.edges,
      model,
    );
    for (const v of reach.vendors) eRho.set(v.vendorId, (eRho.get(v.vendorId) ?? 0) + v.sums.eRho);
  }
  return [...eRho.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

/** Runs the sensitivity check over one or more municipalities. */
export function sensitivity(inputs: readonly MunicipalityInput[], model: Model = defaultModel): SensitivityReport {
  const rows: Row[] = [];
  const munis: Array<{ input: MunicipalityInput; L: Map<string, number> }> = [];
  for (const input of inputs) {
    const usages = resolvePlatformParties(input.usages, input.edges);
    const L = new Map<string, number>();
    for (const u of usages) {
      const values = allFactors(u, input.asOf, model, false).map((f) => f.value);
      rows.push({ usageId: u.id, values, exposure: usageExposure(u, model), costDkk: u.yearlyCostDkk });
      L.set(u.id, weightedLockin(values, model));
    }
    munis.push({ input: { ...input, usages }, L });
  }
  const { topN, minOverlap, roleDelta, profiles } = model.sensitivity;
  const baseSystems = systemRanking(rows, model);
  const baseVendors = vendorRanking(munis, model);
  const variants: SensitivityVariant[] = [];
  const compare = (name: string, kind: 'weights' | 'roles', ranking: 'systems' | 'vendors', variant: Model, order: string[]) => {
    const base = ranking === 'systems' ? baseSystems : baseVendors;
    const overlap = topOverlap(base, order, topN);
    variants.push({
      name, kind, ranking, model: variant.version,
      spearman: spearman(base, order), topOverlap: overlap, passes: overlap >= minOverlap, top: order.slice(0, topN),
    });
  };
  for (const [name, w] of Object.entries(profiles) as Array<[string, FactorWeights]>) {
    const variant = withWeights(model, w, name);
    compare(name, 'weights', 'systems', variant, systemRanking(rows, variant));
  }
  for (const [name, delta] of [[`roles+${roleDelta}`, roleDelta], [`roles-${roleDelta}`, -roleDelta]] as const) {
    const variant = shiftRoleWeights(model, delta, name);
    compare(name, 'roles', 'vendors', variant, vendorRanking(munis, variant));
  }
  return {
    model: model.version,
    topN,
    minOverlap,
    baseline: { systems: baseSystems.slice(0, topN), vendors: baseVendors.slice(0, topN) },
    variants,
    publishable: variants.every((v) => v.passes),
  };
}
