// Per-municipality indicators (lockin-scoring.md §3.7): the criticality-weighted lock-in L_m with
// its optimistic bound and band distribution; HHI on spend, exposure and transitive reach with
// N_eff, CR1 and the elephant count; the non-EU jurisdiction share J_m; exit-plan coverage of
// critical systems; the actionable exit windows; the optional composite H_m (always with its
// parts); and the confidence Q_m (§3.9), below 0.5 marked `foreløbig`.
import { concentration, type Concentration } from './concentration.ts';
import { confidenceOf, coverage as coverageOf, type Confidence, type Coverage } from './confidence.ts';
import type { ExitWindow } from './exit-window.ts';
import { type MissingInputCount, type MissingInputKind, missingInputSummary } from './missing-inputs.ts';
import type { Criticality } from '../domain/vocabulary.ts';
import type { MunicipalityInput, ScoringEdge, ScoringParty, ScoringUsage } from './input.ts';
import { bandIds, defaultModel, type Band, type Model } from './model.ts';
import { comparePriority, scoreSystem, type FlagId, type SystemScore } from './system-score.ts';
import { companyReachOf, vendorReachOf, type CompanyMetrics, type VendorMetrics } from './vendor-reach.ts';

/**
 * What the municipal aggregation keeps of a system score (the full explanation can be streamed
 * to the caller and dropped, so a large municipality does not hold every explanation at once).
 */
export interface SystemSummary {
  usageId: string;
  name: string | null;
  L: number;
  Lopt: number;
  exposure: number;
  priority: number;
  band: Band;
  costDkk: number | null;
  flags: FlagId[];
  criticality: Criticality | null;
  F8: number;
  F8optimistic: number;
  F9: number;
  confidence: number;
  /** The themes of the system's unknown inputs (SystemScore.missingInputs). */
  missingInputs: MissingInputKind[];
  exitWindow: Pick<ExitWindow, 'nextExit' | 'noticeBy' | 'monthsToExit' | 'withinWindow'>;
}

/** A system in the municipality's priority list. */
export type PriorityItem = SystemSummary;

export function summarize(s: SystemScore): SystemSummary {
  return {
    usageId: s.usageId,
    name: s.name,
    L: s.L,
    Lopt: s.Lopt,
    exposure: s.exposure,
    priority: s.priority,
    band: s.band,
    costDkk: s.costDkk,
    flags: s.flags,
    criticality: s.criticality.value,
    F8: s.factors[7]!.value,
    F8optimistic: s.factors[7]!.optimistic,
    F9: s.factors[8]!.value,
    confidence: s.confidence.value,
    missingInputs: s.missingInputs,
    exitWindow: {
      nextExit: s.exitWindow.nextExit,
      noticeBy: s.exitWindow.noticeBy,
      monthsToExit: s.exitWindow.monthsToExit,
      withinWindow: s.exitWindow.withinWindow,
    },
  };
}

/** Sums that let municipalities be combined exactly (national level). */
export interface MunicipalityTotals {
  systems: number;
  exposure: number;
  exposureL: number;
  exposureLopt: number;
  exposureNonEu: number;
  exposureNonEuOptimistic: number;
  bandExposure: Record<Band, number>;
  /** Σ e_s Q_s */
  exposureQ: number;
  criticalSystems: number;
  exitReadyCritical: number;
  spendDkk: number;
  systemsWithCost: number;
  flagCounts: Record<FlagId, number>;
  systemsUnknownCriticality: number;
  exposureUnknownCriticality: number;
}

export interface Composite {
  /** H_m = 100 − (0.5·L_m + 0.25·min(100, HHI_spend/100) + 0.25·100·J_m); null when a part is missing. */
  H: number | null;
  parts: { lockin: number | null; spendConcentration: number | null; jurisdiction: number | null };
  weights: Model['composite'];
  reason: string | null;
}

