// The canonical fields a column can map to, each with the parser that turns one cell into part of
// a usage or contract record. Profiles only say which headers mean which field.
import type { ContractRecord, LockinInputKey, UsageRecord } from '../../server/src/domain/inventory.ts';
import {
  apiAvailability,
  dataExport,
  dataLocation,
  EU_EEA_COUNTRIES,
  exitPlan,
  exportFormatKind,
  hostingModel,
  keyManagement,
  lifecycle,
} from '../../server/src/domain/vocabulary.ts';
import { z } from 'zod';
import { msg } from '../messages.ts';
import { type ImportIssue, type IssueCode, type LocalizedText, type Severity, truncateValue } from '../types.ts';
import {
  enumParser,
  type Parsed,
  parseAmount,
  parseCriticality,
  parseCvr,
  parseDate,
  type LicenseValue,
  type PartyValue,
  parseDuration,
  parseLicense,
  parseNoticeMonths,
  parseParty,
  parseSensitivityList,
  parseUserBand,
  parseYesNo,
  splitKitosList,
  splitList,
  stripStatusSuffix,
} from '../values.ts';
import { badKleNumber, kleCells, splitKle } from './kle.ts';

/** Per-row scratch state: the records being built and the values only the row's end can settle. */
export interface RowState {
  line: number;
  usage: UsageRecord | null;
  contract: ContractRecord | null;
  dependsOn: readonly string[] | null;
  contractNames: readonly string[] | null;
  systems: readonly string[] | null;
  /** KITOS `IT Systemer (UUID)`: catalogue UUIDs, which link more surely than names. */
  systemUuids: readonly string[] | null;
  supplierCvr: string | null;
  rightsHolderCvr: string | null;
  municipality: string | null;
  /** Roles with someone assigned (role columns; never who). */
  roles: string[] | null;
  /** KITOS `KLE ID`, `KLE navn`, `Lokale KLE ID`, `Lokale KLE navn`, paired at the row's end. */
  kle: KleCells | null;
  issues: ImportIssue[] | null;
  errors: number;
}

export interface KleCells {
  catalogueIds: readonly string[] | null;
  catalogueTitles: readonly string[] | null;
  localIds: readonly string[] | null;
  localTitles: readonly string[] | null;
  /** Where each title list came from, to keep it verbatim if it cannot be paired with numbers. */
  titleColumns: Partial<Record<'catalogueTitles' | 'localTitles', { column: string; value: string }>> | null;
}

/** Per-column constants, built once from the header. */
export interface CellContext {
  file: string | undefined;
  column: string;
  field: string;
  /** KITOS semantics (", "-lists, organisation-defined criticality). */
  kitos: boolean;
  /** xlsx: a bare number in a date column is an Excel serial. */
  excelSerial: boolean;
}

export type Ok<T = unknown> = Parsed<T> & { ok: true };

/**
 * A canonical field. Most fields split into a pure `parse` of the cell, whose result the mapper
 * caches per column (inventory columns repeat a few values a million times), and a cheap `set`
 * that puts a result into the row. Fields whose work is trivial only have `apply`.
 */
export interface FieldDef {
  id: string;
  /** Which record the field fills: a contract field in a usage sheet makes a contract per row. */
  record: 'usage' | 'contract';
  /** Pure; the result is shared between rows, so `set` must copy objects it stores. */
  parse?(value: string, cx: CellContext): Parsed<unknown>;
  set?(row: RowState, r: Ok, cx: CellContext, value: string): void;
  /** Whether a failed parse also keeps the cell verbatim in `extra` (a value we must not lose). */
  keepOnFailure?: boolean;
  apply?(value: string, row: RowState, cx: CellContext): void;
}


/**
 * Records are class instances, not object literals: V8 decides per object literal whether to
 * allocate its objects straight in the old generation, and a consumer that holds a few thousand
 * records at a time (one database batch) would tip a literal into that mode for the whole run.
 * Instances are plain data all the same (own enumerable fields, JSON as usual).
 */
