// The nine system-level factors F1–F9 (lockin-scoring.md §3.3), 0 = free to act, 100 = locked in.
// Each factor is computed twice: with every unknown input at its worst value (the score) and at
// its best value (the optimistic bound). Every scale is monotone in each input, so the bound
// can never exceed the score and replacing an unknown by any known value can only narrow the
// band. Each result names the rule that fired and the inputs (with provenance) it consulted.
import {
  apiAvailability,
  codeGovernance,
  dataExport,
  dataLocation,
  EU_EEA_COUNTRIES,
  exitPlan,
  exportFormatKind,
  hostingModel,
  keyManagement,
  type Provenance,
} from '../domain/vocabulary.ts';
import { formatCount, formatDate } from '../domain/format.ts';
import { withinMonthsBefore } from './dates.ts';
import { inputConfidence } from './confidence.ts';
import { type MissingInputKind, missingInputKind, orderedKinds } from './missing-inputs.ts';
import { contractExit, type Mode } from './exit-window.ts';
import type { ContractTerms, Input, ScoringParty, ScoringUsage } from './input.ts';
import { defaultModel, type FactorId, type Model } from './model.ts';
import { rules, type RuleId, type Text } from './rules.ts';

/** An input as shown next to a factor: its value, provenance and a Danish label (`ukendt` when unknown). */
export interface InputView {
  name: string;
  value: unknown;
  provenance: Provenance;
  observedAt: string | null;
  unknown: boolean;
  label: string;
}

export interface AppliedModifier {
  id: RuleId;
  points: number;
  text: Text;
}

export interface FactorResult {
  factor: FactorId;
  /** The score (unknown inputs at their worst value), 0–100. */
  value: number;
  /** The optimistic bound (unknown inputs at their best value), 0–100, never above `value`. */
  optimistic: number;
  rule: RuleId;
  ruleText: Text;
  /** Numbers behind the rule (e.g. "7 integrationer → 60"), when the rule has a scale; only in an explanation. */
  detail: Text | null;
  modifiers: AppliedModifier[];
  optimisticRule: RuleId;
  inputs: InputView[];
  /** Names of the inputs that were unknown (`ukendt`). */
  unknownInputs: string[];
  /** q_f (§3.9): mean provenance × staleness confidence over `inputs`. */
  confidence: number;
  /** The themes of the unknown inputs the rule consulted (also without an explanation). */
  missingInputs: MissingInputKind[];
}

interface Eval {
  value: number;
  rule: RuleId;
  detail: Text | null;
  modifiers: AppliedModifier[];
}

/** Danish labels of a vocabulary, as a Map (looked up for every input of every score). */
type Labels = ReadonlyMap<string, string>;
const danish = (v: { labels: Readonly<Record<string, { da: string }>> }): Labels =>
  new Map(Object.entries(v.labels).map(([k, l]) => [k, l.da]));
const labels = {
  dataExport: danish(dataExport),
  exportFormatKind: danish(exportFormatKind),
  apiAvailability: danish(apiAvailability),
  codeGovernance: danish(codeGovernance),
  hostingModel: danish(hostingModel),
  keyManagement: danish(keyManagement),
  dataLocation: danish(dataLocation),
  exitPlan: danish(exitPlan),
  nonEuSubProcessors: new Map([['none', 'ingen'], ['non_material', 'uvæsentlige'], ['material', 'væsentlige']]) as Labels,
  /** For dates where a known null means "never". */
  date: new Map([['', 'aldrig']]) as Labels,
};

function labelOf(value: unknown, labels?: Labels): string {
  if (value === null || value === undefined) return labels?.get('') ?? 'ingen';
  if (typeof value === 'string') return labels?.get(value) ?? value;
  if (typeof value === 'boolean') return value ? 'ja' : 'nej';
  if (Array.isArray(value)) return `${value.length}`;
  return String(value);
}

/**
 * The inputs a rule consulted, for the explanation (`list`, only when explaining) and for the
 * factor confidence q_f (always). Null in the optimistic pass.
 */
