// National indicators: the municipal indicators over all municipalities together (from exact
// sums, not averages of averages), and per vendor its national reach, its mean municipal reach
// and the number of municipalities where its transitive reach exceeds 50 % (§3.6). Municipal
// scores marked `foreløbig` are kept out of the cross-municipality ranking (§3.9).
import { confidenceOf, type Confidence } from './confidence.ts';
import type { MunicipalityInput } from './input.ts';
import { bandIds, defaultModel, type Model } from './model.ts';
import {
  emptyTotals,
  indicatorsFrom,
  scoreMunicipality,
  type MunicipalityScore,
  type MunicipalityTotals,
  type ScoreMunicipalityOptions,
} from './municipality-score.ts';
import { compareVendors, metricsOf, type VendorMetrics, type VendorOwner, type VendorSums } from './vendor-reach.ts';

export interface NationalVendor extends VendorMetrics {
  /** Mean of R_m(V) over all municipalities (0 where V is absent). */
  meanMunicipalReach: number;
  /** Municipalities where R_m(V) exceeds the threshold (50 %). */
  municipalitiesOverThreshold: number;
  municipalitiesPresent: number;
}

/** A company nationally (the company grouping), with its ultimate owner. */
export interface NationalCompany extends NationalVendor {
  owner: VendorOwner;
}

export interface MunicipalitySummary {
  municipalityCode: string;
  L: number | null;
  Lopt: number | null;
  atRiskShare: number;
  spendHhi: number | null;
  nonEuShare: number | null;
  compositeH: number | null;
  confidence: Confidence;
}

export interface NationalScore {
  model: string;
  /**
   * How many municipal scores of each model version the national figures combine. One entry
   * (the national model) when all are current; more than one until `score --recompute` has
   * moved every stored score to the selected model (stored scores keep their version).
   */
  municipalModels: Record<string, number>;
  asOf: string;
  municipalityCount: number;
  systemCount: number;
  lockin: MunicipalityScore['lockin'];
  concentration: MunicipalityScore['concentration'];
  jurisdiction: MunicipalityScore['jurisdiction'];
  exitReadiness: MunicipalityScore['exitReadiness'];
  composite: MunicipalityScore['composite'];
  /** Exposure-weighted mean of the municipal Q_m. */
  confidence: Confidence;
  reachThreshold: number;
  /** Vendors grouped by ultimate owner. */
  vendors: NationalVendor[];
  /** The same, grouped by the company the municipalities deal with, each with its owner. */
  byCompany: { vendors: NationalCompany[] };
  municipalities: MunicipalitySummary[];
  /** Non-provisional municipalities by L_m, highest first. */
  ranking: MunicipalitySummary[];
  /** Municipalities left out of the ranking because their score is `foreløbig`. */
  excludedFromRanking: string[];
  totals: MunicipalityTotals;
}

function addTotals(into: MunicipalityTotals, t: MunicipalityTotals): void {
  into.systems += t.systems;
  into.exposure += t.exposure;
  into.exposureL += t.exposureL;
  into.exposureLopt += t.exposureLopt;
  into.exposureNonEu += t.exposureNonEu;
  into.exposureNonEuOptimistic += t.exposureNonEuOptimistic;
  for (const b of bandIds) into.bandExposure[b] += t.bandExposure[b];
  into.exposureQ += t.exposureQ;
  into.criticalSystems += t.criticalSystems;
  into.exitReadyCritical += t.exitReadyCritical;
  into.spendDkk += t.spendDkk;
  into.systemsUnknownCriticality += t.systemsUnknownCriticality;
  into.exposureUnknownCriticality += t.exposureUnknownCriticality;
  into.systemsWithCost += t.systemsWithCost;
  for (const k of Object.keys(t.flagCounts) as Array<keyof MunicipalityTotals['flagCounts']>) into.flagCounts[k] += t.flagCounts[k];
}

/**
 * One grouping's vendors over all municipalities: sums added, R_m(V) averaged over all `M`
 * municipalities, and counted where it exceeds the threshold.
 */