class Usage {
  product_name = '';
  kitos_uuid = null;
  rights_holder = null;
  category = null;
  local_name = null;
  local_id = null;
  version = null;
  lifecycle = null;
  supplier = null;
  hosting_model = null;
  hosted_by = null;
  operated_by = null;
  data_location = null;
  criticality = null;
  business_critical = null;
  user_count_band = null;
  data_sensitivity: never[] = [];
  in_use_from = null;
  in_use_to = null;
  responsible_unit = null;
  business_type = null;
  notes = null;
  data_export = null;
  export_formats: never[] = [];
  export_format_kind = null;
  export_tested_at = null;
  export_charges = null;
  api_availability = null;
  api_standards: never[] = [];
  license_model = null;
  key_management = null;
  external_backup_tested_at = null;
  exit_plan = null;
  exit_plan_tested_at = null;
  exit_plan_owner = null;
  sub_processors: never[] = [];
  kle: never[] = [];
  roles_filled: never[] = [];
  provenance: UsageRecord['provenance'] = {};
  extra: Record<string, string> = {};
  source_line = 0;
  constructor(line: number) {
    this.source_line = line;
  }
}

export function blankUsage(line: number): UsageRecord {
  return new Usage(line) as unknown as UsageRecord;
}

class Contract {
  name = '';
  external_id = null;
  supplier = null;
  valid_from = null;
  valid_to = null;
  irrevocable_until = null;
  notice_months = null;
  terminated_at = null;
  acquisition_cost_dkk = null;
  yearly_operation_cost_dkk = null;
  other_cost_dkk = null;
  procurement_strategy = null;
  purchase_form = null;
  contract_type = null;
  auto_renewal = null;
  exit_clause = null;
  switching_charges = null;
  licences_portable = null;
  bundled_scope = null;
  usage_keys: never[] = [];
  roles_filled: never[] = [];
  extra: Record<string, string> = {};
  source_line = 0;
  constructor(line: number) {
    this.source_line = line;
  }
}

export function blankContract(line: number): ContractRecord {
  return new Contract(line) as unknown as ContractRecord;
}

/** A party on a record (a class for the same reason as Usage). */
export class Party {
  constructor(
    public name: string,
    public cvr: string | null,
    /** Only when set (undefined is left out of the record): see PartyValue. */
    public cvr_as_written?: string,
    public hint?: string,
  ) {}
}

/** Adds a verbatim value to a record's `extra`. */
export function putExtra(rec: { extra: Record<string, string> }, key: string, value: string): void {
  rec.extra[key] = value;
}

function prov(u: UsageRecord, key: LockinInputKey, inferred: boolean | undefined): void {
  u.provenance[key] = inferred ? 'inferred' : 'declared';
}

export function report(row: RowState, cx: CellContext, code: IssueCode, message: LocalizedText, value: string, severity: Severity = 'error'): void {
  const issue: ImportIssue = { severity, code, line: row.line, column: cx.column, field: cx.field, value: truncateValue(value), message };
  if (cx.file !== undefined) issue.file = cx.file;
  (row.issues ??= []).push(issue);
  if (severity === 'error') row.errors++;
}

/** Reports a failed parse; a failed warning-level parse (a placeholder date) leaves the field empty. */
export function failed(row: RowState, cx: CellContext, r: Parsed<unknown> & { ok: false }, value: string): void {
  report(row, cx, r.code, r.message, value, r.severity ?? 'error');
}

/** Applies a field to one cell without a cache (tests, HTML, and the mapper's cache misses go the same way). */
export function applyField(f: FieldDef, value: string, row: RowState, cx: CellContext): void {
  if (f.apply) return f.apply(value, row, cx);
  const r = f.parse!(value, cx);
  if (r.ok) f.set!(row, r, cx, value);
  else {
    failed(row, cx, r, value);
    if (f.keepOnFailure) keep(row, f.record, cx, value);
  }
}

const usage = (row: RowState) => row.usage!;
const contract = (row: RowState) => (row.contract ??= blankContract(row.line));

/** Keeps a cell verbatim in the record's `extra` (used next to a mapping, never instead of one). */
function keep(row: RowState, record: 'usage' | 'contract', cx: CellContext, value: string): void {
  const r = record === 'usage' ? row.usage : contract(row);
  if (r) putExtra(r, cx.column, value);
}

/**
 * One setter per record property, each its own function: a shared `rec[key] = v` would see every
 * key at one store site and V8 would fall back to its slowest (megamorphic) property store.
 */