class Consulted {
  readonly list: InputView[] | null;
  sum = 0;
  count = 0;
  /** Themes of the unknown inputs seen (what would make the score final). */
  readonly missing = new Set<MissingInputKind>();
  constructor(
    explain: boolean,
    readonly asOf: string,
    readonly model: Model,
  ) {
    this.list = explain ? [] : null;
  }
}
type Views = Consulted | null;

/** Whether an explanation is being built (the worst-case pass of an explained score): texts only then. */
const explaining = (views: Views): boolean => views !== null && views.list !== null;

/** Records a consulted input. The name is built only when explaining (`suffix` is appended). */
function see<T>(views: Views, name: string | ScoringParty, input: Input<T>, labels?: Labels, suffix?: string): void {
  if (views === null) return;
  views.count++;
  views.sum += inputConfidence(input, views.asOf, views.model);
  const unknown = input.provenance === 'unknown';
  if (unknown) views.missing.add(missingInputKind(typeof name === 'string' ? name : '', suffix, typeof name !== 'string'));
  if (views.list === null) return;
  views.list.push({
    name: (typeof name === 'string' ? name : partyName(name)) + (suffix ?? ''),
    value: input.value,
    provenance: input.provenance,
    observedAt: input.observedAt ?? null,
    unknown,
    label: unknown ? 'ukendt' : labelOf(input.value, labels),
  });
}

/** The value of an input, or for an unknown input its worst or best value. */
function pick<T>(input: Input<T>, mode: Mode, worst: T, best: T): T {
  if (input.provenance === 'unknown') return mode === 'worst' ? worst : best;
  return input.value as T;
}

/** Like `pick`, for inputs where a known null means "none/never". */
function pickNoneable<T>(input: Input<T>, mode: Mode, worst: T | null, best: T | null): T | null {
  if (input.provenance === 'unknown') return mode === 'worst' ? worst : best;
  return input.value;
}

const plain = (value: number, rule: RuleId, detail: Text | null = null): Eval => ({ value, rule, detail, modifiers: [] });
const modifier = (id: RuleId, points: number): AppliedModifier => ({ id, points, text: rules[id] });
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function finish(factor: FactorId, worst: Eval, best: Eval, views: Consulted): FactorResult {
  const inputs = views.list ?? [];
  const unknownInputs: string[] = [];
  for (const v of inputs) if (v.unknown) unknownInputs.push(v.name);
  return {
    factor,
    value: worst.value,
    optimistic: best.value,
    rule: worst.rule,
    ruleText: rules[worst.rule],
    detail: views.list ? worst.detail : null,
    modifiers: worst.modifiers,
    optimisticRule: best.rule,
    inputs,
    unknownInputs,
    confidence: views.count === 0 ? 0 : views.sum / views.count,
    missingInputs: orderedKinds(views.missing),
  };
}

function run(
  factor: FactorId,
  evaluate: (mode: Mode, views: Views) => Eval,
  asOf: string,
  model: Model,
  explain: boolean,
): FactorResult {
  const views = new Consulted(explain, asOf, model);
  const worst = evaluate('worst', views);
  const best = evaluate('best', null);
  return finish(factor, worst, best, views);
}

// ---------------------------------------------------------------------------------------------
// F1 Data portability

function evalF1(u: ScoringUsage, asOf: string, m: Model, mode: Mode, views: Views): Eval {
  const s = m.scales.F1;
  see(views, 'dataExport', u.dataExport, labels.dataExport);
  if (u.dataExport.provenance === 'unknown' && mode === 'worst') return plain(s.unknown, 'F1.unknown');
  const exp = pick(u.dataExport, mode, 'none', 'full');
  if (exp === 'none') return plain(s.none, 'F1.none');
  if (exp === 'paid_service') return plain(s.paidService, 'F1.paid-service');
  see(views, 'exportFormatKind', u.exportFormatKind, labels.exportFormatKind);
  const fmt = pick(u.exportFormatKind, mode, 'undocumented', 'open_standard');
  let base: Eval;
  if (exp === 'partial') {
    base = fmt === 'open_standard' ? plain(s.partialOpen, 'F1.partial-open') : plain(s.partialClosed, 'F1.partial-closed');
  } else if (fmt === 'open_standard') {
    see(views, 'exportTestedAt', u.exportTestedAt, labels.date);
    const tested = pickNoneable(u.exportTestedAt, mode, null, asOf);
    base =
      tested !== null && withinMonthsBefore(tested, asOf, s.testedWithinMonths)
        ? plain(s.fullOpenTested, 'F1.full-open-tested')
        : plain(s.fullOpenUntested, 'F1.full-open-untested');
  } else if (fmt === 'documented_vendor') {
    base = plain(s.fullVendorFormat, 'F1.full-vendor-format');
  } else {
    base = plain(s.fullUndocumented, 'F1.full-undocumented');
  }
  see(views, 'exportCharges', u.exportCharges);
  if (pick(u.exportCharges, mode, true, false) && base.value < s.chargedFloor) {
    base.modifiers.push(modifier('F1.export-charged', s.chargedFloor - base.value));
    base.value = s.chargedFloor;
  }
  return base;
}

