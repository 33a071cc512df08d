// Ranked exit paths for one municipality (issue #7): for each system with high exit priority,
// the candidate replacements with their lock-in after migration, maturity, switching effort,
// exit window and the municipalities that already run them, ranked by exit-priority reduction
// per effort point. Pure: no database, no clock (the input carries asOf). The rule is in
// docs/methodology.md, "Exitveje og scenarier". Candidates are found by task (issue #14): a
// candidate that shares a function term with the system is a match; one that only shares its
// category (or is only mapped onto its product by alternatives.csv) is an idea to assess, never
// recommended; a pair of function-wrong-pairs.csv is never proposed at all.
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
import { isWrongPair, pairSide, sharedTerms, type WrongPairIndex } from './functions.ts';

/** What the inventory says about a usage beyond the scoring input. */
export interface UsageFacts {
  productId: string;
  productName: string;
  userCountBand: UserCountBand | null;
  /** What names the usage's product in function-wrong-pairs.csv (`product:<key>`); empty for a product without a key. */
  names: string[];
  /** What the system does: its product's function terms ∪ the terms of its KLE numbers (sorted). */
  functions: string[];
}

/** The candidates the catalogue offers, as the service built them for this municipality. */
export interface CandidateCatalogue {
  /** Open-source alternatives mapped onto each product (by product id). */
  alternativesByProduct: ReadonlyMap<string, readonly Candidate[]>;
  /** Catalogue products per function category (open-source and proprietary). */
  productsByCategory: ReadonlyMap<string, readonly Candidate[]>;
  /** Candidates (alternatives and catalogue products) per function term they carry. */
  byFunction: ReadonlyMap<string, readonly Candidate[]>;
  /** A candidate's function terms and the names wrong pairs use for it (`alternative:<key>`, `product:<key>`), by ref. */
  functionsOf: ReadonlyMap<string, readonly string[]>;
  namesOf: ReadonlyMap<string, readonly string[]>;
  /** Pairs never to propose (function-wrong-pairs.csv). */
  wrongPairs: WrongPairIndex;
}

/**
 * Why a candidate is offered: `function` — it does what the system does (shares ≥ 1 function term;
 * `sharedFunctions` says which); `category` — it only shares the system's category, or the catalogue
 * only maps it onto the product, without a shared term: an idea to assess, never recommended.
 */
export type CandidateBasis = 'function' | 'category';

/** A candidate for one usage with the reason it is one. */
export interface MatchedCandidate {
  candidate: Candidate;
  basis: CandidateBasis;
  sharedFunctions: string[];
}

export interface ExitPathOptions {
  /** Share of systems, highest exit priority first, to look at (default: the model's top quartile). */
  topShare?: number;
  /** Or a fixed number of systems (overrides topShare). */
  top?: number;
  model?: Model;
}

/** Checks of an exit path beyond the after-migration checks. */
export type PathCheck = 'task_match' | 'covers_every_task' | 'candidate_inputs_known' | 'published';