const USAGE_SET: Record<string, (u: UsageRecord, v: never) => void> = {
  category: (u, v) => { u.category = v; },
  local_name: (u, v) => { u.local_name = v; },
  local_id: (u, v) => { u.local_id = v; },
  version: (u, v) => { u.version = v; },
  lifecycle: (u, v) => { u.lifecycle = v; },
  supplier: (u, v) => { u.supplier = v; },
  rights_holder: (u, v) => { u.rights_holder = v; },
  hosting_model: (u, v) => { u.hosting_model = v; },
  hosted_by: (u, v) => { u.hosted_by = v; },
  operated_by: (u, v) => { u.operated_by = v; },
  data_location: (u, v) => { u.data_location = v; },
  business_critical: (u, v) => { u.business_critical = v; },
  user_count_band: (u, v) => { u.user_count_band = v; },
  data_sensitivity: (u, v) => { u.data_sensitivity = v; },
  in_use_from: (u, v) => { u.in_use_from = v; },
  in_use_to: (u, v) => { u.in_use_to = v; },
  responsible_unit: (u, v) => { u.responsible_unit = v; },
  business_type: (u, v) => { u.business_type = v; },
  notes: (u, v) => { u.notes = v; },
  data_export: (u, v) => { u.data_export = v; },
  export_format_kind: (u, v) => { u.export_format_kind = v; },
  export_tested_at: (u, v) => { u.export_tested_at = v; },
  export_charges: (u, v) => { u.export_charges = v; },
  api_availability: (u, v) => { u.api_availability = v; },
  key_management: (u, v) => { u.key_management = v; },
  external_backup_tested_at: (u, v) => { u.external_backup_tested_at = v; },
  exit_plan: (u, v) => { u.exit_plan = v; },
  exit_plan_tested_at: (u, v) => { u.exit_plan_tested_at = v; },
};
const CONTRACT_SET: Record<string, (c: ContractRecord, v: never) => void> = {
  external_id: (c, v) => { c.external_id = v; },
  supplier: (c, v) => { c.supplier = v; },
  valid_from: (c, v) => { c.valid_from = v; },
  valid_to: (c, v) => { c.valid_to = v; },
  irrevocable_until: (c, v) => { c.irrevocable_until = v; },
  notice_months: (c, v) => { c.notice_months = v; },
  terminated_at: (c, v) => { c.terminated_at = v; },
  acquisition_cost_dkk: (c, v) => { c.acquisition_cost_dkk = v; },
  yearly_operation_cost_dkk: (c, v) => { c.yearly_operation_cost_dkk = v; },
  other_cost_dkk: (c, v) => { c.other_cost_dkk = v; },
  procurement_strategy: (c, v) => { c.procurement_strategy = v; },
  purchase_form: (c, v) => { c.purchase_form = v; },
  contract_type: (c, v) => { c.contract_type = v; },
  auto_renewal: (c, v) => { c.auto_renewal = v; },
  exit_clause: (c, v) => { c.exit_clause = v; },
  switching_charges: (c, v) => { c.switching_charges = v; },
  licences_portable: (c, v) => { c.licences_portable = v; },
  bundled_scope: (c, v) => { c.bundled_scope = v; },
};

/** The setter of `key` on the row's usage or contract (created on first use in a usage sheet). */
function setterOf(record: 'usage' | 'contract', key: string): (row: RowState, v: unknown) => void {
  if (record === 'usage') {
    const set = USAGE_SET[key];
    if (!set) throw new TypeError(`No usage setter for ${key}`);
    return (row, v) => set(row.usage!, v as never);
  }
  const set = CONTRACT_SET[key];
  if (!set) throw new TypeError(`No contract setter for ${key}`);
  return (row, v) => set((row.contract ??= blankContract(row.line)), v as never);
}

// --- field builders --------------------------------------------------------------------------

function textField(id: string, record: 'usage' | 'contract', key: string): FieldDef {
  const put = setterOf(record, key);
  return {
    id,
    record,
    apply(value, row) {
      const t = value.trim();
      if (t) put(row, t);
    },
  };
}

