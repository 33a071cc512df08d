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
  /** The usages replaced (every usage of the product in the municipality). */
  usageIds: readonly string[];
  deployment: AlternativeDeployment;
  /** The date the replacement takes effect; null = at the next exit window. */
  from: string | null;
}

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
  replacement: string;
  from: string | null;
  /** The current contracts' next penalty-free exit. */
  nextExit: string | null;
  /** `from` is before the next penalty-free exit: leaving then may cost early-termination charges. */
  beforeExitWindow: boolean | null;
  before: { L: number; band: Band };
  after: { L: number; band: Band };
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
 * The input with the replacements applied, as a new object: replaced usages become their
 * after-migration form under their own id (so the integration graph still connects them — the
 * integrations are rebuilt, not removed); the rest is copied. A later replacement of the same
 * usage wins.
 */
export function applyReplacements(input: MunicipalityInput, replacements: readonly ScenarioReplacement[]): MunicipalityInput {
  const byUsage = new Map<string, AlternativeDeployment>();
  for (const r of replacements) for (const id of r.usageIds) byUsage.set(id, r.deployment);
  const usages: ScoringUsage[] = input.usages.map((u) => {
    const d = byUsage.get(u.id);
    return d ? { ...usageAfterMigration(u, d), id: u.id } : { ...u, parties: [...u.parties] };
  });
  return { ...input, usages, edges: input.edges.map((e) => ({ ...e })) };
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
  for (const r of [...replacements].reverse()) {
    for (const id of r.usageIds) {
      const u = usageById.get(id);
      if (!u || seen.has(id)) continue;
      seen.add(id);
      const b = beforeById.get(id)!;
      const a = afterById.get(id)!;
      const nextExit = exitWindow(u.contracts, input.asOf, model).nextExit;
      replaced.push({
        usageId: id,
        name: u.name ?? null,
        replacement: r.deployment.name ?? r.deployment.alternativeId,
        from: r.from,
        nextExit,
        beforeExitWindow: r.from === null || nextExit === null ? null : r.from < nextExit,
        before: { L: round(b.L) as number, band: b.band },
        after: { L: round(a.L) as number, band: a.band },
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
