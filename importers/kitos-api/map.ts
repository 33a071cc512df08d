// KITOS API v2 entities → the inventory records the KITOS file profiles produce for the same facts
// (profiles/kitos-systems.ts, kitos-contracts.ts), as an ImportStream, so a sync goes through the
// import service exactly as a file does. Every enum and rendered value goes through the file
// path's own parser and vocabulary table (values.ts, profiles/fields.ts), whose keys include the
// API's enum names: one mapping table, not two. Pure: no IO.
import { type ContractRecord, type IntegrationRecord, type KleRef, type PartyRef, type UsageRecord, usageKey } from '../../server/src/domain/inventory.ts';
import type { ImportFinish, ImportMeta, ImportRow, ImportStream } from '../index.ts';
import type { Meter } from '../limits.ts';
import { raiseToHigh } from '../mapper.ts';
import { msg } from '../messages.ts';
import { badKleNumber } from '../profiles/kle.ts';
import { blankContract, blankUsage, parseHosting, parseLifecycle, Party } from '../profiles/fields.ts';
import type { ColumnMapping } from '../profiles/index.ts';
import type { ImportIssue, IssueCode, LocalizedText, Severity } from '../types.ts';
import {
  licenseOfModels,
  parseCriticality,
  parseCvr,
  parseDate,
  parseNoticeMonths,
  parseSensitivity,
  parseUserBand,
  parseYesNo,
  partyWithCvr,
  stripStatusSuffix,
} from '../values.ts';
import type { KitosRaw } from './raw.ts';
import {
  contractSchema,
  deletedSchema,
  dprSchema,
  type EntityKind,
  KINDS,
  type KitosContract,
  type KitosKle,
  type KitosSystem,
  type KitosUsage,
  kleSchema,
  kleWrapperSchema,
  parseEntity,
  systemSchema,
  UNDECIDED,
  unitSchema,
  usageSchema,
} from './schemas.ts';

export interface KitosApiOptions {
  /** The municipality the sync is for, by name or code; a usage of another organisation (by name) is an error. */
  municipality?: string;
  /** What the import report and history call the source (default `KITOS API v2`). */
  sourceName?: string;
  /** Counts the mapping's work (tests bound it by the input's size; see limits.ts). */
  meter?: Meter;
}

/**
 * Which API field feeds which record field: the import report's column mapping for a sync, and
 * the data dictionary's KITOS API column. `source` is the JSON path (`system.` = the usage's
 * catalogue system, `contract.` = an IT contract, `mainContract.` = the usage's main contract).
 */
export const KITOS_API_FIELDS: readonly { source: string; target: string }[] = [
  { source: 'systemContext.name', target: 'system_name' },
  { source: 'systemContext.uuid', target: 'kitos_uuid' },
  { source: 'system.rightsHolder{name,cvr}', target: 'rights_holder' },
  { source: 'mainContract.supplier.organization{name,cvr}', target: 'supplier' },
  { source: 'general.localSystemId', target: 'local_id' },
  { source: 'general.localCallName', target: 'local_name' },
  { source: 'general.systemVersion', target: 'version' },
  { source: 'general.notes', target: 'notes' },
  { source: 'general.validity.lifeCycleStatus', target: 'lifecycle' },
  { source: 'general.validity.validFrom', target: 'in_use_from' },
  { source: 'general.validity.validTo', target: 'in_use_to' },
  { source: 'general.hostedAt ?? gdpr.hostedAt', target: 'hosting_model' },
  { source: 'general.isBusinessCritical ?? gdpr.businessCritical', target: 'business_critical' },
  { source: 'general.systemUsageCriticalityLevel.name ?? gdpr.gdprCriticality', target: 'criticality' },
  { source: 'general.numberOfExpectedUsers.lowerBound', target: 'user_count_band' },
  { source: 'gdpr.dataSensitivityLevels[]', target: 'data_sensitivity' },
  { source: 'general.licensingAndCodeModels[] ?? system.licensingAndCodeModels[]', target: 'license_model' },
  { source: 'organizationUsage.responsibleOrganizationUnit.name', target: 'responsible_unit' },
  { source: 'system.businessType.name', target: 'business_type' },
  { source: 'system.kle[] − localKLEDeviations.removedKLE[]', target: 'kle' },
  { source: 'localKLEDeviations.addedKLE[]', target: 'local_kle' },
  { source: 'roles[].role.name', target: 'roles_filled' },
  { source: 'outgoingSystemRelations[].toSystemUsage.uuid', target: 'depends_on' },
  { source: 'contract.name', target: 'contract_name' },
  { source: 'contract.general.contractId', target: 'contract_id' },
  { source: 'contract.supplier.organization{name,cvr}', target: 'supplier' },
  { source: 'contract.general.validity.validFrom', target: 'valid_from' },
  { source: 'contract.general.validity.validTo', target: 'valid_to' },
  { source: 'contract.agreementPeriod.irrevocableUntil', target: 'irrevocable_until' },
  { source: 'contract.termination.terms.noticePeriodMonths.name', target: 'notice_months' },
  { source: 'contract.termination.terminatedAt', target: 'terminated_at' },
  { source: 'contract.payments.external[].acquisition (sum)', target: 'acquisition_cost_dkk' },
  { source: 'contract.payments.external[].operation (sum)', target: 'yearly_operation_cost_dkk' },
  { source: 'contract.payments.external[].other (sum)', target: 'other_cost_dkk' },
  { source: 'contract.procurement.procurementStrategy.name', target: 'procurement_strategy' },
  { source: 'contract.procurement.purchaseType.name', target: 'purchase_form' },
  { source: 'contract.general.contractType.name', target: 'contract_type' },
  { source: 'contract.agreementPeriod.isContinuous', target: 'auto_renewal' },
  { source: 'contract.systemUsages[].uuid → systemContext.uuid', target: 'system_uuids' },
  { source: 'contract.roles[].role.name', target: 'roles_filled' },
];