/** A field whose parsed value is a primitive (or a fresh copy is made by `copy`). */
function parsedField<T>(
  id: string,
  record: 'usage' | 'contract',
  key: string,
  parse: (value: string, cx: CellContext) => Parsed<T>,
  lockin?: LockinInputKey,
  copy?: (v: T) => T,
): FieldDef {
  const put = setterOf(record, key);
  return {
    id,
    record,
    parse,
    set(row, r) {
      if (r.value === null) return;
      put(row, copy ? copy(r.value as T) : r.value);
      if (lockin && row.usage) prov(row.usage, lockin, r.inferred);
    },
  };
}

const dateField = (id: string, record: 'usage' | 'contract', key: string, lockin?: LockinInputKey) =>
  parsedField(id, record, key, (v, cx) => parseDate(v, { excelSerial: cx.excelSerial }), lockin);
const yesNoField = (id: string, record: 'usage' | 'contract', key: string, lockin?: LockinInputKey) =>
  parsedField(id, record, key, (v) => parseYesNo(v), lockin);
const amountField = (id: string, key: string) => parsedField(id, 'contract', key, (v) => parseAmount(v));

function partyField(id: string, record: 'usage' | 'contract', key: string, lockin?: LockinInputKey): FieldDef {
  const put = setterOf(record, key);
  return {
    id,
    record,
    keepOnFailure: true,
    parse: (v) => parseParty(v),
    set(row, r, cx, value) {
      const p = r as Ok<PartyValue | null> & { warning?: { code: IssueCode; message: LocalizedText } };
      if (p.warning) report(row, cx, p.warning.code, p.warning.message, value, 'warning');
      if (!p.value) return;
      put(row, new Party(p.value.name, p.value.cvr, p.value.cvr_as_written, p.value.hint));
      if (lockin && row.usage) prov(row.usage, lockin, false);
    },
  };
}

function cvrField(id: string, record: 'usage' | 'contract', slot: 'supplierCvr' | 'rightsHolderCvr'): FieldDef {
  return {
    id,
    record,
    parse: (v) => parseCvr(v),
    set(row, r) {
      row[slot] = r.value as string;
    },
  };
}

function listField(id: string, key: 'export_formats' | 'api_standards', lockin: LockinInputKey): FieldDef {
  return {
    id,
    record: 'usage',
    apply(value, row, cx) {
      const items = cx.kitos ? splitKitosList(value) : splitList(value);
      if (!items.length) return;
      usage(row)[key] = items;
      prov(usage(row), lockin, false);
    },
  };
}

function enumField<T extends string>(
  id: string,
  key: string,
  vocab: { values: readonly T[]; labels: Record<T, { da: string; en: string }> },
  lockin?: LockinInputKey,
  synonyms: Record<string, T | { value: T; inferred: true }> = {},
): FieldDef {
  const parse = enumParser(vocab, synonyms);
  return parsedField(id, 'usage', key, (v) => parse(v), lockin);
}

// --- hosting, location and other lock-in inputs -------------------------------------------------

/**
 * Hosting words in Danish and English. KITOS's `Eksternt` (and a bare "Cloud") says only that
 * someone else runs it, so `vendor_hosted` is a guess (`inferred`); SaaS or "Leverandørdrift" is stated.
 */
