// Ranked exit paths for one municipality (issue #7): for each system with high exit priority,
// the candidate replacements with their lock-in after migration, maturity, switching effort,
// exit window and the municipalities that already run them, ranked by exit-priority reduction
// per effort point. Pure: no database, no clock (the input carries asOf). The rule is in
// docs/methodology.md, "Exitveje og scenarier".
import type { Criticality, UserCountBand } from '../domain/vocabulary.ts';
import {
  type Band,
  comparePriority,
  defaultModel,
  integrationCounts,
  lockinAfterMigration,
  type Model,
  type MunicipalityInput,
  type RecommendationCheck,
  resolvePlatformParties,
  scoreSystem,
  type ScoringUsage,
  type SystemScore,
} from '../scoring/index.ts';
import type { Candidate, CandidateKind } from './candidates.ts';
import { type Effort, switchingEffort } from './effort.ts';

/** What the inventory says about a usage beyond the scoring input. */
export interface UsageFacts {
  productId: string;
  productName: string;
  userCountBand: UserCountBand | null;
}

/** The candidates the catalogue offers, as the service built them for this municipality. */
export interface CandidateCatalogue {
  /** Open-source alternatives mapped onto each product (by product id). */
  alternativesByProduct: ReadonlyMap<string, readonly Candidate[]>;
  /** Catalogue products per function category (open-source and proprietary). */
  productsByCategory: ReadonlyMap<string, readonly Candidate[]>;
}

export interface ExitPathOptions {
  /** Share of systems, highest exit priority first, to look at (default: the model's top quartile). */
  topShare?: number;
  /** Or a fixed number of systems (overrides topShare). */
  top?: number;
  model?: Model;
}

export interface ExitPath {
  rank: number;
  usage: {
    id: string;
    name: string | null;
    productId: string;
    productName: string;
    category: string | null;
    criticality: Criticality | null;
    exposure: number;
    priority: number;
    L: number;
    band: Band;
    /** Position in the municipality's exit-priority list (1 = highest). */
    priorityRank: number;
  };
  candidate: {
    ref: string;
    kind: CandidateKind;
    name: string;
    vendorName: string | null;
    maturity: Candidate['maturity'];
    runBy: string[];
    /**
     * Why it is a candidate: `catalogue` — the catalogue maps it onto the product as an
     * alternative; `category` — it only shares the product's function category, so whether it
     * covers the same needs must be assessed before it is more than an idea.
     */
    basis: 'catalogue' | 'category';
  };
  after: { L: number; Lopt: number; band: Band; flags: string[]; factors: number[] };
  /** L_now − L_after. */
  reduction: number;
  /** e_s · (L_now − L_after): how much the municipality's Σ e·L falls. */
  priorityReduction: number;
  effort: Effort;
  /** priorityReduction / effort.total: the ranking key. */
  value: number;
  recommended: boolean;
  checks: Array<{ check: RecommendationCheck; passed: boolean }>;
  exitWindow: { nextExit: string | null; noticeBy: string | null; monthsToExit: number | null; withinWindow: boolean };
}

