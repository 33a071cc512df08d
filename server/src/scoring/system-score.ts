// The per-system score (lockin-scoring.md §3.4–3.5): the weighted lock-in L over F1–F9, the
// optimistic bound L_opt, the band A–E with the non-compensation gates, exposure from
// criticality (unknown counts as high), exit priority P = L·e and the exit window.
import { criticality as criticalityVocabulary, type Criticality, type Provenance } from '../domain/vocabulary.ts';
import { confidenceOf, systemConfidence, type Confidence } from './confidence.ts';
import { exitWindow, type ExitWindow } from './exit-window.ts';
import { type MissingInputKind, orderedKinds } from './missing-inputs.ts';
import { allFactors, type FactorResult } from './factors.ts';
import type { ScoringUsage } from './input.ts';
import { bandIds, criticalityOrder, defaultModel, factorIds, type Band, type FactorId, type Model } from './model.ts';
import { rules, type RuleId, type Text } from './rules.ts';

export type GateId = 'G1' | 'G2' | 'G3' | 'G4';
export type FlagId = 'jurisdiction' | 'no-exit-route' | 'structural-lockin' | 'critical-without-plan';

export interface GateResult {
  gate: GateId;
  flag: FlagId;
  rule: RuleId;
  text: Text;
  applies: boolean;
  /** `band-cap`: the band can be no better than `capBand`; `flag`: shown, band unchanged. */
  effect: 'band-cap' | 'flag';
  capBand: Band | null;
  /** The gate applies only because an unknown criticality was assumed to be critical. */
  criticalityAssumed: boolean;
}

export interface SystemScore {
  /** Model version the score was computed with. */
  model: string;
  usageId: string;
  municipalityCode: string;
  name: string | null;
  asOf: string;
  /** F1…F9 in order, each with its rule and inputs. */
  factors: FactorResult[];
  /** L = Σ w_f v_f / Σ w_f (unknown inputs at their worst value). */
  L: number;
  /** L_opt: the same with every unknown input at its best value; L_opt ≤ L. */
  Lopt: number;
  /** Band after the gates. */
  band: Band;
  /** Band from L alone, before the gates. */
  bandFromScore: Band;
  /** Band of L_opt, gates evaluated on the optimistic factor values (unknown criticality as low). */
  bandOptimistic: Band;
  gates: GateResult[];
  /** Ids of the gates that apply. */
  flags: FlagId[];
  criticality: { value: Criticality | null; provenance: Provenance; unknown: boolean; label: string; /** Raised by the business-critical flag (model 1.1). */ raisedByBusinessCritical?: true };
  /** e_s: low 1, medium 2, high 4, critical 8, unknown 4. */
  exposure: number;
  /** P = L · e. */
  priority: number;
  priorityOptimistic: number;
  exitWindow: ExitWindow;
  confidence: Confidence;
  /** The themes of the unknown inputs behind the score (what would make it final), criticality included. */
  missingInputs: MissingInputKind[];
  costDkk: number | null;
}

/** Band from a score: A < 20 ≤ B < 40 ≤ C < 60 ≤ D < 80 ≤ E (half-open intervals). */
export function bandOf(l: number, model: Model = defaultModel): Band {
  const b = model.bands;
  if (l < b.B) return 'A';
  if (l < b.C) return 'B';
  if (l < b.D) return 'C';
  if (l < b.E) return 'D';
  return 'E';
}

/** The worse of two bands. */
export function worseBand(a: Band, b: Band): Band {
  return bandIds.indexOf(a) >= bandIds.indexOf(b) ? a : b;
}

/** Weighted mean of factor values under the model's weights. */
export function weightedLockin(values: Readonly<Record<FactorId, number>> | readonly number[], model: Model = defaultModel): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < factorIds.length; i++) {
    const f = factorIds[i]!;
    const w = model.weights[f];
    const v = Array.isArray(values) ? (values[i] as number) : (values as Record<FactorId, number>)[f];
    num += w * v;
    den += w;
  }
  return num / den;
}

export function exposureOf(c: Criticality | null, model: Model = defaultModel): number {
  return c === null ? model.exposure.unknown : model.exposure[c];
}

/**
 * Gates (§3.4) on a set of factor values. An unknown criticality is assumed to be the worst
 * (`critical`) for the gates, so leaving it empty can never remove a flag; such gates are marked
 * `criticalityAssumed`. The optimistic band passes `low` instead.
 */
export function evaluateGates(
  f: { F1: number; F4: number; F5: number; F8: number; F9: number },
  crit: Criticality | null,
  model: Model = defaultModel,
  unknownCriticalityAs: Criticality = 'critical',
): GateResult[] {
  const g = model.gates;
  const c = crit ?? unknownCriticalityAs;
  const gate = (gateId: GateId, flag: FlagId, rule: RuleId, applies: boolean, capBand: Band | null, usesCriticality: boolean): GateResult => ({
    gate: gateId,
    flag,
    rule,
    text: rules[rule],
    applies,
    effect: capBand ? 'band-cap' : 'flag',
    capBand,
    criticalityAssumed: applies && usesCriticality && crit === null,
  });
  return [
    gate('G1', 'jurisdiction', 'G1.jurisdiction', criticalityOrder[c] >= criticalityOrder[g.G1.minCriticality] && f.F8 >= g.G1.minF8, g.G1.capBand, true),
    gate('G2', 'no-exit-route', 'G2.no-exit-route', f.F1 >= g.G2.minF1, g.G2.capBand, false),
    gate('G3', 'structural-lockin', 'G3.structural-lockin', f.F5 >= g.G3.minF5 && f.F4 >= g.G3.minF4, null, false),
    gate('G4', 'critical-without-plan', 'G4.critical-without-plan', criticalityOrder[c] >= criticalityOrder[g.G4.criticality] && f.F9 >= g.G4.minF9, null, true),
  ];
}