export interface ExitPath {
  rank: number;
  usage: {
    id: string;
    name: string | null;
    productId: string;
    productName: string;
    category: string | null;
    criticality: Criticality | null;
    /** What the system does (its product's function terms ∪ its KLE numbers' terms). */
    functions: string[];
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
    /** `function`: does what the system does; `category`: an idea to assess (see CandidateBasis). */
    basis: CandidateBasis;
    /** The function terms it shares with the system (the reason shown: "Samme opgave: e-mail, kalender"); [] for an idea. */
    sharedFunctions: string[];
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
  /**
   * The after-migration checks, and the path's own: `task_match` (the candidate does the system's
   * task, basis `function`), `covers_every_task` (it does every task the system does),
   * `candidate_inputs_known` (every F1–F9 candidate input of an
   * alternative is known) and `published` (not an unverified catalogue entry).
   */
  checks: Array<{ check: RecommendationCheck | PathCheck; passed: boolean }>;
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
  /** Systems looked at that got no candidate doing the same task (at most ideas to assess). */
  withoutTaskMatch: number;
  /** Paths by task (`basis` function) first, then ideas to assess (`basis` category); `ideas` counts the latter. */
  paths: ExitPath[];
  ideas: number;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The candidates for one usage: every candidate that does one of its tasks (shares a function
 * term), the open-source alternatives the catalogue maps onto its product, and the products of its
 * category; open-source ones, and other vendors' proprietary products apart (exitPaths offers
 * those only when no open-source candidate does the task). Never the same product (nor an
 * alternative that is that product), never a product of a vendor that already supplies the usage,
 * never a wrong pair. Each with its basis and shared terms.
 */
export function candidatesFor(usage: ScoringUsage, facts: UsageFacts, catalogue: CandidateCatalogue): { openSource: MatchedCandidate[]; vendorProducts: MatchedCandidate[] } {
  const suppliers = new Set(usage.parties.filter((p) => p.role === 'supplier').map((p) => p.vendorId));
  const pool = new Map<string, Candidate>();
  const offer = (list: readonly Candidate[] | undefined) => {
    for (const c of list ?? []) if (!pool.has(c.ref)) pool.set(c.ref, c);
  };
  for (const t of facts.functions) offer(catalogue.byFunction.get(t));
  offer(catalogue.alternativesByProduct.get(facts.productId));
  if (usage.category) offer(catalogue.productsByCategory.get(usage.category));
  // An alternative that is also a catalogue product stands for it: the product is not offered twice.
  const asAlternative = new Set([...pool.values()].filter((c) => c.ref.startsWith('alternative:') && c.productId !== null).map((c) => c.productId));
  const usageSide = pairSide(facts.names, facts.functions);
  const matched: MatchedCandidate[] = [];
  for (const c of pool.values()) {
    if (c.productId === facts.productId) continue;
    if (!c.ref.startsWith('alternative:') && asAlternative.has(c.productId)) continue;
    if (c.kind === 'vendor_product' && c.vendor && suppliers.has(c.vendor.vendorId)) continue;
    const terms = catalogue.functionsOf.get(c.ref) ?? [];
    if (isWrongPair(catalogue.wrongPairs, usageSide, pairSide(catalogue.namesOf.get(c.ref) ?? [], terms))) continue;
    const shared = sharedTerms(facts.functions, terms);
    matched.push({ candidate: c, basis: shared.length > 0 ? 'function' : 'category', sharedFunctions: shared });
  }
  return {
    openSource: matched.filter((m) => m.candidate.kind === 'open_source'),
    vendorProducts: matched.filter((m) => m.candidate.kind === 'vendor_product'),
  };
}

/**
 * The order of the ranked list: candidates that do the system's task before ideas to assess; then
 * value, then recommended first, then maturity, then lower L_after, then ids.
 */
export function compareExitPaths(a: ExitPath, b: ExitPath): number {
  if (a.candidate.basis !== b.candidate.basis) return a.candidate.basis === 'function' ? -1 : 1;
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
  let withoutTaskMatch = 0;
  considered.forEach(({ u, s }, index) => {
    const facts = usageFacts.get(u.id);
    if (!facts) return;
    const { openSource, vendorProducts } = candidatesFor(u, facts, catalogue);
    const assess = (list: MatchedCandidate[]) => list.map((m) => pathFor(u, s, facts, m, index + 1, counts, recordsIntegrations, input.asOf, model)).filter((p) => p.reduction > 0);
    const found = assess(openSource);
    // Other vendors' products only where no open-source candidate does the task; their ideas only where nothing else is found.
    if (!found.some((p) => p.candidate.basis === 'function')) {
      const vendors = assess(vendorProducts);
      found.push(...vendors.filter((p) => p.candidate.basis === 'function'));
      if (found.length === 0) found.push(...vendors);
    }
    if (found.length === 0) withoutCandidate++;
    if (!found.some((p) => p.candidate.basis === 'function')) withoutTaskMatch++;
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
    withoutTaskMatch,
    paths,
    ideas: paths.filter((p) => p.candidate.basis === 'category').length,
  };
}

function pathFor(
  u: ScoringUsage,
  s: SystemScore,
  facts: UsageFacts,
  m: MatchedCandidate,
  priorityRank: number,
  counts: Map<string, number>,
  recordsIntegrations: boolean,
  asOf: string,
  model: Model,
): ExitPath {
  const c = m.candidate;
  const am = lockinAfterMigration(u, c.deployment, asOf, model, s);
  const effort = switchingEffort({
    F1: am.exitEffort.dataMigrationF1,
    F3: am.exitEffort.integrationReworkF3,
    integrations: recordsIntegrations ? (counts.get(u.id) ?? 0) : null,
    userCountBand: facts.userCountBand,
    monthsToExit: s.exitWindow.monthsToExit,
  });
  const priorityReduction = s.exposure * am.reduction;
  const pathChecks: Array<{ check: PathCheck; passed: boolean }> = [
    { check: 'task_match', passed: m.basis === 'function' },
    // A partial match (e.g. an ERP for a municipal økonomisystem that shares only "erp") is shown, not recommended.
    { check: 'covers_every_task', passed: m.basis === 'function' && facts.functions.every((t) => m.sharedFunctions.includes(t)) },
    { check: 'candidate_inputs_known', passed: (c.unknownInputs ?? []).length === 0 },
    { check: 'published', passed: !c.unverified },
  ];
  return {
    rank: 0,
    usage: {
      id: u.id,
      name: u.name ?? null,
      productId: facts.productId,
      productName: facts.productName,
      category: u.category,
      criticality: s.criticality.value,
      functions: facts.functions,
      exposure: s.exposure,
      priority: round(s.priority),
      L: round(s.L),
      band: s.band,
      priorityRank,
    },
    candidate: { ref: c.ref, kind: c.kind, name: c.name, vendorName: c.vendor?.name ?? null, maturity: c.maturity, runBy: c.runBy, basis: m.basis, sharedFunctions: m.sharedFunctions },
    after: { L: round(am.after.L), Lopt: round(am.after.Lopt), band: am.after.band, flags: am.after.flags, factors: am.after.factors.map((f) => f.value) },
    reduction: round(am.reduction),
    priorityReduction: round(priorityReduction),
    effort,
    value: round(priorityReduction / effort.total),
    // Only a published candidate that does the system's task, with every candidate input (F1–F9)
    // known, can be recommended; an idea is assessed first.
    recommended: am.recommended && pathChecks.every((p) => p.passed),
    checks: [...am.checks.map(({ check, passed }) => ({ check, passed })), ...pathChecks],
    exitWindow: {
      nextExit: s.exitWindow.nextExit,
      noticeBy: s.exitWindow.noticeBy,
      monthsToExit: s.exitWindow.monthsToExit,
      withinWindow: s.exitWindow.withinWindow,
    },
  };
}
