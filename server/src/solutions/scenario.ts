// Scenario simulation (issue #7): apply replacements (a system → a candidate's proposed
// deployment, optionally from a date) to a COPY of a municipality's scoring input, rescore it
// with the same engine, and compare every indicator before and after: L_m, band distribution,
// HHI and effective number of vendors, each vendor's direct and transitive reach, non-EU share.
// Pure: the input is never changed; both sides are scored for the same asOf, so the difference
// is the replacements' and nothing else (docs/methodology.md, "Exitveje og scenarier").
import {
  type AlternativeDeployment,
  type Band,
  defaultModel,
  exitWindow,
  type Model,
  type MunicipalityInput,
  type MunicipalityScore,
  scoreMunicipality,
  type ScoringUsage,
  usageAfterMigration,
} from '../scoring/index.ts';

export interface ScenarioReplacement {
  /** The usages replaced: every usage of a product, several products' usages, or a chosen subset. */
  usageIds: readonly string[];
  /**
   * What replaces each of them: one deployment (several → one), or several (one → several: each
   * replaced usage becomes one part per deployment, each part carrying 1/N of its exposure and spend).
   */
  deployments: readonly AlternativeDeployment[];
  /** The date the replacement takes effect; null = at the next exit window. */
  from: string | null;
}

/** The id of part k (0-based) of a usage replaced by n parts; a single replacement keeps the usage's id. */
export const partId = (usageId: string, k: number, n: number): string => (n === 1 ? usageId : `${usageId}#${k + 1}`);

export interface ScenarioIndicators {
  systemCount: number;
  L: number | null;
  Lopt: number | null;
  atRiskShare: number;
  bandDistribution: Record<Band, number>;
  hhi: { spend: number | null; exposure: number | null; reach: number | null };
  nEff: { spend: number | null; exposure: number | null; reach: number | null };
  nonEuShare: number | null;
  composite: number | null;
}

export interface VendorChange {
  vendorId: string;
  name: string | null;
  before: { directReach: number; reach: number } | null;
  after: { directReach: number; reach: number } | null;
}

export interface ReplacedUsage {
  usageId: string;
  name: string | null;
  /** The replacement's name; for a usage replaced by several parts, their names joined by " + ". */
  replacement: string;
  from: string | null;
  /** The current contracts' next penalty-free exit. */
  nextExit: string | null;
  /** `from` is before the next penalty-free exit: leaving then may cost early-termination charges. */
  beforeExitWindow: boolean | null;
  before: { L: number; band: Band };
  /** For several parts: L is their exposure-weighted mean (equal shares: the mean), band the worst part's. */
  after: { L: number; band: Band };
  /** One row per part when the usage is replaced by several candidates (else absent). */
  parts?: Array<{ usageId: string; replacement: string; L: number; band: Band }>;
}

export interface ScenarioOutcome {
  model: string;
  municipalityCode: string;
  asOf: string;
  before: ScenarioIndicators;
  after: ScenarioIndicators;
  replaced: ReplacedUsage[];
  /** Every vendor present before or after, by reach before (then after). */
  vendors: VendorChange[];
}

/**
 * The input with the replacements applied, as a new object (the input is never changed):
 * - a usage replaced by one deployment becomes its after-migration form under its own id, so the
 *   integration graph still connects it (the integrations are rebuilt, not removed);
 * - a usage replaced by N > 1 deployments becomes N parts (ids `<id>#1` … `<id>#N`), each the
 *   after-migration form for one deployment, each carrying 1/N of the usage's exposure
 *   (`exposureShare`), yearly cost and spend shares, and each keeping every integration of the
 *   usage (an edge to a split usage is copied to each of its parts), so Σ e is unchanged.
 * If the same usage is named by two replacements the later one wins (the service refuses that
 * in strict mode, so a person never relies on it).
 */
export function applyReplacements(input: MunicipalityInput, replacements: readonly ScenarioReplacement[]): MunicipalityInput {
  const byUsage = new Map<string, readonly AlternativeDeployment[]>();
  for (const r of replacements) if (r.deployments.length > 0) for (const id of r.usageIds) byUsage.set(id, r.deployments);
  const partsOf = new Map<string, string[]>();
  const usages: ScoringUsage[] = [];
  for (const u of input.usages) {
    const ds = byUsage.get(u.id);
    if (!ds) {
      usages.push({ ...u, parties: [...u.parties] });
      continue;
    }
    const n = ds.length;
    const ids: string[] = [];
    ds.forEach((d, k) => {
      const after: ScoringUsage = { ...usageAfterMigration(u, d), id: partId(u.id, k, n) };
      if (n > 1) {
        after.exposureShare = (u.exposureShare ?? 1) / n;
        after.yearlyCostDkk = after.yearlyCostDkk === null ? null : after.yearlyCostDkk / n;
        if (after.spend) after.spend = after.spend.map((s) => ({ ...s, amountDkk: s.amountDkk / n }));
      }
      ids.push(after.id);
      usages.push(after);
    });
    partsOf.set(u.id, ids);
  }
  const ends = (id: string) => partsOf.get(id) ?? [id];
  const edges = input.edges.flatMap((e) => ends(e.from).flatMap((from) => ends(e.to).map((to) => ({ ...e, from, to }))));
  return { ...input, usages, edges };
}