function gatedBand(l: number, gates: GateResult[], model: Model): Band {
  let band = bandOf(l, model);
  for (const g of gates) if (g.applies && g.capBand) band = worseBand(band, g.capBand);
  return band;
}

const byId = (values: number[]) => ({ F1: values[0]!, F4: values[3]!, F5: values[4]!, F8: values[7]!, F9: values[8]! });

/**
 * Scores one usage. Pure: same usage, `asOf` and model give the same score. `explain: false`
 * leaves the factors' input lists empty (same numbers, fewer allocations) for aggregation runs.
 */
export function scoreSystem(u: ScoringUsage, asOf: string, model: Model = defaultModel, options: { explain?: boolean } = {}): SystemScore {
  const factors = allFactors(u, asOf, model, options.explain ?? true);
  const pess = factors.map((f) => f.value);
  const opt = factors.map((f) => f.optimistic);
  const L = weightedLockin(pess, model);
  const Lopt = weightedLockin(opt, model);
  const criticality = criticalityOf(u, model);
  const crit = criticality.provenance === 'unknown' ? null : criticality.value;
  const raised = criticality !== u.criticality;
  const gates = evaluateGates(byId(pess), crit, model);
  const optimisticGates = evaluateGates(byId(opt), crit, model, 'low');
  const exposure = exposureOf(crit, model) * (u.exposureShare ?? 1);
  const perFactor: Record<string, number> = {};
  for (const f of factors) perFactor[f.factor] = f.confidence;
  const flags: FlagId[] = [];
  for (const g of gates) if (g.applies) flags.push(g.flag);
  return {
    model: model.version,
    usageId: u.id,
    municipalityCode: u.municipalityCode,
    name: u.name ?? null,
    asOf,
    factors,
    L,
    Lopt,
    band: gatedBand(L, gates, model),
    bandFromScore: bandOf(L, model),
    bandOptimistic: gatedBand(Lopt, optimisticGates, model),
    gates,
    flags,
    criticality: {
      value: crit,
      provenance: criticality.provenance,
      unknown: crit === null,
      ...(raised ? { raisedByBusinessCritical: true } : {}),
      label: crit === null ? 'ukendt' : criticalityVocabulary.labels[crit].da,
    },
    exposure,
    priority: L * exposure,
    priorityOptimistic: Lopt * exposure,
    exitWindow: exitWindow(u.contracts, asOf, model),
    confidence: confidenceOf(systemConfidence(perFactor, model), model),
    missingInputs: orderedKinds([...factors.flatMap((f) => f.missingInputs), ...(crit === null ? (['criticality'] as const) : [])]),
    costDkk: u.yearlyCostDkk,
  };
}

/**
 * The criticality the model scores with: the declared one, raised to the model's
 * `criticality.businessCriticalAtLeast` (1.1: high) when the system is flagged business critical
 * (KITOS "Forretningskritisk IT-system"), with the flag's provenance. An unknown criticality
 * without the flag stays unknown (exposure 4, and the gates assume critical).
 */
export function criticalityOf(u: ScoringUsage, model: Model = defaultModel): ScoringUsage['criticality'] {
  const floor = model.criticality.businessCriticalAtLeast;
  const flag = u.businessCritical;
  if (floor === null || !flag || flag.value !== true) return u.criticality;
  const known = u.criticality.provenance === 'unknown' ? null : u.criticality.value;
  if (known !== null && criticalityOrder[known] >= criticalityOrder[floor]) return u.criticality;
  return { value: floor, provenance: flag.provenance, observedAt: flag.observedAt ?? null };
}

/** e_s of a usage under a model: the exposure of the criticality it scores with (unknown: the model's `unknown`). */
export function usageExposure(u: ScoringUsage, model: Model = defaultModel): number {
  const c = criticalityOf(u, model);
  return exposureOf(c.provenance === 'unknown' ? null : c.value, model) * (u.exposureShare ?? 1);
}

/** The factor result for one factor id. */
export function factorOf(score: SystemScore, id: FactorId): FactorResult {
  return score.factors[factorIds.indexOf(id)]!;
}

/**
 * Ranking by exit priority P (descending); ties broken by cost (higher first), then id, so the
 * order is total and reproducible.
 */
export function comparePriority(
  a: { priority: number; costDkk: number | null; usageId: string },
  b: { priority: number; costDkk: number | null; usageId: string },
): number {
  if (b.priority !== a.priority) return b.priority - a.priority;
  const ca = a.costDkk ?? -1;
  const cb = b.costDkk ?? -1;
  if (cb !== ca) return cb - ca;
  return a.usageId < b.usageId ? -1 : a.usageId > b.usageId ? 1 : 0;
}