export interface ExitPaths {
  model: string;
  municipalityCode: string;
  asOf: string;
  /** Systems looked at (the top of the priority list) and systems in the inventory. */
  systemsConsidered: number;
  systemCount: number;
  /** Systems looked at that got no candidate lowering their lock-in. */
  withoutCandidate: number;
  paths: ExitPath[];
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The candidates for one usage: the open-source alternatives mapped onto its product and the
 * open-source products of its category; other vendors' proprietary products of its category
 * only when no open-source candidate lowers its lock-in. Never the same product, and never a
 * product of a vendor that already supplies the usage.
 */
export function candidatesFor(usage: ScoringUsage, facts: UsageFacts, catalogue: CandidateCatalogue): { openSource: Candidate[]; vendorProducts: Candidate[] } {
  const suppliers = new Set(usage.parties.filter((p) => p.role === 'supplier').map((p) => p.vendorId));
  const mapped = catalogue.alternativesByProduct.get(facts.productId) ?? [];
  const taken = new Set(mapped.map((c) => c.productId).filter((id): id is string => id !== null));
  const inCategory = usage.category ? (catalogue.productsByCategory.get(usage.category) ?? []) : [];
  const others = inCategory.filter((c) => c.productId !== facts.productId && !taken.has(c.productId ?? '') && !(c.vendor && suppliers.has(c.vendor.vendorId)));
  return {
    openSource: [...mapped, ...others.filter((c) => c.kind === 'open_source')],
    vendorProducts: others.filter((c) => c.kind === 'vendor_product'),
  };
}

/**
 * The order of the ranked list: alternatives the catalogue maps onto the product before ideas from
 * the same category; then value, then recommended first, then maturity, then lower L_after, then ids.
 */
export function compareExitPaths(a: ExitPath, b: ExitPath): number {
  if (a.candidate.basis !== b.candidate.basis) return a.candidate.basis === 'catalogue' ? -1 : 1;
  if (b.value !== a.value) return b.value - a.value;
  if (a.recommended !== b.recommended) return a.recommended ? -1 : 1;
  const ma = a.candidate.maturity?.ams ?? -1;
  const mb = b.candidate.maturity?.ams ?? -1;
  if (mb !== ma) return mb - ma;
  if (a.after.L !== b.after.L) return a.after.L - b.after.L;
  if (a.usage.id !== b.usage.id) return a.usage.id < b.usage.id ? -1 : 1;
  return a.candidate.ref < b.candidate.ref ? -1 : a.candidate.ref > b.candidate.ref ? 1 : 0;
}

export function exitPaths(
  input: MunicipalityInput,
  usageFacts: ReadonlyMap<string, UsageFacts>,
  catalogue: CandidateCatalogue,
  options: ExitPathOptions = {},
): ExitPaths {
  const model = options.model ?? defaultModel;
  const usages = resolvePlatformParties(input.usages, input.edges);
  const scores = usages.map((u) => ({ u, s: scoreSystem(u, input.asOf, model, { explain: false }) }));
  scores.sort((a, b) => comparePriority(a.s, b.s));
  const n = options.top ?? Math.ceil(scores.length * (options.topShare ?? model.municipality.topPriorityShare));
  const considered = scores.slice(0, Math.min(n, scores.length));
  // Integrations to rebuild: only when the inventory records integrations at all.
  const counts = integrationCounts(input.edges);
  const recordsIntegrations = input.edges.length > 0;
  const paths: ExitPath[] = [];
  let withoutCandidate = 0;
  considered.forEach(({ u, s }, index) => {
    const facts = usageFacts.get(u.id);
    if (!facts) return;
    const { openSource, vendorProducts } = candidatesFor(u, facts, catalogue);
    const mapped = new Set((catalogue.alternativesByProduct.get(facts.productId) ?? []).map((c) => c.ref));
    const assess = (list: Candidate[]) =>
      list.map((c) => pathFor(u, s, facts, c, mapped.has(c.ref) ? 'catalogue' : 'category', index + 1, counts, recordsIntegrations, input.asOf, model)).filter((p) => p.reduction > 0);
    let found = assess(openSource);
    if (found.length === 0) found = assess(vendorProducts);
    if (found.length === 0) withoutCandidate++;
    paths.push(...found);
  });
  paths.sort(compareExitPaths);
  paths.forEach((p, i) => (p.rank = i + 1));
  return {
    model: model.version,
    municipalityCode: input.municipalityCode,
    asOf: input.asOf,
    systemsConsidered: considered.length,
    systemCount: usages.length,
    withoutCandidate,
    paths,
  };
}

function pathFor(
  u: ScoringUsage,
  s: SystemScore,
  facts: UsageFacts,
  c: Candidate,
  basis: ExitPath['candidate']['basis'],
  priorityRank: number,
  counts: Map<string, number>,
  recordsIntegrations: boolean,
  asOf: string,
  model: Model,
): ExitPath {
  const am = lockinAfterMigration(u, c.deployment, asOf, model, s);
  const effort = switchingEffort({
    F1: am.exitEffort.dataMigrationF1,
    F3: am.exitEffort.integrationReworkF3,
    integrations: recordsIntegrations ? (counts.get(u.id) ?? 0) : null,
    userCountBand: facts.userCountBand,
    monthsToExit: s.exitWindow.monthsToExit,
  });
  const priorityReduction = s.exposure * am.reduction;
  return {
    rank: 0,
    usage: {
      id: u.id,
      name: u.name ?? null,
      productId: facts.productId,
      productName: facts.productName,
      category: u.category,
      criticality: s.criticality.value,
      exposure: s.exposure,
      priority: round(s.priority),
      L: round(s.L),
      band: s.band,
      priorityRank,
    },
    candidate: { ref: c.ref, kind: c.kind, name: c.name, vendorName: c.vendor?.name ?? null, maturity: c.maturity, runBy: c.runBy, basis },
    after: { L: round(am.after.L), Lopt: round(am.after.Lopt), band: am.after.band, flags: am.after.flags, factors: am.after.factors.map((f) => f.value) },
    reduction: round(am.reduction),
    priorityReduction: round(priorityReduction),
    effort,
    value: round(priorityReduction / effort.total),
    recommended: am.recommended,
    checks: am.checks.map(({ check, passed }) => ({ check, passed })),
    exitWindow: {
      nextExit: s.exitWindow.nextExit,
      noticeBy: s.exitWindow.noticeBy,
      monthsToExit: s.exitWindow.monthsToExit,
      withinWindow: s.exitWindow.withinWindow,
    },
  };
}