/** F1 Data portability (*dataportabilitet*). */
export function f1DataPortability(u: ScoringUsage, asOf: string, model: Model = defaultModel, explain = true): FactorResult {
  return run('F1', (mode, views) => evalF1(u, asOf, model, mode, views), asOf, model, explain);
}

// ---------------------------------------------------------------------------------------------
// F2 Open interfaces & standards

const f2Rules = {
  public_open_standard: 'F2.public-open-standard',
  public_vendor_schema: 'F2.public-vendor-schema',
  nda_or_fee: 'F2.nda-or-fee',
  limited: 'F2.limited',
  none: 'F2.none',
} as const satisfies Record<string, RuleId>;

function evalF2(u: ScoringUsage, m: Model, mode: Mode, views: Views): Eval {
  see(views, 'apiAvailability', u.apiAvailability, labels.apiAvailability);
  if (u.apiAvailability.provenance === 'unknown' && mode === 'worst') return plain(m.scales.F2.unknown, 'F2.unknown');
  const api = pick(u.apiAvailability, mode, 'none', 'public_open_standard');
  return plain(m.scales.F2[api], f2Rules[api]);
}

/** F2 Open interfaces and standards (*åbne snitflader*). */
export function f2OpenInterfaces(u: ScoringUsage, asOf: string, model: Model = defaultModel, explain = true): FactorResult {
  return run('F2', (mode, views) => evalF2(u, model, mode, views), asOf, model, explain);
}

// ---------------------------------------------------------------------------------------------
// F3 Integration entanglement

function evalF3(u: ScoringUsage, m: Model, mode: Mode, views: Views): Eval {
  const s = m.scales.F3;
  see(views, 'integrationCount', u.integrationCount);
  let base: Eval;
  if (u.integrationCount.provenance === 'unknown' && mode === 'worst') {
    base = plain(s.unknown, 'F3.unknown');
  } else {
    const n = pick(u.integrationCount, mode, Number.POSITIVE_INFINITY, 0);
    const band = s.bands.find((b) => n <= b.maxIntegrations);
    const value = band ? band.value : s.above;
    base = plain(value, 'F3.integration-count', { da: `${n} integrationer → ${value}`, en: `${n} integrations → ${value}` });
  }
  see(views, 'requiresSpecificPlatform', u.requiresSpecificPlatform);
  if (pick(u.requiresSpecificPlatform, mode, true, false)) base.modifiers.push(modifier('F3.specific-platform', s.specificPlatformAdd));
  base.value = Math.min(s.cap, base.value + sumPoints(base.modifiers));
  return base;
}

function sumPoints(mods: AppliedModifier[]): number {
  let t = 0;
  for (const x of mods) t += x.points;
  return t;
}

/** F3 Integration entanglement (*integrationsbinding*). */
export function f3IntegrationEntanglement(u: ScoringUsage, asOf: string, model: Model = defaultModel, explain = true): FactorResult {
  return run('F3', (mode, views) => evalF3(u, model, mode, views), asOf, model, explain);
}

// ---------------------------------------------------------------------------------------------
// F4 Contractual binding

function contractInput<T>(group: Input<unknown>, value: T | null, unknownWhenNull: boolean): Input<T> {
  if (value === null && unknownWhenNull) return { value: null, provenance: 'unknown', observedAt: null };
  return { value, provenance: group.provenance, observedAt: group.observedAt ?? null };
}

