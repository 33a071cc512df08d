// Each alternative's lock-in after migration (lockin-scoring.md §3.8): F1–F9 for the proposed
// deployment, compared with the current system, so the product never recommends swapping one
// lock-in for another. Evidence about the old system (export test, backup test, exit plan, keys,
// contract) does not carry over; it is unknown until the proposed deployment states it.
import type { ExitWindow } from './exit-window.ts';
import type { Input, ScoringUsage } from './input.ts';
import { bandIds, defaultModel, type Model } from './model.ts';
import type { Text } from './rules.ts';
import { scoreSystem, type SystemScore } from './system-score.ts';

type ProductKeys = 'dataExport' | 'exportFormatKind' | 'exportCharges' | 'apiAvailability' | 'licenseModel' | 'codeGovernance';
type DeploymentKeys =
  | 'hostingModel'
  | 'parties'
  | 'contracts'
  | 'keyManagement'
  | 'externalBackupTestedAt'
  | 'exportTestedAt'
  | 'requiresSpecificPlatform'
  | 'exitPlan'
  | 'exitPlanTestedAt'
  | 'exitPlanOwner'
  | 'substitutability'
  | 'yearlyCostDkk';

export interface AlternativeDeployment {
  alternativeId: string;
  name?: string;
  /** The alternative's product facts (usually from the catalogue); missing ones are unknown. */
  product: Partial<Pick<ScoringUsage, ProductKeys>>;
  /** The proposed deployment, e.g. OSS hosted at an EU provider; missing facts are unknown. */
  deployment: Partial<Pick<ScoringUsage, DeploymentKeys>>;
}

export type RecommendationCheck = 'clearly-lower' | 'better-band' | 'no-band-cap-gate' | 'candidate-facts-known';

/** The candidate's product facts the scorer reads; a recommendation needs every one known (issue #14). */
export const SCORED_PRODUCT_FACTS = ['licenseModel', 'codeGovernance', 'dataExport', 'exportFormatKind', 'apiAvailability'] as const;

/** The scored product facts of a candidate that are unknown (absent or provenance `unknown`). */
export function unknownProductFacts(alt: AlternativeDeployment): Array<(typeof SCORED_PRODUCT_FACTS)[number]> {
  return SCORED_PRODUCT_FACTS.filter((k) => {
    const input = alt.product[k];
    return !input || input.provenance === 'unknown' || input.value === null;
  });
}

export interface AfterMigration {
  model: string;
  usageId: string;
  alternativeId: string;
  now: { L: number; Lopt: number; band: SystemScore['band'] };
  after: SystemScore;
  /** L_now − L_after (positive = less lock-in). */
  reduction: number;
  recommended: boolean;
  checks: Array<{ check: RecommendationCheck; passed: boolean; text: Text }>;
  /** Shapiro & Varian's switching-cost drivers for leaving the current system. */
  exitEffort: { dataMigrationF1: number; integrationReworkF3: number; contractTiming: ExitWindow };
}

const unknown = <T>(): Input<T> => ({ value: null, provenance: 'unknown', observedAt: null });

/** The usage as it would look after migrating to the alternative. */
export function usageAfterMigration(current: ScoringUsage, alt: AlternativeDeployment): ScoringUsage {
  const p = alt.product;
  const d = alt.deployment;
  return {
    ...current,
    id: `${current.id}→${alt.alternativeId}`,
    name: alt.name ?? alt.alternativeId,
    dataExport: p.dataExport ?? unknown(),
    exportFormatKind: p.exportFormatKind ?? unknown(),
    exportCharges: p.exportCharges ?? unknown(),
    apiAvailability: p.apiAvailability ?? unknown(),
    licenseModel: p.licenseModel ?? unknown(),
    codeGovernance: p.codeGovernance ?? unknown(),
    hostingModel: d.hostingModel ?? unknown(),
    parties: d.parties ?? [],
    contracts: d.contracts ?? unknown(),
    keyManagement: d.keyManagement ?? unknown(),
    externalBackupTestedAt: d.externalBackupTestedAt ?? unknown(),
    exportTestedAt: d.exportTestedAt ?? unknown(),
    exitPlan: d.exitPlan ?? unknown(),
    exitPlanTestedAt: d.exitPlanTestedAt ?? unknown(),
    exitPlanOwner: d.exitPlanOwner ?? unknown(),
    // The integrations must be rebuilt, so the entanglement stays; so do the category facts.
    requiresSpecificPlatform: d.requiresSpecificPlatform ?? current.requiresSpecificPlatform,
    substitutability: d.substitutability ?? current.substitutability,
    yearlyCostDkk: d.yearlyCostDkk ?? current.yearlyCostDkk,
  };
}

/**
 * Scores the alternative's proposed deployment and decides whether to recommend it: only when
 * L_after is clearly below L_now (by the model's margin, 15 points by default), the band is
 * better, no band-capping gate (jurisdiction, no export) applies after migration, and every
 * product fact of the candidate the scorer reads is known (an unknown fact scores worst, but a
 * recommendation must not rest on a guess).
 */
export function lockinAfterMigration(
  current: ScoringUsage,
  alt: AlternativeDeployment,
  asOf: string,
  model: Model = defaultModel,
  currentScore: SystemScore = scoreSystem(current, asOf, model),
): AfterMigration {
  const after = scoreSystem(usageAfterMigration(current, alt), asOf, model);
  const reduction = currentScore.L - after.L;
  const checks: AfterMigration['checks'] = [
    {
      check: 'clearly-lower',
      passed: reduction >= model.afterMigration.minReduction,
      text: {
        da: `Bindingen efter migrering skal være mindst ${model.afterMigration.minReduction} point lavere`,
        en: `Lock-in after migration must be at least ${model.afterMigration.minReduction} points lower`,
      },
    },
    {
      check: 'better-band',
      passed: bandIds.indexOf(after.band) < bandIds.indexOf(currentScore.band),
      text: { da: 'Båndet efter migrering skal være bedre', en: 'The band after migration must be better' },
    },
    {
      check: 'no-band-cap-gate',
      passed: !after.gates.some((g) => g.applies && g.effect === 'band-cap'),
      text: {
        da: 'Ingen ny ikke-kompenserbar binding (jurisdiktion, ingen eksport) efter migrering',
        en: 'No non-compensable lock-in (jurisdiction, no export) after migration',
      },
    },
    {
      check: 'candidate-facts-known',
      passed: unknownProductFacts(alt).length === 0,
      text: {
        da: 'Kandidatens produktfakta, som beregningen læser (licensmodel, styring af koden, dataeksport, eksportformat, API), er alle kendte',
        en: "Every product fact of the candidate the scoring reads (licence model, code governance, data export, export format kind, API availability) is known",
      },
    },
  ];
  return {
    model: model.version,
    usageId: current.id,
    alternativeId: alt.alternativeId,
    now: { L: currentScore.L, Lopt: currentScore.Lopt, band: currentScore.band },
    after,
    reduction,
    recommended: checks.every((c) => c.passed),
    checks,
    exitEffort: {
      dataMigrationF1: currentScore.factors[0]!.value,
      integrationReworkF3: currentScore.factors[2]!.value,
      contractTiming: currentScore.exitWindow,
    },
  };
}