/**
 * Facts without a record field, kept in `extra` under the export's own column title and in the
 * export's rendering (names ", "-joined), so a sync and a file import of the same data agree.
 */
const EXTRA = {
  description: 'IT-System (Beskrivelse)',
  parent: 'Overordnet IT System',
  formerName: 'Tidligere systemnavn',
  units: 'Relevante organisationsenheder',
  purpose: 'Systemets overordnede formål',
  processingPurpose: 'Behandlingsformål',
  classification: 'Klassifikation af data i systemet',
  technicalTypes: 'Teknisk systemtyper',
  relations: 'Anvendte systemer',
  contracts: 'IT Kontrakter',
  dprs: 'Databehandling',
  criticality: 'Kritikalitet',
  contractCriticality: 'Kritikalitet',
  responsibleUnit: 'Ansvarlig org. enhed',
  parentContract: 'Overordnet kontrakt',
  template: 'Kontraktskabelon',
  option: 'Option',
  paymentModel: 'Betalingsmodel',
  paymentFrequency: 'Betalingsfrekvens',
} as const;

const BATCH = 256;
const lower = (s: string) => s.trim().toLowerCase();
const textOf = (s: string | null | undefined): string | null => {
  const t = s?.trim();
  return t ? t : null;
};
const joined = (names: readonly string[]) => {
  const out: string[] = [];
  for (const n of names) {
    const t = n.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out.join(', ');
};

/** Issues of one entity, and whether one of them is an error. */
class Issues {
  list: ImportIssue[] | null = null;
  errors = 0;
  constructor(
    readonly kind: EntityKind,
    readonly uuid: string,
  ) {}
  add(code: IssueCode, column: string, message: LocalizedText, severity: Severity = 'error', field?: string): void {
    const i: ImportIssue = { severity, code, file: this.kind.file, column, value: this.uuid, message };
    if (field) i.field = field;
    (this.list ??= []).push(i);
    if (severity === 'error') this.errors++;
  }
  addAll(issues: readonly ImportIssue[]): void {
    for (const i of issues) {
      (this.list ??= []).push(i);
      if (i.severity === 'error') this.errors++;
    }
  }
}

const municipalityFold = (s: string) =>
  lower(s)
    .replace(/\s+(kommune|municipality)$/, '')
    .replace(/^(kommune|municipality)\s+/, '');

/** A KITOS organisation `{name, cvr}` as a party; its CVR is judged as the file's `Navn (CVR)` is. */
function party(o: { name: string; cvr?: string | null | undefined } | null | undefined, path: string, issues: Issues, field: string): PartyRef | null {
  const name = textOf(o?.name);
  if (!o || !name) return null;
  let cvr: string | null = null;
  if (o.cvr?.trim()) {
    const c = parseCvr(o.cvr);
    if (c.ok) cvr = c.value;
    else issues.add('invalid-cvr', `${path}.cvr`, msg.invalidCvr(o.cvr), 'warning', field);
  }
  const r = partyWithCvr(name, cvr);
  if (!r.ok) return null; // partyWithCvr always answers; kept for the type
  if (r.warning) issues.add(r.warning.code, `${path}.cvr`, r.warning.message, 'warning', field);
  const p = r.value!;
  return new Party(p.name, p.cvr, p.cvr_as_written, p.hint) as PartyRef;
}

/** A date-time field as a calendar date, judged by the file path's date parser (years before 1900 are no date). */
function date(value: string | null | undefined, path: string, issues: Issues, field: string): string | null {
  if (!value) return null;
  const r = parseDate(value);
  if (r.ok) return r.value;
  issues.add(r.code, path, r.message, r.severity ?? 'error', field);
  return null;
}

/** An enum value through the file path's table; KITOS's `Undecided` is no value, as the export's empty cell. */
function viaTable<T>(value: string | null | undefined, parse: (v: string) => import('../values.ts').Parsed<T>, path: string, issues: Issues, field: string): { value: T; inferred: boolean } | null {
  if (value == null || value === UNDECIDED) return null;
  const r = parse(value);
  if (r.ok) return { value: r.value, inferred: r.inferred === true };
  issues.add(r.code, path, r.message, r.severity ?? 'error', field);
  return null;
}

interface Context {
  systems: Map<string, KitosSystem>;
  contracts: Map<string, KitosContract>;
  kleTitles: Map<string, string>;
  /** Usage UUID → the usage's key and system name. */
  usages: Map<string, { key: string; name: string; systemUuid: string }>;
  contractNames: Map<string, string[]>;
  dprNames: Map<string, string[]>;
  meter: Meter | undefined;
}

function kleRefs(u: KitosUsage, sys: KitosSystem, cx: Context, issues: Issues): KleRef[] {
  const out: KleRef[] = [];
  const removed = new Set((u.localKLEDeviations?.removedKLE ?? []).map((k) => k.name.trim()));
  const add = (items: readonly { name: string }[], source: KleRef['source'], path: string) => {
    for (const [i, k] of items.entries()) {
      cx.meter?.add(1);
      const number = k.name.trim();
      if (badKleNumber([number]) !== undefined) {
        issues.add('invalid-kle', `${path}[${i}].name`, msg.kitosInvalidKle(issues.uuid, `${path}[${i}].name`, number), 'warning', 'kle');
        continue;
      }
      // Effective KLE = (catalogue − local opt-outs) ∪ local additions (kitos-api-v2.md §9).
      if (source === 'catalogue' && removed.has(number)) continue;
      if (!out.some((r) => r.number === number && r.source === source)) out.push({ number, source, title: cx.kleTitles.get(number) ?? null });
    }
  };
  add(sys.kle, 'catalogue', 'system.kle');
  add(u.localKLEDeviations?.addedKLE ?? [], 'local', 'localKLEDeviations.addedKLE');
  return out;
}

function mapUsage(u: KitosUsage, sys: KitosSystem, cx: Context, issues: Issues): UsageRecord {
  const rec = blankUsage(1);
  rec.source_line = null;
  const g = u.general;
  const gdpr = u.gdpr ?? null;
  rec.product_name = stripStatusSuffix(u.systemContext.name);
  if (!rec.product_name) issues.add('missing-value', 'systemContext.name', msg.missingValue('system_name'), 'error', 'system_name');
  rec.kitos_uuid = lower(u.systemContext.uuid) as never;
  rec.rights_holder = party(sys.rightsHolder, 'system.rightsHolder', issues, 'rights_holder') as never;
  rec.local_id = textOf(g.localSystemId) as never;
  rec.local_name = textOf(g.localCallName) as never;
  rec.version = textOf(g.systemVersion) as never;
  rec.notes = textOf(g.notes) as never;
  rec.responsible_unit = textOf(u.organizationUsage?.responsibleOrganizationUnit?.name) as never;
  rec.business_type = textOf(sys.businessType?.name) as never;

  const lifecycle = viaTable(g.validity.lifeCycleStatus, parseLifecycle, 'general.validity.lifeCycleStatus', issues, 'lifecycle');
  if (lifecycle) rec.lifecycle = lifecycle.value as never;
  rec.in_use_from = date(g.validity.validFrom, 'general.validity.validFrom', issues, 'in_use_from') as never;
  rec.in_use_to = date(g.validity.validTo, 'general.validity.validTo', issues, 'in_use_to') as never;

  // The main contract's supplier is the usage's (the export's `Leverandør` is MainContractSupplierName).
  if (g.mainContract) {
    const main = cx.contracts.get(lower(g.mainContract.uuid));
    if (main) rec.supplier = party(main.supplier?.organization, 'mainContract.supplier.organization', issues, 'supplier') as never;
    else issues.add('unresolved-dependency', 'general.mainContract.uuid', msg.kitosUnresolved(KINDS.usage.name, issues.uuid, 'general.mainContract', KINDS.contract.name, g.mainContract.uuid), 'warning', 'supplier');
  }

  const hostedAt = g.hostedAt !== undefined && g.hostedAt !== null ? { v: g.hostedAt, p: 'general.hostedAt' } : { v: gdpr?.hostedAt, p: 'gdpr.hostedAt' };
  const hosting = viaTable(hostedAt.v, parseHosting, hostedAt.p, issues, 'hosting_model');
  if (hosting) {
    rec.hosting_model = hosting.value as never;
    rec.provenance.hosting_model = hosting.inferred ? 'inferred' : 'declared';
  }

  const levelName = textOf(g.systemUsageCriticalityLevel?.name);
  const level = levelName ?? (gdpr?.gdprCriticality ? gdpr.gdprCriticality : null);
  if (level) {
    const path = levelName ? 'general.systemUsageCriticalityLevel.name' : 'gdpr.gdprCriticality';
    const r = parseCriticality(level, true);
    if (r.ok) {
      if (r.value !== null) {
        rec.criticality = r.value as never;
        rec.provenance.criticality = r.inferred ? 'inferred' : 'declared';
      }
    } else {
      // An organisation's own scale word: unknown, but never dropped (as the file keeps the cell).
      issues.add(r.code, path, r.message, r.severity ?? 'error', 'criticality');
      rec.extra[EXTRA.criticality] = level;
    }
  }
  const critical = g.isBusinessCritical !== undefined && g.isBusinessCritical !== null ? { v: g.isBusinessCritical, p: 'general.isBusinessCritical' } : { v: gdpr?.businessCritical, p: 'gdpr.businessCritical' };
  const bc = viaTable(critical.v, parseYesNo, critical.p, issues, 'business_critical');
  if (bc && bc.value !== null) rec.business_critical = bc.value as never;

  if (g.numberOfExpectedUsers) {
    const band = viaTable(String(g.numberOfExpectedUsers.lowerBound), parseUserBand, 'general.numberOfExpectedUsers.lowerBound', issues, 'user_count_band');
    if (band) rec.user_count_band = band.value as never;
  }
  const sensitivity: UsageRecord['data_sensitivity'] = [];
  for (const [i, level] of (gdpr?.dataSensitivityLevels ?? []).entries()) {
    const s = viaTable(level, parseSensitivity, `gdpr.dataSensitivityLevels[${i}]`, issues, 'data_sensitivity');
    if (s && !sensitivity.includes(s.value)) sensitivity.push(s.value);
  }
  rec.data_sensitivity = sensitivity as never;

  const models = g.licensingAndCodeModels ?? sys.licensingAndCodeModels ?? [];
  const distinct = [...new Set(models)];
  if (distinct.length) {
    const path = g.licensingAndCodeModels ? 'general.licensingAndCodeModels' : 'system.licensingAndCodeModels';
    const l = licenseOfModels(distinct);
    if (l?.ok) {
      rec.license_model = l.value.model as never;
      rec.provenance.license_model = l.inferred || l.value.several ? 'inferred' : 'declared';
      if (l.value.several) issues.add('multiple-values', path, msg.multipleLicenseModels(distinct.join(', '), l.value.model), 'warning', 'license_model');
    }
  }

  rec.kle = kleRefs(u, sys, cx, issues) as never;
  const roles: string[] = [];
  for (const r of u.roles) {
    const name = r.role.name.trim();
    if (name && !roles.includes(name)) roles.push(name);
  }
  rec.roles_filled = roles as never;
  if (rec.business_critical === true) raiseToHigh(rec);

  const extra = rec.extra;
  const put = (key: string, value: string | null | undefined) => {
    const t = value?.trim();
    if (t) extra[key] = t;
  };
  put(EXTRA.description, sys.description);
  put(EXTRA.parent, sys.parentSystem?.name);
  put(EXTRA.formerName, sys.formerName);
  put(EXTRA.units, joined((u.organizationUsage?.usingOrganizationUnits ?? []).map((x) => x.name)));
  put(EXTRA.purpose, g.purpose ?? gdpr?.purpose);
  put(EXTRA.processingPurpose, gdpr?.processingPurpose);
  put(EXTRA.classification, g.dataClassification?.name);
  put(EXTRA.technicalTypes, joined(g.technicalSystemTypes.map((x) => x.name)));
  put(EXTRA.relations, joined(u.outgoingSystemRelations.map((r) => stripStatusSuffix(r.toSystemUsage.name))));
  put(EXTRA.contracts, joined(cx.contractNames.get(lower(u.uuid)) ?? []));
  put(EXTRA.dprs, joined(cx.dprNames.get(lower(u.uuid)) ?? []));
  return rec;
}

function sumOf(payments: readonly { acquisition?: number | null; operation?: number | null; other?: number | null }[], key: 'acquisition' | 'operation' | 'other'): number | null {
  let sum: number | null = null;
  for (const p of payments) {
    const v = p[key];
    if (typeof v === 'number') sum = (sum ?? 0) + v;
  }
  return sum;
}

function mapContract(c: KitosContract, cx: Context, issues: Issues): ContractRecord {
  const rec = blankContract(1);
  rec.source_line = null;
  rec.name = c.name.trim();
  if (!rec.name) issues.add('missing-value', 'name', msg.missingValue('contract_name'), 'error', 'contract_name');
  rec.external_id = textOf(c.general?.contractId) as never;
  rec.supplier = party(c.supplier?.organization, 'supplier.organization', issues, 'supplier') as never;
  rec.valid_from = date(c.general?.validity?.validFrom, 'general.validity.validFrom', issues, 'valid_from') as never;
  rec.valid_to = date(c.general?.validity?.validTo, 'general.validity.validTo', issues, 'valid_to') as never;
  rec.irrevocable_until = date(c.agreementPeriod?.irrevocableUntil, 'agreementPeriod.irrevocableUntil', issues, 'irrevocable_until') as never;
  rec.terminated_at = date(c.termination?.terminatedAt, 'termination.terminatedAt', issues, 'terminated_at') as never;
  const notice = textOf(c.termination?.terms?.noticePeriodMonths?.name);
  if (notice) {
    const n = viaTable(notice, parseNoticeMonths, 'termination.terms.noticePeriodMonths.name', issues, 'notice_months');
    if (n) rec.notice_months = n.value as never;
  }
  // The export's `Anskaffelse`, `Drift/år` and `Andet` sum the external payments only (ItContractOverviewReadModel).
  const external = c.payments?.external ?? [];
  const costs = [
    ['acquisition', 'acquisition_cost_dkk'],
    ['operation', 'yearly_operation_cost_dkk'],
    ['other', 'other_cost_dkk'],
  ] as const;
  for (const [key, field] of costs) {
    const sum = sumOf(external, key);
    if (sum === null) continue;
    if (sum < 0) issues.add('negative-number', `payments.external[].${key}`, msg.negativeNumber(String(sum)), 'error', field);
    else rec[field] = sum as never;
  }
  rec.procurement_strategy = textOf(c.procurement?.procurementStrategy?.name) as never;
  rec.purchase_form = textOf(c.procurement?.purchaseType?.name) as never;
  rec.contract_type = textOf(c.general?.contractType?.name) as never;
  // An open-ended ("Løbende") contract runs on until someone gives notice (as the file's `Varighed`).
  if (c.agreementPeriod?.isContinuous === true) rec.auto_renewal = true as never;
  const keys: string[] = [];
  for (const [i, su] of c.systemUsages.entries()) {
    cx.meter?.add(1);
    const target = cx.usages.get(lower(su.uuid));
    if (!target) {
      issues.add('unresolved-dependency', `systemUsages[${i}].uuid`, msg.kitosUnresolved(KINDS.contract.name, issues.uuid, `systemUsages[${i}]`, KINDS.usage.name, su.uuid), 'warning', 'systems');
      continue;
    }
    // By catalogue UUID, as the export's `IT Systemer (UUID)` links them.
    const k = `uuid:${target.systemUuid}`;
    if (!keys.includes(k)) keys.push(k);
  }
  rec.usage_keys = keys as never;
  const roles: string[] = [];
  for (const r of c.roles) {
    const name = r.role.name.trim();
    if (name && !roles.includes(name)) roles.push(name);
  }
  rec.roles_filled = roles as never;
  const put = (key: string, value: string | null | undefined) => {
    const t = value?.trim();
    if (t) rec.extra[key] = t;
  };
  put(EXTRA.contractCriticality, c.general?.criticality?.name);
  put(EXTRA.responsibleUnit, c.responsible?.organizationUnit?.name);
  put(EXTRA.parentContract, c.parentContract?.name);
  put(EXTRA.template, c.general?.contractTemplate?.name);
  put(EXTRA.option, c.agreementPeriod?.extensionOptions?.name);
  put(EXTRA.paymentModel, c.paymentModel?.paymentModel?.name);
  put(EXTRA.paymentFrequency, c.paymentModel?.paymentFrequency?.name);
  return rec;
}

/** KLE items of a raw read: `{referenceVersion, payload[]}` wrappers or the items themselves. */
function kleItems(raw: readonly unknown[], issues: ImportIssue[]): KitosKle[] {
  const out: KitosKle[] = [];
  for (const entry of raw) {
    const isWrapper = entry !== null && typeof entry === 'object' && 'payload' in entry;
    const r = isWrapper ? parseEntity(kleWrapperSchema, entry, KINDS.kle, 'referenceVersion') : parseEntity(kleSchema, entry, KINDS.kle);
    if (r.issues) issues.push(...r.issues);
    else if (isWrapper) out.push(...(r.value as { payload: KitosKle[] }).payload);
    else out.push(r.value as KitosKle);
  }
  return out;
}

/** Parses a list of entities, reporting contract breaks and repeated UUIDs (paging that shifted). */
function parseAll<T extends { uuid: string }>(raw: readonly unknown[], schema: Parameters<typeof parseEntity<T>>[0], kind: EntityKind, issues: ImportIssue[], meter: Meter | undefined, broken?: Set<string>): Map<string, T> {
  const out = new Map<string, T>();
  for (const entity of raw) {
    meter?.add(1);
    const r = parseEntity(schema, entity, kind);
    if (r.issues) {
      issues.push(...r.issues);
      broken?.add(rawUuidOf(entity).toLowerCase());
      continue;
    }
    const id = lower(r.value.uuid);
    if (out.has(id)) {
      issues.push({ severity: 'error', code: 'duplicate-entity', file: kind.file, column: 'uuid', value: r.value.uuid, message: msg.kitosDuplicate(kind.name, r.value.uuid) });
      continue;
    }
    out.set(id, r.value);
  }
  return out;
}

/**
 * Opens a KITOS API v2 read as an import stream: one row per usage (in the order KITOS gave them),
 * then one per contract, and the dependency edges at `finish()`. Catalogue systems, data-processing
 * registrations, organisation units, KLE options and deletion events are checked at once; their
 * contract breaks are `headerIssues` (errors: the import writes nothing).
 */
export function openKitosApiInventory(raw: KitosRaw, opts: KitosApiOptions = {}): ImportStream {
  const meter = opts.meter;
  const headerIssues: ImportIssue[] = [];
  // A system that broke the contract has its own error; its usages are not told it is missing.
  const brokenSystems = new Set<string>();
  const systems = parseAll(raw.itSystems, systemSchema, KINDS.system, headerIssues, meter, brokenSystems);
  parseAll(raw.organizationUnits, unitSchema, KINDS.unit, headerIssues, meter);
  const dprs = parseAll(raw.dataProcessingRegistrations, dprSchema, KINDS.dpr, headerIssues, meter);
  for (const d of raw.deletedEntities) {
    const r = parseEntity(deletedSchema, d, KINDS.deleted, 'entityUuid');
    if (r.issues) headerIssues.push(...r.issues);
  }
  const kleTitles = new Map<string, string>();
  for (const k of kleItems(raw.kleOptions, headerIssues)) {
    meter?.add(1);
    const title = textOf(k.description);
    if (title && !kleTitles.has(k.kleNumber.trim())) kleTitles.set(k.kleNumber.trim(), title);
  }

  // Contracts first: usages take their supplier from their main contract and list their contracts.
  const contractIssues: Issues[] = [];
  const contracts = new Map<string, KitosContract>();
  for (const entity of raw.itContracts) {
    meter?.add(1);
    const issues = new Issues(KINDS.contract, rawUuidOf(entity));
    contractIssues.push(issues);
    const r = parseEntity(contractSchema, entity, KINDS.contract);
    if (r.issues) {
      issues.addAll(r.issues);
      continue;
    }
    const id = lower(r.value.uuid);
    if (contracts.has(id)) {
      issues.add('duplicate-entity', 'uuid', msg.kitosDuplicate(KINDS.contract.name, r.value.uuid));
      continue;
    }
    contracts.set(id, r.value);
  }
  const contractNames = new Map<string, string[]>();
  for (const c of contracts.values()) {
    for (const su of c.systemUsages) {
      meter?.add(1);
      const id = lower(su.uuid);
      const list = contractNames.get(id);
      if (list) list.push(c.name);
      else contractNames.set(id, [c.name]);
    }
  }
  const dprNames = new Map<string, string[]>();
  for (const d of dprs.values()) {
    for (const su of d.systemUsages) {
      meter?.add(1);
      const id = lower(su.uuid);
      const list = dprNames.get(id);
      if (list) list.push(d.name);
      else dprNames.set(id, [d.name]);
    }
  }

  // Usages: validated and keyed before any row goes out, so relations resolve in both directions.
  const usageIssues: Issues[] = [];
  const usages: (KitosUsage | null)[] = [];
  const cx: Context = { systems, contracts, kleTitles, usages: new Map(), contractNames, dprNames, meter };
  const bySystem = new Map<string, string>();
  let organisation: { uuid: string; name: string } | null = null;
  const expected = opts.municipality?.trim();
  for (const entity of raw.itSystemUsages) {
    meter?.add(1);
    const issues = new Issues(KINDS.usage, rawUuidOf(entity));
    usageIssues.push(issues);
    const r = parseEntity(usageSchema, entity, KINDS.usage);
    if (r.issues) {
      issues.addAll(r.issues);
      usages.push(null);
      continue;
    }
    const u = r.value;
    const id = lower(u.uuid);
    const systemUuid = lower(u.systemContext.uuid);
    if (cx.usages.has(id)) {
      issues.add('duplicate-entity', 'uuid', msg.kitosDuplicate(KINDS.usage.name, u.uuid));
      usages.push(null);
      continue;
    }
    const first = bySystem.get(systemUuid);
    if (first !== undefined) issues.add('duplicate-usage', 'systemContext.uuid', msg.kitosSystemTwice(u.systemContext.uuid, first, u.uuid), 'error', 'kitos_uuid');
    else bySystem.set(systemUuid, u.uuid);
    if (!systems.has(systemUuid) && !brokenSystems.has(systemUuid)) issues.add('missing-catalogue-system', 'systemContext.uuid', msg.kitosMissingSystem(u.uuid, u.systemContext.uuid), 'error', 'rights_holder');
    const o = (entity as { organizationContext?: { uuid?: unknown; name?: unknown } }).organizationContext;
    if (o && typeof o.uuid === 'string' && typeof o.name === 'string') {
      if (organisation === null) {
        organisation = { uuid: lower(o.uuid), name: o.name };
        if (expected && !/^\d{1,4}$/.test(expected) && municipalityFold(expected) !== municipalityFold(o.name))
          issues.add('municipality-mismatch', 'organizationContext.name', msg.municipalityMismatch(o.name, expected), 'error', 'municipality');
      } else if (organisation.uuid !== lower(o.uuid))
        issues.add('multiple-municipalities', 'organizationContext.uuid', msg.multipleMunicipalities(o.name, organisation.name), 'error', 'municipality');
    }
    cx.usages.set(id, { key: usageKey({ kitos_uuid: systemUuid, local_id: null, product_name: u.systemContext.name, local_name: null }), name: u.systemContext.name, systemUuid });
    usages.push(u);
  }

  const meta: ImportMeta = {
    fileName: opts.sourceName ?? 'KITOS API v2',
    format: 'kitos-api',
    encoding: null,
    delimiter: null,
    sheet: null,
    table: null,
    profile: 'kitos-api',
    profileScores: [],
    header: [],
    headerLine: 0,
    columns: KITOS_API_FIELDS.map((f): ColumnMapping => ({ source: f.source, target: f.target, how: 'exact' })),
  };

  const integrations: IntegrationRecord[] = [];
  const edgeSeen = new Set<string>();
  let rowsRead = 0;
  let rowsRejected = 0;
  let consumed = false;
  let done = false;

  function usageRow(i: number): ImportRow {
    const u = usages[i]!;
    const issues = usageIssues[i]!;
    rowsRead++;
    let record: UsageRecord | null = null;
    const row: ImportRow = { line: i + 1, issues: [] };
    if (u) {
      const sys = systems.get(lower(u.systemContext.uuid));
      if (sys) record = mapUsage(u, sys, cx, issues);
      const names = cx.contractNames.get(lower(u.uuid));
      if (names?.length) row.contract_names = [...new Set(names)];
      const source = cx.usages.get(lower(u.uuid))!.key;
      for (const [j, rel] of u.outgoingSystemRelations.entries()) {
        meter?.add(1);
        const target = cx.usages.get(lower(rel.toSystemUsage.uuid));
        const path = `outgoingSystemRelations[${j}].toSystemUsage`;
        if (!target) {
          issues.add('unresolved-dependency', `${path}.uuid`, msg.kitosUnresolved(KINDS.usage.name, u.uuid, path, KINDS.usage.name, rel.toSystemUsage.uuid), 'warning', 'depends_on');
          continue;
        }
        if (target.key === source) {
          issues.add('self-dependency', `${path}.uuid`, msg.kitosSelfRelation(u.uuid), 'warning', 'depends_on');
          continue;
        }
        const k = `${source}\n${target.key}`;
        if (edgeSeen.has(k)) continue;
        edgeSeen.add(k);
        integrations.push({ source_key: source, target_key: target.key, kind: 'data', direction: 'outgoing', platform_role: null });
      }
    }
    row.issues = issues.list ?? [];
    if (issues.errors || !record) rowsRejected++;
    else row.usage = record;
    return row;
  }

  function contractRow(i: number, c: KitosContract | undefined): ImportRow {
    const issues = contractIssues[i]!;
    rowsRead++;
    const record = c ? mapContract(c, cx, issues) : null;
    const row: ImportRow = { line: i + 1, issues: issues.list ?? [] };
    if (issues.errors || !record) rowsRejected++;
    else row.contract = record;
    return row;
  }

  async function* batches(): AsyncGenerator<ImportRow[]> {
    if (consumed) throw new Error('The rows of an import can be read once');
    consumed = true;
    let batch: ImportRow[] = [];
    for (let i = 0; i < usages.length; i++) {
      batch.push(usageRow(i));
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    // A contract whose entity broke the contract has no parsed value; the row still carries its issues.
    const parsed = new Map<number, KitosContract>();
    {
      let k = 0;
      for (const entity of raw.itContracts) {
        const id = rawUuidOf(entity);
        const c = contracts.get(lower(id));
        if (c && !contractIssues[k]!.errors) parsed.set(k, c);
        k++;
      }
    }
    for (let i = 0; i < contractIssues.length; i++) {
      batch.push(contractRow(i, parsed.get(i)));
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
    done = true;
  }

  let finished: ImportFinish | null = null;
  return {
    meta,
    headerIssues,
    batches,
    async *rows() {
      for await (const batch of batches()) yield* batch;
    },
    finish() {
      if (finished) return finished;
      // Before the rows were read (a refused import), nothing is final: answer without caching.
      const end: ImportFinish = { integrations, issues: [], municipality: organisation?.name ?? null, rowsRead, rowsRejected };
      if (done) finished = end;
      return end;
    },
  };
}

function rawUuidOf(entity: unknown): string {
  const v = entity !== null && typeof entity === 'object' ? (entity as Record<string, unknown>).uuid : undefined;
  return typeof v === 'string' && v ? v : '(uden uuid)';
}