export const hostingSynonyms: Record<string, (typeof hostingModel.values)[number] | { value: (typeof hostingModel.values)[number]; inferred: true }> = {
  'on-premise': 'on_premise',
  onpremise: 'on_premise', // KITOS API v2 HostingChoice `OnPremise` (`External` and `Hybrid` are below)
  'on premises': 'on_premise',
  'on-prem': 'on_premise',
  onprem: 'on_premise',
  lokal: 'on_premise',
  lokalt: 'on_premise',
  'lokal drift': 'on_premise',
  'egen drift': 'on_premise',
  'intern drift': 'on_premise',
  internt: 'on_premise',
  intern: 'on_premise',
  'eget datacenter': 'on_premise',
  'own data center': 'on_premise',
  'self-hosted': 'on_premise',
  'in-house': 'on_premise',
  eksternt: { value: 'vendor_hosted', inferred: true },
  ekstern: { value: 'vendor_hosted', inferred: true },
  'ekstern drift': { value: 'vendor_hosted', inferred: true },
  external: { value: 'vendor_hosted', inferred: true },
  'externally hosted': { value: 'vendor_hosted', inferred: true },
  cloud: { value: 'vendor_hosted', inferred: true },
  sky: { value: 'vendor_hosted', inferred: true },
  skyen: { value: 'vendor_hosted', inferred: true },
  hosted: { value: 'vendor_hosted', inferred: true },
  saas: 'vendor_hosted',
  'software as a service': 'vendor_hosted',
  'vendor hosted': 'vendor_hosted',
  'vendor-hosted': 'vendor_hosted',
  'vendor operated': 'vendor_hosted',
  leverandørdrift: 'vendor_hosted',
  'leverandør drift': 'vendor_hosted',
  leverandørhostet: 'vendor_hosted',
  'hostet hos leverandør': 'vendor_hosted',
  'hosted by vendor': 'vendor_hosted',
  iaas: 'self_managed_cloud',
  paas: 'self_managed_cloud',
  'egen drift i cloud': 'self_managed_cloud',
  'self-managed cloud': 'self_managed_cloud',
  'self managed cloud': 'self_managed_cloud',
  'fælles offentlig drift': 'shared_public',
  'fælleskommunal drift': 'shared_public',
  fælleskommunal: 'shared_public',
  'shared public': 'shared_public',
  'public shared': 'shared_public',
  'hybrid drift': 'hybrid',
};

/**
 * Life-cycle words beyond the vocabulary's labels (KITOS's `Livscyklus` labels are the labels
 * themselves), and KITOS API v2's LifeCycleStatusChoice names (`NotInUse`, `PhasingIn`,
 * `PhasingOut`; `Operational` and `Pilot` are values already).
 */
export const LIFECYCLE_WORDS: Record<string, (typeof lifecycle.values)[number]> = {
  'i brug': 'operational',
  aktiv: 'operational',
  'in use': 'operational',
  'in production': 'operational',
  production: 'operational',
  live: 'operational',
  active: 'operational',
  drift: 'operational',
  udfaset: 'not_in_use',
  'ikke i brug': 'not_in_use',
  retired: 'not_in_use',
  decommissioned: 'not_in_use',
  inactive: 'not_in_use',
  indfasning: 'phasing_in',
  planlagt: 'phasing_in',
  planned: 'phasing_in',
  implementation: 'phasing_in',
  udfasning: 'phasing_out',
  deprecated: 'phasing_out',
  sunset: 'phasing_out',
  afprøvning: 'pilot',
  test: 'pilot',
  trial: 'pilot',
  notinuse: 'not_in_use',
  phasingin: 'phasing_in',
  phasingout: 'phasing_out',
};
export const parseLifecycle = enumParser(lifecycle, LIFECYCLE_WORDS);
/** KITOS `IT systemet driftes` and API v2 `hostedAt` alike. */
export const parseHosting = enumParser(hostingModel, hostingSynonyms);

const dataLocationParse = enumParser(dataLocation, {
  danmark: 'dk',
  denmark: 'dk',
  'eu/eøs': 'eu',
  eøs: 'eu',
  eea: 'eu',
  'eu/eea': 'eu',
  europa: 'eu',
  europe: 'eu',
  'uden for eu': 'non_eu',
  'outside eu': 'non_eu',
  'non-eu': 'non_eu',
  tredjeland: 'non_eu',
  'third country': 'non_eu',
  usa: 'non_eu',
});

/** Data location: the vocabulary, or an ISO country code placed in or outside the EU/EEA. */
function parseDataLocation(value: string): Parsed<(typeof dataLocation.values)[number]> {
  const t = value.trim();
  if (/^[A-Za-z]{2}$/.test(t) && t.toLowerCase() !== 'eu') {
    const cc = t.toUpperCase();
    return { ok: true, value: cc === 'DK' ? 'dk' : EU_EEA_COUNTRIES.has(cc) ? 'eu' : 'non_eu' };
  }
  return dataLocationParse(t);
}

const uuid = z.uuid();

// --- usage fields ------------------------------------------------------------------------------