/** The F4 modifiers on contract booleans: field, its unfavourable value, rule, points key. */
const contractFlags: ReadonlyArray<
  readonly ['exitClause' | 'switchingCharges' | 'licencesPortable' | 'bundledScope', boolean, RuleId, 'noExitClauseAdd' | 'switchingChargesAdd' | 'notPortableAdd' | 'bundledScopeAdd']
> = [
  ['exitClause', false, 'F4.no-exit-clause', 'noExitClauseAdd'],
  ['switchingCharges', true, 'F4.switching-charges', 'switchingChargesAdd'],
  ['licencesPortable', false, 'F4.licences-not-portable', 'notPortableAdd'],
  ['bundledScope', true, 'F4.bundled-scope', 'bundledScopeAdd'],
];

function evalContract(
  terms: ContractTerms,
  prefix: string,
  group: Input<unknown>,
  asOf: string,
  m: Model,
  mode: Mode,
  views: Views,
): Eval {
  const s = m.scales.F4;
  const noticeIn = contractInput(group, terms.noticeMonths, true);
  if (views !== null) {
    see(views, prefix, contractInput(group, terms.endDate, true), undefined, '.endDate');
    see(views, prefix, noticeIn, undefined, '.noticeMonths');
    see(views, prefix, contractInput(group, terms.irrevocableUntil, false), undefined, '.irrevocableUntil');
    see(views, prefix, contractInput(group, terms.terminatedAt, false), undefined, '.terminatedAt');
  }
  const exit = contractExit(terms, asOf, mode);
  let base: Eval;
  if (exit.monthsToExit === null) {
    base = plain(s.unknownEnd, 'F4.unknown-end-date');
  } else {
    const band = s.bands.find((b) => (exit.monthsToExit as number) <= b.maxMonths);
    const value = band ? band.value : s.above;
    const months = exit.monthsToExit;
    base = plain(
      value,
      exit.rule === 'EW.terminated' ? 'F4.terminated' : 'F4.months-to-exit',
      explaining(views)
        ? {
            da: `${formatCount(months, 'da')} måneder til exit (${exit.nextExit ? formatDate(exit.nextExit, 'da') : 'ukendt'}) → ${value}`,
            en: `${formatCount(months, 'en')} months to exit (${exit.nextExit ? formatDate(exit.nextExit, 'en') : 'unknown'}) → ${value}`,
          }
        : null,
    );
  }
  const notice = pickNoneable(noticeIn, mode, null, 0);
  if (notice === null || notice > s.noticeThresholdMonths) base.modifiers.push(modifier('F4.notice-over-2-months', s.noticeAdd));
  for (const [key, unfavourable, rule, points] of contractFlags) {
    const value = terms[key];
    if (views !== null) see(views, prefix, contractInput(group, value, true), undefined, `.${key}`);
    // Unknown (null) counts as unfavourable in the score and favourable in the bound.
    const v = value === null ? (mode === 'worst' ? unfavourable : !unfavourable) : value;
    if (v === unfavourable) base.modifiers.push(modifier(rule, s[points]));
  }
  base.value = Math.min(s.cap, base.value + sumPoints(base.modifiers));
  return base;
}

function evalF4(u: ScoringUsage, asOf: string, m: Model, mode: Mode, views: Views): Eval {
  const s = m.scales.F4;
  const group = u.contracts;
  if (group.provenance === 'unknown' || group.value === null) {
    see(views, 'contracts', group);
    return plain(mode === 'worst' ? s.unknownContract : s.noContract, 'F4.unknown-contract');
  }
  if (group.value.length === 0) {
    see(views, 'contracts', group);
    return plain(s.noContract, 'F4.no-contract');
  }
  // The usage is bound until every contract covering it can be left: the most binding counts.
  let worst: Eval | null = null;
  for (let i = 0; i < group.value.length; i++) {
    const terms = group.value[i]!;
    const prefix = views?.list ? `contracts[${terms.id ?? i + 1}]` : '';
    const e = evalContract(terms, prefix, group, asOf, m, mode, views);
    if (worst === null || e.value > worst.value) worst = e;
  }
  return worst as Eval;
}

