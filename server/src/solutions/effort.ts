// Switching effort for leaving a system (lockin-scoring.md §3.8, after Shapiro & Varian's total
// switching cost), in effort points (*indsatspoint*): a fixed start-up point plus data migration
// (F1), integration rework (F3 and the integrations to rebuild), users to retrain and contract
// timing (the exit window). Documented in docs/methodology.md, "Exitveje og scenarier"; the constants live here.
import type { UserCountBand } from '../domain/vocabulary.ts';

export const effortModel = Object.freeze({
  /** Every migration has a fixed cost (and the ratio never divides by zero). */
  base: 1,
  /** Data migration: F1/25, so 0 (full open export, tested) to 4 (no export). */
  dataPerF1Point: 1 / 25,
  /** Integration rework: F3/25 (entanglement, platform dependence) … */
  reworkPerF3Point: 1 / 25,
  /** … plus 0.25 per integration to rebuild (edges touching the system in the integration graph). */
  perIntegration: 0.25,
  /** Users to retrain, by the inventory's user-count band; unknown counts as 100–499 (one below the largest, as unknown criticality counts as high). */
  users: { lt10: 0.5, '10-49': 1, '50-99': 2, '100-499': 3, '500+': 4, unknown: 3 } as Readonly<Record<UserCountBand | 'unknown', number>>,
  /** Contract timing: one point per year until the next penalty-free exit, at most 4; unknown exit 4. */
  contractPerYear: 1,
  contractCap: 4,
});

export interface EffortInput {
  F1: number;
  F3: number;
  /** Integrations to rebuild; null when the inventory records no integrations. */
  integrations: number | null;
  userCountBand: UserCountBand | null;
  /** Months until the next penalty-free exit; null when unknown. */
  monthsToExit: number | null;
}

export interface Effort {
  /** E = base + data + integrations + users + contract (effort points). */
  total: number;
  base: number;
  dataMigration: number;
  integrationRework: number;
  retraining: number;
  contractTiming: number;
  /** The inputs, as used. */
  integrations: number | null;
  userCountBand: UserCountBand | null;
  monthsToExit: number | null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function switchingEffort(i: EffortInput, m = effortModel): Effort {
  const dataMigration = m.dataPerF1Point * i.F1;
  const integrationRework = m.reworkPerF3Point * i.F3 + m.perIntegration * (i.integrations ?? 0);
  const retraining = m.users[i.userCountBand ?? 'unknown'];
  const contractTiming = i.monthsToExit === null ? m.contractCap : Math.min(m.contractCap, (m.contractPerYear * Math.max(0, i.monthsToExit)) / 12);
  const parts = { base: m.base, dataMigration: round(dataMigration), integrationRework: round(integrationRework), retraining, contractTiming: round(contractTiming) };
  return {
    total: round(parts.base + dataMigration + integrationRework + retraining + contractTiming),
    ...parts,
    integrations: i.integrations,
    userCountBand: i.userCountBand,
    monthsToExit: i.monthsToExit,
  };
}