function combineVendors(lists: readonly (readonly VendorMetrics[])[], M: number, threshold: number, totals: { exposure: number; exposureL: number; spendDkk: number }): NationalVendor[] {
  const sums = new Map<string, VendorSums>();
  const per = new Map<string, { name: string | null; jurisdiction: number; reachSum: number; over: number; present: number }>();
  for (const list of lists) {
    for (const v of list) {
      let s = sums.get(v.vendorId);
      if (!s) {
        s = { eRho: 0, eRhoDirect: 0, eLRho: 0, spendDkk: 0, exposureDirect: 0, directSystems: 0, reachedSystems: 0 };
        sums.set(v.vendorId, s);
      }
      s.eRho += v.sums.eRho;
      s.eRhoDirect += v.sums.eRhoDirect;
      s.eLRho += v.sums.eLRho;
      s.spendDkk += v.sums.spendDkk;
      s.exposureDirect += v.sums.exposureDirect;
      s.directSystems += v.sums.directSystems;
      s.reachedSystems += v.sums.reachedSystems;
      let p = per.get(v.vendorId);
      if (!p) per.set(v.vendorId, (p = { name: v.name, jurisdiction: v.jurisdiction, reachSum: 0, over: 0, present: 0 }));
      p.jurisdiction = Math.max(p.jurisdiction, v.jurisdiction);
      p.reachSum += v.reach;
      p.present++;
      if (v.reach > threshold) p.over++;
    }
  }
  const vendors: NationalVendor[] = [];
  for (const [id, s] of sums) {
    const p = per.get(id)!;
    vendors.push({
      ...metricsOf(id, p.name, s, p.jurisdiction, totals),
      meanMunicipalReach: M > 0 ? p.reachSum / M : 0,
      municipalitiesOverThreshold: p.over,
      municipalitiesPresent: p.present,
    });
  }
  return vendors.sort(compareVendors);
}

/** Combines municipal scores into national indicators. */
export function scoreNational(municipalities: readonly MunicipalityScore[], asOf: string, model: Model = defaultModel): NationalScore {
  const t = emptyTotals();
  const threshold = model.national.reachThreshold;
  let qNum = 0;
  const summaries: MunicipalitySummary[] = [];
  for (const m of municipalities) {
    addTotals(t, m.totals);
    qNum += m.totals.exposure * m.confidence.value;
    summaries.push({
      municipalityCode: m.municipalityCode,
      L: m.lockin.L,
      Lopt: m.lockin.Lopt,
      atRiskShare: m.lockin.atRiskShare,
      spendHhi: m.concentration.spend?.hhi ?? null,
      nonEuShare: m.jurisdiction.nonEuShare,
      compositeH: m.composite.H,
      confidence: { value: m.confidence.value, level: m.confidence.level, provisional: m.confidence.provisional, label: m.confidence.label },
    });
  }
  const M = municipalities.length;
  const totals = { exposure: t.exposure, exposureL: t.exposureL, spendDkk: t.spendDkk };
  const vendors = combineVendors(municipalities.map((m) => m.vendors), M, threshold, totals);
  const owners = new Map(municipalities.flatMap((m) => (m.byCompany?.vendors ?? []).map((v) => [v.vendorId, v.owner] as const)));
  const companies: NationalCompany[] = combineVendors(municipalities.map((m) => m.byCompany?.vendors ?? []), M, threshold, totals)
    .map((v) => ({ ...v, owner: owners.get(v.vendorId)! }));
  const ind = indicatorsFrom(t, vendors, model);
  const ranking = summaries
    .filter((s) => !s.confidence.provisional && s.L !== null)
    .sort((a, b) => (b.L as number) - (a.L as number) || (a.municipalityCode < b.municipalityCode ? -1 : 1));
  const municipalModels: Record<string, number> = {};
  for (const m of municipalities) municipalModels[m.model] = (municipalModels[m.model] ?? 0) + 1;
  return {
    model: model.version,
    municipalModels,
    asOf,
    municipalityCount: M,
    systemCount: t.systems,
    lockin: ind.lockin,
    concentration: ind.concentration,
    jurisdiction: ind.jurisdiction,
    exitReadiness: ind.exitReadiness,
    composite: ind.composite,
    confidence: confidenceOf(t.exposure > 0 ? qNum / t.exposure : 0, model),
    reachThreshold: threshold,
    vendors,
    byCompany: { vendors: companies },
    municipalities: summaries,
    ranking,
    excludedFromRanking: summaries.filter((s) => s.confidence.provisional).map((s) => s.municipalityCode),
    totals: t,
  };
}

/**
 * Scores every municipality and the nation in one pass; `inputs` may be a generator that loads
 * one municipality at a time. With `keepMunicipalities: false` only the national score is
 * returned (municipal scores are dropped as soon as they are combined); `onSystemScore` receives
 * every explained system score (e.g. to store it).
 */
export function scoreNationalFrom(
  inputs: Iterable<MunicipalityInput>,
  asOf: string,
  model: Model = defaultModel,
  options: { keepMunicipalities?: boolean } & ScoreMunicipalityOptions = {},
): { national: NationalScore; municipalities: MunicipalityScore[] } {
  const keep = options.keepMunicipalities ?? true;
  const kept: MunicipalityScore[] = [];
  const slim: MunicipalityScore[] = [];
  const municipalOptions: ScoreMunicipalityOptions = options.onSystemScore ? { onSystemScore: options.onSystemScore } : {};
  for (const input of inputs) {
    const m = scoreMunicipality(input, model, municipalOptions);
    if (keep) kept.push(m);
    // The national pass needs totals, vendors and confidence only.
    slim.push(keep ? m : { ...m, priorities: [], exitWindows: [] });
  }
  return { national: scoreNational(slim, asOf, model), municipalities: kept };
}