/** F4 Contractual binding (*kontraktbinding*). */
export function f4ContractualBinding(u: ScoringUsage, asOf: string, model: Model = defaultModel, explain = true): FactorResult {
  return run('F4', (mode, views) => evalF4(u, asOf, model, mode, views), asOf, model, explain);
}

// ---------------------------------------------------------------------------------------------
// F5 Substitutability

function evalF5(u: ScoringUsage, m: Model, mode: Mode, views: Views): Eval {
  const s = m.scales.F5;
  const f = u.substitutability;
  see(views, 'viableAlternatives', f.viableAlternatives);
  let base: Eval;
  if (f.viableAlternatives.provenance === 'unknown' && mode === 'worst') {
    base = plain(s.unknown, 'F5.unknown');
  } else {
    const n = pick(f.viableAlternatives, mode, 0, 3);
    if (n >= 3) {
      see(views, 'openOrEuAlternative', f.openOrEuAlternative);
      base = pick(f.openOrEuAlternative, mode, false, true)
        ? plain(s.threePlusOpenOrEu, 'F5.three-plus-open-or-eu')
        : plain(s.threePlusOther, 'F5.three-plus-other');
    } else if (n === 2) base = plain(s.two, 'F5.two');
    else if (n === 1) base = plain(s.one, 'F5.one');
    else base = plain(s.zero, 'F5.zero');
  }
  see(views, 'nationalCategoryHhi', f.nationalCategoryHhi);
  if (pick(f.nationalCategoryHhi, mode, Number.POSITIVE_INFINITY, 0) > s.concentratedHhi) {
    base.modifiers.push(modifier('F5.concentrated-category', s.concentratedAdd));
  }
  base.value = Math.min(s.cap, base.value + sumPoints(base.modifiers));
  return base;
}

/** F5 Substitutability (*erstattelighed*). */
export function f5Substitutability(u: ScoringUsage, asOf: string, model: Model = defaultModel, explain = true): FactorResult {
  return run('F5', (mode, views) => evalF5(u, model, mode, views), asOf, model, explain);
}

// ---------------------------------------------------------------------------------------------
// F6 Technology openness

const f6Rules = {
  public_sector: 'F6.public-sector',
  multi_organisation: 'F6.multi-organisation',
  single_company: 'F6.single-company',
  source_available: 'F6.source-available',
  escrow: 'F6.escrow',
  documented_closed: 'F6.documented-closed',
  closed: 'F6.closed',
} as const satisfies Record<string, RuleId>;

function evalF6(u: ScoringUsage, m: Model, mode: Mode, views: Views): Eval {
  see(views, 'codeGovernance', u.codeGovernance, labels.codeGovernance);
  if (u.codeGovernance.provenance === 'unknown' && mode === 'worst') return plain(m.scales.F6.unknown, 'F6.unknown');
  const g = pick(u.codeGovernance, mode, 'closed', 'public_sector');
  return plain(m.scales.F6[g], f6Rules[g]);
}

/** F6 Technology openness (*teknologisk åbenhed*). */
export function f6TechnologyOpenness(u: ScoringUsage, asOf: string, model: Model = defaultModel, explain = true): FactorResult {
  return run('F6', (mode, views) => evalF6(u, model, mode, views), asOf, model, explain);
}

// ---------------------------------------------------------------------------------------------
// F7 Operational control

const partyName = (p: ScoringParty) => `parties[${p.name ?? p.vendorId}/${p.role}]`;

/** EU/EEA control of a party's ultimate parent; null when the country is unknown. */
export function euControlled(p: ScoringParty): boolean | null {
  return p.country.provenance === 'unknown' || p.country.value === null ? null : EU_EEA_COUNTRIES.has(p.country.value);
}

/** Whether the infrastructure under the system is EU-controlled (every infrastructure party must be). */
function infrastructureEu(u: ScoringUsage, roles: ReadonlySet<string>, mode: Mode, views: Views): boolean {
  let infra = u.parties.filter((p) => roles.has(p.role));
  if (infra.length === 0) infra = u.parties.filter((p) => p.role === 'supplier');
  if (infra.length === 0) return mode === 'best';
  let eu = true;
  for (const p of infra) {
    see(views, p, p.country, undefined, '.country');
    const c = euControlled(p);
    if (!(c ?? mode === 'best')) eu = false;
  }
  return eu;
}