export interface MunicipalityScore {
  model: string;
  municipalityCode: string;
  asOf: string;
  systemCount: number;
  lockin: {
    /** L_m = Σ e L / Σ e (null without systems). */
    L: number | null;
    Lopt: number | null;
    /** Share of exposure per band (after gates). */
    bandDistribution: Record<Band, number>;
    /** Share of exposure in the at-risk bands (D–E). */
    atRiskShare: number;
    /**
     * The highest L_m any criticality of the systems whose criticality is unknown could give
     * (each between low and critical). Equals L when every criticality is known. Leaving a
     * criticality empty can lower L_m (the spec fixes e = 4) but never this bound.
     */
    Lmax: number | null;
    /** Share of exposure on systems whose criticality is unknown (counted as high). */
    unknownCriticalityShare: number;
  };
  concentration: {
    bandSet: string;
    /** Spend shares of the vendors paid (default basis). */
    spend: Concentration | null;
    /** Exposure shares of the vendors paid. */
    exposure: Concentration | null;
    /** Transitive reach R(V), normalised to sum to 1. */
    reach: Concentration | null;
  };
  /** Vendor metrics grouped by ultimate owner (NEC Corporation for KMD A/S). */
  vendors: VendorMetrics[];
  /**
   * The same metrics and concentration grouped by the company the municipality deals with
   * (KMD A/S), each with its ultimate owner: the dashboards' default grouping.
   */
  byCompany: CompanyGrouping;
  jurisdiction: {
    /** J_m = Σ e [F8 ≥ 75] / Σ e */
    nonEuShare: number | null;
    nonEuShareOptimistic: number | null;
    /** Like `lockin.Lmax`: the highest J_m any criticality of the unknown ones could give. */
    nonEuShareMax: number | null;
  };
  exitReadiness: {
    criticalSystems: number;
    ready: number;
    /** Share of critical systems with F9 ≤ 33; null without critical systems. */
    coverage: number | null;
  };
  /** Systems in the top quartile of priority whose exit window opens within 24 months. */
  exitWindows: PriorityItem[];
  /** All systems by exit priority. */
  priorities: PriorityItem[];
  composite: Composite;
  confidence: Confidence & {
    meanSystemConfidence: number;
    coverage: Coverage;
    /** What would make the score final: per theme, the systems with an input of it unknown. */
    missingInputs: MissingInputCount[];
  };
  totals: MunicipalityTotals;
  ignoredEdges: number;
}

/** Vendor metrics and concentration by company (see MunicipalityScore.byCompany). */
export interface CompanyGrouping {
  vendors: CompanyMetrics[];
  concentration: Omit<MunicipalityScore['concentration'], 'bandSet'>;
}

const platformSourceRoles = new Set(['supplier', 'operator', 'host']);

/**
 * A `requires_platform` edge from s to platform usage t makes t's supplier/operator/host a
 * controlling party of s with role `platform` (so F8 and the vendor graph see it) and marks s
 * as needing a specific platform (F3) when that was unknown (provenance `inferred`). Returns
 * new usage objects only where something changed.
 */
export function resolvePlatformParties(usages: readonly ScoringUsage[], edges: readonly ScoringEdge[]): ScoringUsage[] {
  const byId = new Map<string, ScoringUsage>();
  for (const u of usages) byId.set(u.id, u);
  const changed = new Map<string, ScoringUsage>();
  for (const e of edges) {
    if (e.kind !== 'requires_platform' || e.from === e.to) continue;
    const platform = byId.get(e.to);
    const original = byId.get(e.from);
    if (!platform || !original) continue;
    let u = changed.get(e.from);
    if (!u) {
      u = { ...original, parties: [...original.parties] };
      changed.set(e.from, u);
    }
    if (u.requiresSpecificPlatform.provenance === 'unknown') {
      u.requiresSpecificPlatform = { value: true, provenance: 'inferred', observedAt: null };
    }
    for (const p of platform.parties) {
      if (!platformSourceRoles.has(p.role)) continue;
      if (u.parties.some((q) => q.vendorId === p.vendorId && q.role === 'platform')) continue;
      const added: ScoringParty = { ...p, role: 'platform', fromRole: p.role };
      u.parties.push(added);
    }
  }
  return changed.size === 0 ? [...usages] : usages.map((u) => changed.get(u.id) ?? u);
}