const usageFieldList: FieldDef[] = [
  {
    id: 'system_name',
    record: 'usage',
    apply(value, row) {
      const t = stripStatusSuffix(value);
      if (t) usage(row).product_name = t;
    },
  },
  {
    id: 'kitos_uuid',
    record: 'usage',
    apply(value, row, cx) {
      const t = value.trim().toLowerCase();
      if (!t) return;
      if (!uuid.safeParse(t).success) return report(row, cx, 'invalid-uuid', msg.invalidUuid(value), value);
      usage(row).kitos_uuid = t;
    },
  },
  textField('category', 'usage', 'category'),
  textField('local_name', 'usage', 'local_name'),
  textField('local_id', 'usage', 'local_id'),
  textField('version', 'usage', 'version'),
  parsedField('lifecycle', 'usage', 'lifecycle', (v) => parseLifecycle(v)),
  partyField('supplier', 'usage', 'supplier'),
  cvrField('supplier_cvr', 'usage', 'supplierCvr'),
  partyField('rights_holder', 'usage', 'rights_holder'),
  cvrField('rights_holder_cvr', 'usage', 'rightsHolderCvr'),
  parsedField('hosting_model', 'usage', 'hosting_model', (v) => parseHosting(v), 'hosting_model'),
  partyField('hosted_by', 'usage', 'hosted_by', 'hosted_by'),
  partyField('operated_by', 'usage', 'operated_by', 'operated_by'),
  parsedField('data_location', 'usage', 'data_location', (v) => parseDataLocation(v), 'data_location'),
  {
    id: 'criticality',
    record: 'usage',
    // An organisation's own scale word we cannot translate stays unknown, but is never dropped.
    keepOnFailure: true,
    parse: (v, cx) => parseCriticality(v, cx.kitos),
    set(row, r) {
      if (r.value === null) return;
      usage(row).criticality = r.value as UsageRecord['criticality'];
      prov(usage(row), 'criticality', r.inferred);
    },
  },
  yesNoField('business_critical', 'usage', 'business_critical'),
  parsedField('user_count_band', 'usage', 'user_count_band', (v) => parseUserBand(v)),
  parsedField('data_sensitivity', 'usage', 'data_sensitivity', (v, cx) => parseSensitivityList(v, cx.kitos), undefined, (list) => list.slice()),
  dateField('in_use_from', 'usage', 'in_use_from'),
  dateField('in_use_to', 'usage', 'in_use_to'),
  textField('responsible_unit', 'usage', 'responsible_unit'),
  textField('business_type', 'usage', 'business_type'),
  textField('notes', 'usage', 'notes'),
  enumField('data_export', 'data_export', dataExport, 'data_export', {
    fuld: 'full',
    'full export': 'full',
    delvis: 'partial',
    partial: 'partial',
    'betalt ydelse': 'paid_service',
    'paid service': 'paid_service',
    ingen: 'none',
    none: 'none',
  }),
  listField('export_formats', 'export_formats', 'export_formats'),
  enumField('export_format_kind', 'export_format_kind', exportFormatKind, 'export_format_kind', {
    'åben standard': 'open_standard',
    'open standard': 'open_standard',
    leverandørformat: 'documented_vendor',
    'vendor format': 'documented_vendor',
    udokumenteret: 'undocumented',
  }),
  dateField('export_tested_at', 'usage', 'export_tested_at', 'export_tested_at'),
  yesNoField('export_charges', 'usage', 'export_charges', 'export_charges'),
  enumField('api_availability', 'api_availability', apiAvailability, 'api_availability', {
    'åbent api': 'public_open_standard',
    'open api': 'public_open_standard',
    begrænset: 'limited',
    limited: 'limited',
    nda: 'nda_or_fee',
    intet: 'none',
    ingen: 'none',
    none: 'none',
  }),
  listField('api_standards', 'api_standards', 'api_standards'),
  {
    id: 'license_model',
    record: 'usage',
    parse: (v, cx) => parseLicense(v, cx.kitos),
    set(row, r, cx, value) {
      const l = r.value as LicenseValue;
      const u = usage(row);
      u.license_model = l.model;
      prov(u, 'license_model', r.inferred || l.several);
      if (l.several) report(row, cx, 'multiple-values', msg.multipleLicenseModels(value, l.model), value, 'warning');
      // usageRecord has no SPDX field: keep the expression where the pipeline can find it.
      if (l.spdx) putExtra(u, 'spdx_license', l.spdx);
      if (l.deprecated.length) report(row, cx, 'deprecated-license', msg.deprecatedSpdx(l.deprecated), value, 'warning');
    },
  },
  enumField('key_management', 'key_management', keyManagement, 'key_management', {
    leverandør: 'provider',
    'provider managed': 'provider',
    'egne nøgler': 'byok',
  }),
  dateField('external_backup_tested_at', 'usage', 'external_backup_tested_at', 'external_backup_tested_at'),
  enumField('exit_plan', 'exit_plan', exitPlan, 'exit_plan', {
    ingen: 'none',
    nej: 'none',
    no: 'none',
    overordnet: 'high_level',
    'high level': 'high_level',
    'et scenarie': 'one_scenario',
    'begge scenarier': 'both_scenarios',
    'both scenarios': 'both_scenarios',
  }),
  dateField('exit_plan_tested_at', 'usage', 'exit_plan_tested_at', 'exit_plan_tested_at'),
  {
    id: 'exit_plan_owner',
    record: 'usage',
    apply(value, row) {
      const t = value.trim();
      if (!t) return;
      usage(row).exit_plan_owner = t;
      prov(usage(row), 'exit_plan_owner', false);
    },
  },
  {
    id: 'sub_processors',
    record: 'usage',
    apply(value, row, cx) {
      const names = cx.kitos || !/[;\n]/.test(value) ? splitKitosList(value) : splitList(value);
      const parties: PartyValue[] = [];
      for (const n of names) {
        const r = parseParty(n);
        if (!r.ok) return failed(row, cx, r, value);
        if (r.warning) report(row, cx, r.warning.code, r.warning.message, n, 'warning');
        if (r.value) parties.push(r.value);
      }
      if (!parties.length) return;
      usage(row).sub_processors = parties;
      prov(usage(row), 'sub_processors', false);
    },
  },
  {
    id: 'depends_on',
    record: 'usage',
    // Names are shared between rows through the column cache: frozen, never mutated.
    parse: (v, cx) => ({ ok: true, value: Object.freeze((cx.kitos ? splitKitosList(v) : splitList(v)).map(stripStatusSuffix).filter(Boolean)) }),
    set(row, r, cx, value) {
      const names = r.value as readonly string[];
      if (names.length) row.dependsOn = names;
      keep(row, 'usage', cx, value);
    },
  },
  {
    id: 'contracts',
    record: 'usage',
    parse: (v, cx) => ({ ok: true, value: Object.freeze(cx.kitos ? splitKitosList(v) : splitList(v)) }),
    set(row, r, cx, value) {
      const names = r.value as readonly string[];
      if (names.length) row.contractNames = names;
      keep(row, 'usage', cx, value);
    },
  },
  {
    id: 'municipality',
    record: 'usage',
    apply(value, row) {
      const t = value.trim();
      if (t) row.municipality = t;
    },
  },
  {
    id: 'municipality_cvr',
    record: 'usage',
    apply(value, row, cx) {
      if (!value.trim()) return;
      const r = parseCvr(value);
      if (!r.ok) return failed(row, cx, r, value);
      keep(row, 'usage', cx, r.value);
    },
  },
];

