// Confidence and completeness (lockin-scoring.md §3.9): how much of a score rests on evidence.
// Provenance weight × staleness per input, the mean per factor, the weighted mean per system,
// and the exposure-weighted mean × coverage per municipality. Below 0.5 a score is `foreløbig`.
import type { Provenance } from '../domain/vocabulary.ts';
import { addMonths } from './dates.ts';
import { defaultModel, factorIds, type Model } from './model.ts';

export type ConfidenceLevel = 'høj' | 'middel' | 'lav';

export interface Confidence {
  /** 0–1. */
  value: number;
  level: ConfidenceLevel;
  /** Below the `medium` threshold: the score is preliminary and kept out of public rankings. */
  provisional: boolean;
  /** `foreløbig` when provisional, else null. */
  label: 'foreløbig' | null;
}

/** × 1.0 up to 12 months old, × 0.8 up to 24, × 0.5 beyond; an undated input counts as old. */
export function stalenessMultiplier(observedAt: string | null | undefined, asOf: string, model: Model = defaultModel): number {
  if (!observedAt) return model.staleness.undated;
  const bounds = stalenessBounds(asOf, model);
  const steps = model.staleness.steps;
  for (let i = 0; i < steps.length; i++) {
    if (observedAt >= bounds[i]!) return steps[i]!.multiplier;
  }
  return model.staleness.older;
}

// The step boundaries (asOf − 12 months, asOf − 24 months) are the same for every input of a
// recompute; remember the last ones instead of recomputing them per input.
let boundsAsOf = '';
let boundsModel: Model | null = null;
let bounds: string[] = [];
function stalenessBounds(asOf: string, model: Model): string[] {
  if (asOf !== boundsAsOf || model !== boundsModel) {
    bounds = model.staleness.steps.map((s) => addMonths(asOf, -s.maxMonths));
    boundsAsOf = asOf;
    boundsModel = model;
  }
  return bounds;
}

/** Confidence in one input: provenance weight × staleness. Unknown inputs are 0. */
export function inputConfidence(
  input: { provenance: Provenance; observedAt?: string | null | undefined },
  asOf: string,
  model: Model = defaultModel,
): number {
  const w = model.provenanceWeights[input.provenance];
  return w === 0 ? 0 : w * stalenessMultiplier(input.observedAt, asOf, model);
}

/** q_f: the mean confidence over the inputs the factor's rule consulted (0 when it consulted none). */
export function factorConfidence(
  inputs: ReadonlyArray<{ provenance: Provenance; observedAt?: string | null | undefined }>,
  asOf: string,
  model: Model = defaultModel,
): number {
  if (inputs.length === 0) return 0;
  let sum = 0;
  for (const i of inputs) sum += inputConfidence(i, asOf, model);
  return sum / inputs.length;
}

/** Q_s = Σ w_f q_f / Σ w_f (the spec divides by 100, the default weight sum). */
export function systemConfidence(perFactor: Readonly<Record<string, number>>, model: Model = defaultModel): number {
  let num = 0;
  let den = 0;
  for (const f of factorIds) {
    const w = model.weights[f];
    num += w * (perFactor[f] ?? 0);
    den += w;
  }
  return den === 0 ? 0 : num / den;
}

export function confidenceOf(value: number, model: Model = defaultModel): Confidence {
  const level: ConfidenceLevel =
    value >= model.confidenceLevels.high ? 'høj' : value >= model.confidenceLevels.medium ? 'middel' : 'lav';
  const provisional = value < model.confidenceLevels.medium;
  return { value, level, provisional, label: provisional ? 'foreløbig' : null };
}

export type CoverageBasis = 'spend' | 'system-count' | 'none';

export interface Coverage {
  value: number;
  basis: CoverageBasis;
  /** True when coverage is estimated from a reference system count rather than spend. */
  estimated: boolean;
}

/**
 * Coverage: inventoried spend / total IT spend when the total is known; otherwise systems /
 * reference count for comparable municipalities (flagged estimated). With neither it is not
 * assessed: the factor is 1 and the basis `none`, so Q_m is then an upper bound.
 */
export function coverage(
  args: { inventoriedSpendDkk: number; totalItSpendDkk: number | null; systemCount: number; referenceSystemCount: number | null },
): Coverage {
  if (args.totalItSpendDkk !== null && args.totalItSpendDkk > 0) {
    return { value: Math.min(1, args.inventoriedSpendDkk / args.totalItSpendDkk), basis: 'spend', estimated: false };
  }
  if (args.referenceSystemCount !== null && args.referenceSystemCount > 0) {
    return { value: Math.min(1, args.systemCount / args.referenceSystemCount), basis: 'system-count', estimated: true };
  }
  return { value: 1, basis: 'none', estimated: true };
}