const vendorRoles = new Set(['host', 'operator', 'iaas_host']);
const iaasRoles = new Set(['iaas_host', 'host']);

function evalF7(u: ScoringUsage, asOf: string, m: Model, mode: Mode, views: Views): Eval {
  const s = m.scales.F7;
  see(views, 'hostingModel', u.hostingModel, labels.hostingModel);
  let base: Eval;
  if (u.hostingModel.provenance === 'unknown' && mode === 'worst') {
    base = plain(s.unknown, 'F7.unknown');
  } else {
    const h = pick(u.hostingModel, mode, 'vendor_hosted', 'on_premise');
    if (h === 'on_premise') base = plain(s.on_premise, 'F7.on-premise');
    else if (h === 'shared_public') base = plain(s.shared_public, 'F7.shared-public');
    else if (h === 'self_managed_cloud') {
      base = infrastructureEu(u, iaasRoles, mode, views)
        ? plain(s.selfManagedEuCloud, 'F7.self-managed-eu-cloud')
        : plain(s.selfManagedNonEuCloud, 'F7.self-managed-non-eu-cloud');
    } else {
      // vendor_hosted, and hybrid (the vendor-run part decides, as the less controlled one).
      const detail = h === 'hybrid' ? { da: 'Hybrid: den leverandørdrevne del tæller', en: 'Hybrid: the vendor-run part counts' } : null;
      base = infrastructureEu(u, vendorRoles, mode, views)
        ? plain(s.vendorEu, 'F7.vendor-eu', detail)
        : plain(s.vendorNonEu, 'F7.vendor-non-eu', detail);
    }
  }
  see(views, 'keyManagement', u.keyManagement, labels.keyManagement);
  if (pick(u.keyManagement, mode, 'provider', 'client_side') !== 'provider') base.modifiers.push(modifier('F7.customer-keys', s.customerKeysAdd));
  see(views, 'externalBackupTestedAt', u.externalBackupTestedAt, labels.date);
  const restore = pickNoneable(u.externalBackupTestedAt, mode, null, asOf);
  if (restore !== null && withinMonthsBefore(restore, asOf, s.backupTestedWithinMonths)) {
    base.modifiers.push(modifier('F7.external-backup', s.externalBackupAdd));
  }
  base.value = clamp(base.value + sumPoints(base.modifiers), s.floor, 100);
  return base;
}

/** F7 Operational control (*driftskontrol*). */
export function f7OperationalControl(u: ScoringUsage, asOf: string, model: Model = defaultModel, explain = true): FactorResult {
  return run('F7', (mode, views) => evalF7(u, asOf, model, mode, views), asOf, model, explain);
}

// ---------------------------------------------------------------------------------------------
// F8 Jurisdiction exposure

/** One party's level on the inverse-SEAL scale (§3.3 F8), with the rule that gave it. */
export function partyJurisdiction(p: ScoringParty, model: Model = defaultModel, mode: Mode = 'worst'): { value: number; rule: RuleId } {
  const e = evalParty(p, model, mode, null);
  return { value: e.value, rule: e.rule };
}

function evalParty(p: ScoringParty, model: Model, mode: Mode, views: Views): Eval {
  const s = model.scales.F8;
  see(views, p, p.country, undefined, '.country');
  const eu = euControlled(p);
  if (eu === null && mode === 'worst') return plain(s.unknownControl, 'F8.unknown-control');
  see(views, p, p.dataLocation, labels.dataLocation, '.dataLocation');
  const inEu = pick(p.dataLocation, mode, 'non_eu', 'dk') !== 'non_eu';
  if (!(eu ?? true)) return inEu ? plain(s.nonEuDataInEu, 'F8.non-eu-data-in-eu') : plain(s.nonEuDataOutside, 'F8.non-eu-data-outside');
  if (!inEu) return plain(s.euMaterial, 'F8.eu-material');
  see(views, p, p.nonEuSubProcessors, labels.nonEuSubProcessors, '.nonEuSubProcessors');
  const sub = pick(p.nonEuSubProcessors, mode, 'material', 'none');
  if (sub === 'none') return plain(s.euClean, 'F8.eu-clean');
  return sub === 'non_material' ? plain(s.euNonMaterial, 'F8.eu-non-material') : plain(s.euMaterial, 'F8.eu-material');
}