const emptyBands = (): Record<Band, number> => ({ A: 0, B: 0, C: 0, D: 0, E: 0 });
const emptyFlags = (): Record<FlagId, number> => ({
  jurisdiction: 0, 'no-exit-route': 0, 'structural-lockin': 0, 'critical-without-plan': 0,
});

/** Totals of no systems at all: the start of every municipal and national aggregation. */
export const emptyTotals = (): MunicipalityTotals => ({
  systems: 0, exposure: 0, exposureL: 0, exposureLopt: 0, exposureNonEu: 0, exposureNonEuOptimistic: 0,
  bandExposure: emptyBands(), exposureQ: 0, criticalSystems: 0, exitReadyCritical: 0, spendDkk: 0, systemsWithCost: 0,
  flagCounts: emptyFlags(), systemsUnknownCriticality: 0, exposureUnknownCriticality: 0,
});

export interface ScoreMunicipalityOptions {
  /**
   * Receives every system score with its full explanation as it is computed (e.g. to store it);
   * the aggregation itself keeps only a summary per system.
   */
  onSystemScore?: (score: SystemScore, usage: ScoringUsage) => void;
  /**
   * Whether the system scores passed to `onSystemScore` carry their explanations (each factor's
   * consulted inputs); by default they do. A bulk pass that stores only the compact record
   * (value, optimistic value and rule per factor) passes false: the same numbers, fewer allocations.
   */
  explain?: boolean;
}

/** Scores every usage of a municipality and aggregates. */
export function scoreMunicipality(input: MunicipalityInput, model: Model = defaultModel, options: ScoreMunicipalityOptions = {}): MunicipalityScore {
  const usages = resolvePlatformParties(input.usages, input.edges);
  const summaries: SystemSummary[] = new Array(usages.length);
  // Explanations are built only when someone receives the full scores.
  const explain = options.onSystemScore !== undefined && options.explain !== false;
  for (let i = 0; i < usages.length; i++) {
    const u = usages[i]!;
    const s = scoreSystem(u, input.asOf, model, { explain });
    options.onSystemScore?.(s, u);
    summaries[i] = summarize(s);
  }
  return aggregateMunicipality({ ...input, usages }, summaries, model);
}

/** The composite index H_m, always with its parts. */
export function composite(L: number | null, spendHhi: number | null, nonEuShare: number | null, model: Model = defaultModel): Composite {
  const w = model.composite;
  const parts = {
    lockin: L,
    spendConcentration: spendHhi === null ? null : Math.min(100, spendHhi / 100),
    jurisdiction: nonEuShare === null ? null : 100 * nonEuShare,
  };
  if (parts.lockin === null || parts.spendConcentration === null || parts.jurisdiction === null) {
    return { H: null, parts, weights: w, reason: 'Mindst én del mangler (ingen systemer eller ingen kendte udgifter) / a part is missing' };
  }
  const H = 100 - (w.lockin * parts.lockin + w.spendHhi * parts.spendConcentration + w.jurisdiction * parts.jurisdiction);
  return { H, parts, weights: w, reason: null };
}

/**
 * Aggregates already scored systems (one per usage, matched by id). The usages supply parties
 * and cost for the vendor graph; `edges` the integrations.
 */