// --- KLE (paired at the row's end: kle.ts) ------------------------------------------------------

function kleNumbersField(id: string, slot: 'catalogueIds' | 'localIds'): FieldDef {
  return {
    id,
    record: 'usage',
    apply(value, row, cx) {
      const numbers = splitKle(value, cx.kitos);
      const bad = badKleNumber(numbers);
      if (bad !== undefined) {
        // Not a KLE number: the cell is kept verbatim (the other numbers could not be paired safely).
        report(row, cx, 'invalid-kle', msg.invalidKle(bad), value, 'warning');
        return keep(row, 'usage', cx, value);
      }
      if (numbers.length) kleCells(row)[slot] = numbers;
    },
  };
}

function kleTitlesField(id: string, slot: 'catalogueTitles' | 'localTitles'): FieldDef {
  return {
    id,
    record: 'usage',
    apply(value, row, cx) {
      const titles = splitKle(value, cx.kitos);
      if (!titles.length) return;
      const k = kleCells(row);
      k[slot] = titles;
      (k.titleColumns ??= {})[slot] = { column: cx.column, value };
    },
  };
}

const KLE_FIELDS: FieldDef[] = [
  kleNumbersField('kle', 'catalogueIds'),
  kleTitlesField('kle_names', 'catalogueTitles'),
  kleNumbersField('local_kle', 'localIds'),
  kleTitlesField('local_kle_names', 'localTitles'),
];