const noParties: Input<never> = { value: null, provenance: 'unknown', observedAt: null };

function evalF8(u: ScoringUsage, m: Model, mode: Mode, views: Views): Eval {
  if (u.parties.length === 0) {
    see(views, 'parties', noParties);
    return mode === 'worst' ? plain(m.scales.F8.noParties, 'F8.no-parties') : plain(m.scales.F8.euClean, 'F8.eu-clean');
  }
  // Jurisdiction follows control: the worst party in the chain counts (max, not mean).
  let worst: Eval | null = null;
  let worstParty: ScoringParty | null = null;
  for (const p of u.parties) {
    const e = evalParty(p, m, mode, views);
    if (worst === null || e.value > worst.value) {
      worst = e;
      worstParty = p;
    }
  }
  const w = worst as Eval;
  const p = worstParty as ScoringParty;
  if (explaining(views)) {
    const who = `${p.name ?? p.vendorId} (${p.role})`;
    w.detail = { da: `Værste part: ${who} → ${w.value}`, en: `Worst party: ${who} → ${w.value}` };
  }
  return w;
}

/** F8 Jurisdiction exposure (*jurisdiktion*): the maximum over every controlling party. */
export function f8Jurisdiction(u: ScoringUsage, asOf: string, model: Model = defaultModel, explain = true): FactorResult {
  return run('F8', (mode, views) => evalF8(u, model, mode, views), asOf, model, explain);
}

// ---------------------------------------------------------------------------------------------
// F9 Exit readiness

function evalF9(u: ScoringUsage, asOf: string, m: Model, mode: Mode, views: Views): Eval {
  const s = m.scales.F9;
  see(views, 'exitPlan', u.exitPlan, labels.exitPlan);
  if (u.exitPlan.provenance === 'unknown' && mode === 'worst') return plain(s.unknown, 'F9.unknown');
  const plan = pick(u.exitPlan, mode, 'none', 'both_scenarios');
  if (plan === 'none') return plain(s.none, 'F9.none');
  if (plan === 'high_level') return plain(s.highLevel, 'F9.high-level');
  if (plan === 'one_scenario') return plain(s.oneScenario, 'F9.one-scenario');
  see(views, 'exitPlanTestedAt', u.exitPlanTestedAt, labels.date);
  see(views, 'exitPlanOwner', u.exitPlanOwner);
  const tested = pickNoneable(u.exitPlanTestedAt, mode, null, asOf);
  const owner = pickNoneable(u.exitPlanOwner, mode, null, 'ejer');
  return tested !== null && owner !== null && withinMonthsBefore(tested, asOf, s.testedWithinMonths)
    ? plain(s.bothTested, 'F9.both-tested')
    : plain(s.bothUntested, 'F9.both-untested');
}

/** F9 Exit readiness (*exitparathed*). */
export function f9ExitReadiness(u: ScoringUsage, asOf: string, model: Model = defaultModel, explain = true): FactorResult {
  return run('F9', (mode, views) => evalF9(u, asOf, model, mode, views), asOf, model, explain);
}

/**
 * All nine factors in order F1…F9. With `explain` false the input lists are left empty (the
 * values, rules and confidence are the same): for aggregation runs that store no explanation.
 */
export function allFactors(u: ScoringUsage, asOf: string, model: Model = defaultModel, explain = true): FactorResult[] {
  return [
    f1DataPortability(u, asOf, model, explain),
    f2OpenInterfaces(u, asOf, model, explain),
    f3IntegrationEntanglement(u, asOf, model, explain),
    f4ContractualBinding(u, asOf, model, explain),
    f5Substitutability(u, asOf, model, explain),
    f6TechnologyOpenness(u, asOf, model, explain),
    f7OperationalControl(u, asOf, model, explain),
    f8Jurisdiction(u, asOf, model, explain),
    f9ExitReadiness(u, asOf, model, explain),
  ];
}