export function aggregateMunicipality(
  input: Pick<MunicipalityInput, 'municipalityCode' | 'asOf' | 'usages' | 'edges' | 'totalItSpendDkk' | 'referenceSystemCount'>,
  systems: readonly SystemSummary[],
  model: Model = defaultModel,
): MunicipalityScore {
  // Summaries usually come in usage order; match by id only when they do not.
  const aligned = systems.length === input.usages.length && systems.every((s, i) => s.usageId === input.usages[i]!.id);
  const scoreById = aligned ? null : new Map<string, SystemSummary>();
  if (scoreById) for (const s of systems) scoreById.set(s.usageId, s);
  const t = emptyTotals();
  // Systems with unknown criticality: their L and non-EU indicator, for the worst-case bounds.
  const freeL: number[] = [];
  const freeNonEu: number[] = [];
  let fixedE = 0;
  let fixedL = 0;
  let fixedNonEu = 0;
  const nonEu = model.municipality.nonEuMinF8;
  const n = input.usages.length;
  const exposures = new Float64Array(n);
  const lockins = new Float64Array(n);
  const costs: Array<number | null> = new Array(n);
  const ranked: SystemSummary[] = [];
  const missing: Partial<Record<MissingInputKind, number>> = {};
  for (let i = 0; i < n; i++) {
    const u = input.usages[i]!;
    const s = scoreById ? scoreById.get(u.id) : systems[i];
    if (!s) throw new Error(`no system score for usage ${u.id}`);
    const e = s.exposure;
    t.systems++;
    t.exposure += e;
    t.exposureL += e * s.L;
    t.exposureLopt += e * s.Lopt;
    if (s.F8 >= nonEu) t.exposureNonEu += e;
    if (s.F8optimistic >= nonEu) t.exposureNonEuOptimistic += e;
    t.bandExposure[s.band] += e;
    t.exposureQ += e * s.confidence;
    if (s.criticality === null) {
      t.systemsUnknownCriticality++;
      t.exposureUnknownCriticality += e;
      freeL.push(s.L);
      freeNonEu.push(s.F8 >= nonEu ? 1 : 0);
    } else {
      fixedE += e;
      fixedL += e * s.L;
      if (s.F8 >= nonEu) fixedNonEu += e;
    }
    if (s.criticality === 'critical') {
      t.criticalSystems++;
      if (s.F9 <= model.municipality.exitReadyMaxF9) t.exitReadyCritical++;
    }
    if (s.costDkk !== null) {
      t.spendDkk += s.costDkk;
      t.systemsWithCost++;
    }
    for (const f of s.flags) t.flagCounts[f]++;
    for (const k of s.missingInputs) missing[k] = (missing[k] ?? 0) + 1;
    exposures[i] = e;
    lockins[i] = s.L;
    costs[i] = u.yearlyCostDkk;
    ranked.push(s);
  }
  const reach = vendorReachOf(input.usages, exposures, lockins, costs, input.edges, model);
  const companies = companyReachOf(input.usages, exposures, lockins, costs, input.edges, model).vendors;
  ranked.sort(comparePriority);
  const priorities = ranked;
  const top = Math.ceil(priorities.length * model.municipality.topPriorityShare);
  const exitWindows = priorities.slice(0, top).filter((p) => p.exitWindow.withinWindow);
  const m = finishMunicipality(input, t, reach.vendors, { vendors: companies, concentration: concentrations(companies, model) }, priorities, exitWindows, reach.totals.ignoredEdges, model);
  m.confidence.missingInputs = missingInputSummary(missing);
  const lo = Math.min(model.exposure.low, model.exposure.medium, model.exposure.high, model.exposure.critical);
  const hi = Math.max(model.exposure.low, model.exposure.medium, model.exposure.high, model.exposure.critical);
  m.lockin.Lmax = maxWeightedMean(fixedL, fixedE, freeL, lo, hi);
  m.jurisdiction.nonEuShareMax = maxWeightedMean(fixedNonEu, fixedE, freeNonEu, lo, hi);
  return m;
}

/**
 * The largest weighted mean (fixedNum + Σ e_i v_i) / (fixedDen + Σ e_i) when each free weight
 * e_i may be anything in [lo, hi]. A linear-fractional maximum over a box lies at a vertex, and
 * at the optimum the larger values take `hi`: so try "the k largest at hi, the rest at lo" for
 * every k (O(n log n)). Null when there is nothing to average.
 */
export function maxWeightedMean(fixedNum: number, fixedDen: number, free: readonly number[], lo: number, hi: number): number | null {
  const v = [...free].sort((a, b) => b - a);
  let restSum = 0;
  for (const x of v) restSum += x;
  let topSum = 0;
  let best: number | null = null;
  for (let k = 0; k <= v.length; k++) {
    if (k > 0) {
      topSum += v[k - 1]!;
      restSum -= v[k - 1]!;
    }
    const den = fixedDen + hi * k + lo * (v.length - k);
    if (den <= 0) continue;
    const mean = (fixedNum + hi * topSum + lo * restSum) / den;
    if (best === null || mean > best) best = mean;
  }
  return best;
}