// --- contract fields ---------------------------------------------------------------------------

const durationField: FieldDef = {
  id: 'duration',
  record: 'contract',
  apply(value, row, cx) {
    if (!value.trim()) return;
    const c = contract(row);
    putExtra(c, cx.column, value); // the record has no duration field: keep it verbatim
    const r = parseDuration(value);
    if (!r.ok) return failed(row, cx, r, value);
    // An open-ended ("Løbende") contract runs on until someone gives notice.
    if (r.value.continuous && c.auto_renewal === null) c.auto_renewal = true;
  },
};

/** Contract fields that a usage sheet may also carry (one contract per row, see generic.ts). */
const contractTermsList: FieldDef[] = [
  {
    id: 'contract_name',
    record: 'contract',
    apply(value, row) {
      const t = value.trim();
      if (t) contract(row).name = t;
    },
  },
  textField('contract_id', 'contract', 'external_id'),
  dateField('valid_from', 'contract', 'valid_from'),
  dateField('valid_to', 'contract', 'valid_to'),
  dateField('irrevocable_until', 'contract', 'irrevocable_until'),
  parsedField('notice_months', 'contract', 'notice_months', (v) => parseNoticeMonths(v)),
  dateField('terminated_at', 'contract', 'terminated_at'),
  amountField('acquisition_cost_dkk', 'acquisition_cost_dkk'),
  amountField('yearly_operation_cost_dkk', 'yearly_operation_cost_dkk'),
  amountField('other_cost_dkk', 'other_cost_dkk'),
  textField('procurement_strategy', 'contract', 'procurement_strategy'),
  textField('purchase_form', 'contract', 'purchase_form'),
  textField('contract_type', 'contract', 'contract_type'),
  yesNoField('auto_renewal', 'contract', 'auto_renewal'),
  yesNoField('exit_clause', 'contract', 'exit_clause'),
  yesNoField('switching_charges', 'contract', 'switching_charges'),
  yesNoField('licences_portable', 'contract', 'licences_portable'),
  yesNoField('bundled_scope', 'contract', 'bundled_scope'),
  durationField,
];

const contractOnlyList: FieldDef[] = [
  partyField('supplier', 'contract', 'supplier'),
  cvrField('supplier_cvr', 'contract', 'supplierCvr'),
  {
    id: 'systems',
    record: 'contract',
    apply(value, row, cx) {
      const names = (cx.kitos ? splitKitosList(value) : splitList(value)).map(stripStatusSuffix).filter(Boolean);
      if (names.length) row.systems = names;
    },
  },
  {
    id: 'system_uuids',
    record: 'contract',
    apply(value, row, cx) {
      const items = splitList(value).map((t) => t.toLowerCase());
      const bad = items.find((t) => !uuid.safeParse(t).success);
      if (bad !== undefined) return report(row, cx, 'invalid-uuid', msg.invalidUuid(bad), value);
      if (items.length) row.systemUuids = items;
    },
  },
];

const byId = (list: FieldDef[]) => new Map(list.map((f) => [f.id, f]));

/** Fields of a usage row (including the contract terms a usage sheet may carry). */
export const USAGE_FIELDS: ReadonlyMap<string, FieldDef> = byId([...usageFieldList, ...KLE_FIELDS, ...contractTermsList]);
/** Fields of a contract row. */
export const CONTRACT_FIELDS: ReadonlyMap<string, FieldDef> = byId([...contractTermsList, ...contractOnlyList]);

/** Usage fields that are contract terms: their presence makes the generic profile emit contracts. */
export const CONTRACT_TERM_IDS: ReadonlySet<string> = new Set(contractTermsList.map((f) => f.id));

/** A field that only keeps the cell in `extra` (known columns we have no field for, or `--map X=extra`). */
export const EXTRA_FIELD: FieldDef = {
  id: 'extra',
  record: 'usage',
  apply(value, row, cx) {
    const r = row.usage ?? row.contract;
    if (r) putExtra(r, cx.column, value);
  },
};