const round = (x: number | null, d = 4) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

export function indicatorsOf(m: MunicipalityScore): ScenarioIndicators {
  const c = m.concentration;
  const bands = { ...m.lockin.bandDistribution };
  for (const k of Object.keys(bands) as Band[]) bands[k] = round(bands[k]) as number;
  return {
    systemCount: m.systemCount,
    L: round(m.lockin.L),
    Lopt: round(m.lockin.Lopt),
    atRiskShare: round(m.lockin.atRiskShare) as number,
    bandDistribution: bands,
    hhi: { spend: round(c.spend?.hhi ?? null, 1), exposure: round(c.exposure?.hhi ?? null, 1), reach: round(c.reach?.hhi ?? null, 1) },
    nEff: { spend: round(c.spend?.nEff ?? null, 2), exposure: round(c.exposure?.nEff ?? null, 2), reach: round(c.reach?.nEff ?? null, 2) },
    nonEuShare: round(m.jurisdiction.nonEuShare),
    composite: round(m.composite.H, 2),
  };
}

function vendorChanges(before: MunicipalityScore, after: MunicipalityScore): VendorChange[] {
  const out = new Map<string, VendorChange>();
  const reach = (v: MunicipalityScore['vendors'][number]) => ({ directReach: round(v.directReach) as number, reach: round(v.reach) as number });
  for (const v of before.vendors) out.set(v.vendorId, { vendorId: v.vendorId, name: v.name, before: reach(v), after: null });
  for (const v of after.vendors) {
    const row = out.get(v.vendorId) ?? { vendorId: v.vendorId, name: v.name, before: null, after: null };
    row.after = reach(v);
    row.name ??= v.name;
    out.set(v.vendorId, row);
  }
  return [...out.values()].sort(
    (a, b) => (b.before?.reach ?? -1) - (a.before?.reach ?? -1) || (b.after?.reach ?? -1) - (a.after?.reach ?? -1) || (a.vendorId < b.vendorId ? -1 : 1),
  );
}

/** Scores the input as it is and with the replacements, for the same date and model. */
export function simulateScenario(input: MunicipalityInput, replacements: readonly ScenarioReplacement[], model: Model = defaultModel): ScenarioOutcome {
  const before = scoreMunicipality(input, model);
  const changed = applyReplacements(input, replacements);
  const after = scoreMunicipality(changed, model);
  const beforeById = new Map(before.priorities.map((p) => [p.usageId, p]));
  const afterById = new Map(after.priorities.map((p) => [p.usageId, p]));
  const usageById = new Map(input.usages.map((u) => [u.id, u]));
  const replaced: ReplacedUsage[] = [];
  const seen = new Set<string>();
  const worst = (x: Band, y: Band) => (x > y ? x : y);
  for (const r of [...replacements].reverse()) {
    const n = r.deployments.length;
    if (n === 0) continue;
    for (const id of r.usageIds) {
      const u = usageById.get(id);
      if (!u || seen.has(id)) continue;
      seen.add(id);
      const b = beforeById.get(id)!;
      const parts = r.deployments.map((d, k) => {
        const a = afterById.get(partId(id, k, n))!;
        return { usageId: a.usageId, replacement: d.name ?? d.alternativeId, L: round(a.L) as number, band: a.band };
      });
      const nextExit = exitWindow(u.contracts, input.asOf, model).nextExit;
      replaced.push({
        usageId: id,
        name: u.name ?? null,
        replacement: parts.map((p) => p.replacement).join(' + '),
        from: r.from,
        nextExit,
        beforeExitWindow: r.from === null || nextExit === null ? null : r.from < nextExit,
        before: { L: round(b.L) as number, band: b.band },
        after: n === 1 ? { L: parts[0]!.L, band: parts[0]!.band } : { L: round(parts.reduce((t, p) => t + p.L, 0) / n) as number, band: parts.map((p) => p.band).reduce(worst) },
        ...(n > 1 ? { parts } : {}),
      });
    }
  }
  replaced.sort((x, y) => (x.usageId < y.usageId ? -1 : x.usageId > y.usageId ? 1 : 0));
  return {
    model: model.version,
    municipalityCode: input.municipalityCode,
    asOf: input.asOf,
    before: indicatorsOf(before),
    after: indicatorsOf(after),
    replaced,
    vendors: vendorChanges(before, after),
  };
}