/** HHI on spend, exposure and transitive reach over one grouping of the vendors (owners or companies). */
export function concentrations(vendors: readonly VendorMetrics[], model: Model): CompanyGrouping['concentration'] {
  return {
    spend: concentration(vendors.map((v) => [v.vendorId, v.sums.spendDkk] as [string, number]), model),
    exposure: concentration(vendors.map((v) => [v.vendorId, v.sums.exposureDirect] as [string, number]), model),
    reach: concentration(vendors.map((v) => [v.vendorId, v.sums.eRho] as [string, number]), model),
  };
}

/** Shared by the municipal and national levels: indicators from totals and vendor metrics. */
export function indicatorsFrom(t: MunicipalityTotals, vendors: readonly VendorMetrics[], model: Model) {
  const E = t.exposure;
  const bandDistribution = emptyBands();
  let atRisk = 0;
  for (const b of bandIds) {
    bandDistribution[b] = E > 0 ? t.bandExposure[b] / E : 0;
    if (model.municipality.bandsAtRisk.includes(b)) atRisk += bandDistribution[b];
  }
  const { spend, exposure, reach } = concentrations(vendors, model);
  const L = E > 0 ? t.exposureL / E : null;
  const nonEuShare = E > 0 ? t.exposureNonEu / E : null;
  return {
    lockin: {
      L,
      Lopt: E > 0 ? t.exposureLopt / E : null,
      bandDistribution,
      atRiskShare: atRisk,
      // Exact only per municipality (aggregateMunicipality fills it in); not combinable nationally.
      Lmax: null as number | null,
      unknownCriticalityShare: E > 0 ? t.exposureUnknownCriticality / E : 0,
    },
    concentration: { bandSet: model.defaultHhiBandSet, spend, exposure, reach },
    jurisdiction: { nonEuShare, nonEuShareOptimistic: E > 0 ? t.exposureNonEuOptimistic / E : null, nonEuShareMax: null as number | null },
    exitReadiness: {
      criticalSystems: t.criticalSystems,
      ready: t.exitReadyCritical,
      coverage: t.criticalSystems > 0 ? t.exitReadyCritical / t.criticalSystems : null,
    },
    composite: composite(L, spend?.hhi ?? null, nonEuShare, model),
    meanSystemConfidence: E > 0 ? t.exposureQ / E : 0,
  };
}

function finishMunicipality(
  input: Pick<MunicipalityInput, 'municipalityCode' | 'asOf' | 'totalItSpendDkk' | 'referenceSystemCount'>,
  t: MunicipalityTotals,
  vendors: VendorMetrics[],
  byCompany: CompanyGrouping,
  priorities: PriorityItem[],
  exitWindows: PriorityItem[],
  ignoredEdges: number,
  model: Model,
): MunicipalityScore {
  const ind = indicatorsFrom(t, vendors, model);
  const cov = coverageOf({
    inventoriedSpendDkk: t.spendDkk,
    totalItSpendDkk: input.totalItSpendDkk,
    systemCount: t.systems,
    referenceSystemCount: input.referenceSystemCount,
  });
  return {
    model: model.version,
    municipalityCode: input.municipalityCode,
    asOf: input.asOf,
    systemCount: t.systems,
    lockin: ind.lockin,
    concentration: ind.concentration,
    vendors,
    byCompany,
    jurisdiction: ind.jurisdiction,
    exitReadiness: ind.exitReadiness,
    exitWindows,
    priorities,
    composite: ind.composite,
    confidence: { ...confidenceOf(ind.meanSystemConfidence * cov.value, model), meanSystemConfidence: ind.meanSystemConfidence, coverage: cov, missingInputs: [] },
    totals: t,
    ignoredEdges,
  };
}
