// The canonical inventory records: what an importer (or the demo generator) hands to the
// inventory service. Parties and products are named, not referenced by id: the service
// resolves names to catalogue rows (vendor normalisation) inside the import transaction.
import { z } from 'zod';
import {
  apiAvailability,
  criticality,
  dataExport,
  dataLocation,
  dataSensitivity,
  exitPlan,
  exportFormatKind,
  hostingModel,
  integrationDirection,
  integrationKind,
  keyManagement,
  licenseModel,
  lifecycle,
  provenance,
  userCountBand,
} from './vocabulary.ts';

/** ISO calendar date, `yyyy-mm-dd`. */
export const isoDate = z.iso.date();

/**
 * A party as written in a file: a name and, where known, a Danish CVR number. `cvr` is only a
 * valid one (domain/cvr.ts); eight digits that fail the check stay in `cvr_as_written`, never
 * matched on. `hint` is a country or data-location suffix read off the name (`Zoom (US)`).
 */
export const partyRef = z.object({
  name: z.string().min(1),
  cvr: z.string().regex(/^\d{8}$/).nullable().default(null),
  cvr_as_written: z.string().regex(/^\d{8}$/).optional(),
  hint: z.string().regex(/^[A-Z]{2,3}$/).optional(),
});
export type PartyRef = z.infer<typeof partyRef>;

/** The lock-in inputs a municipality may declare for one usage; each may carry provenance. */
export const lockinInputKeys = [
  'hosting_model',
  'hosted_by',
  'operated_by',
  'data_location',
  'data_export',
  'export_formats',
  'export_format_kind',
  'export_tested_at',
  'export_charges',
  'api_availability',
  'api_standards',
  'license_model',
  'key_management',
  'external_backup_tested_at',
  'exit_plan',
  'exit_plan_tested_at',
  'exit_plan_owner',
  'criticality',
  'sub_processors',
] as const;
export type LockinInputKey = (typeof lockinInputKeys)[number];

/**
 * A KLE task reference (KL's Emnesystematik) on a usage: the number, whether it came from the
 * catalogue system's KLE or the municipality's own (`Lokale KLE`), and the title only as the
 * municipality's file wrote it (KLE is not openly licensed: no titles of our own).
 */
export const kleRef = z.object({
  number: z.string().regex(/^\d{2}(\.\d{2}){0,2}$/),
  source: z.enum(['catalogue', 'local']),
  title: z.string().min(1).nullable().default(null),
});
export type KleRef = z.infer<typeof kleRef>;

/** A stored JSON list of KLE references or role names (written by the inventory writer); [] when unreadable. */
export function parseStoredList<T>(schema: z.ZodType<T>, text: string | null | undefined): T[] {
  if (!text) return [];
  try {
    const r = z.array(schema).safeParse(JSON.parse(text));
    return r.success ? r.data : [];
  } catch {
    return [];
  }
}

/**
 * Which roles (KITOS `Systemejer`, `Kontraktejer`, an organisation's own roles …) have someone
 * assigned: the role names only, never who (data minimisation, GDPR art. 5(1)(c)).
 */
export const rolesFilled = z.array(z.string().min(1)).default([]);

export const provenanceMap = z.partialRecord(z.enum(lockinInputKeys), provenance.schema);
export type ProvenanceMap = z.infer<typeof provenanceMap>;

export const usageRecord = z.object({
  product_name: z.string().min(1),
  kitos_uuid: z.uuid().nullable().default(null),
  rights_holder: partyRef.nullable().default(null),
  category: z.string().nullable().default(null),
  local_name: z.string().nullable().default(null),
  local_id: z.string().nullable().default(null),
  version: z.string().nullable().default(null),
  lifecycle: lifecycle.schema.nullable().default(null),
  supplier: partyRef.nullable().default(null),
  hosting_model: hostingModel.schema.nullable().default(null),
  hosted_by: partyRef.nullable().default(null),
  operated_by: partyRef.nullable().default(null),
  data_location: dataLocation.schema.nullable().default(null),
  criticality: criticality.schema.nullable().default(null),
  business_critical: z.boolean().nullable().default(null),
  user_count_band: userCountBand.schema.nullable().default(null),
  data_sensitivity: z.array(dataSensitivity.schema).default([]),
  in_use_from: isoDate.nullable().default(null),
  in_use_to: isoDate.nullable().default(null),
  responsible_unit: z.string().nullable().default(null),
  business_type: z.string().nullable().default(null),
  notes: z.string().nullable().default(null),
  data_export: dataExport.schema.nullable().default(null),
  export_formats: z.array(z.string()).default([]),
  export_format_kind: exportFormatKind.schema.nullable().default(null),
  export_tested_at: isoDate.nullable().default(null),
  export_charges: z.boolean().nullable().default(null),
  api_availability: apiAvailability.schema.nullable().default(null),
  api_standards: z.array(z.string()).default([]),
  license_model: licenseModel.schema.nullable().default(null),
  key_management: keyManagement.schema.nullable().default(null),
  external_backup_tested_at: isoDate.nullable().default(null),
  exit_plan: exitPlan.schema.nullable().default(null),
  exit_plan_tested_at: isoDate.nullable().default(null),
  exit_plan_owner: z.string().nullable().default(null),
  sub_processors: z.array(partyRef).default([]),
  kle: z.array(kleRef).default([]),
  roles_filled: rolesFilled,
  provenance: provenanceMap.default({}),
  /** Values of columns the importer did not recognise, kept verbatim (never silently dropped). */
  extra: z.record(z.string(), z.string()).default({}),
  /** Where the record came from in its file: 1-based line of the row's first physical line. */
  source_line: z.number().int().positive().nullable().default(null),
});
export type UsageRecord = z.infer<typeof usageRecord>;
export type UsageRecordInput = z.input<typeof usageRecord>;

export const contractRecord = z.object({
  name: z.string().min(1),
  external_id: z.string().nullable().default(null),
  supplier: partyRef.nullable().default(null),
  valid_from: isoDate.nullable().default(null),
  valid_to: isoDate.nullable().default(null),
  irrevocable_until: isoDate.nullable().default(null),
  notice_months: z.number().int().min(0).max(120).nullable().default(null),
  terminated_at: isoDate.nullable().default(null),
  acquisition_cost_dkk: z.number().nonnegative().nullable().default(null),
  yearly_operation_cost_dkk: z.number().nonnegative().nullable().default(null),
  other_cost_dkk: z.number().nonnegative().nullable().default(null),
  procurement_strategy: z.string().nullable().default(null),
  purchase_form: z.string().nullable().default(null),
  contract_type: z.string().nullable().default(null),
  auto_renewal: z.boolean().nullable().default(null),
  exit_clause: z.boolean().nullable().default(null),
  switching_charges: z.boolean().nullable().default(null),
  licences_portable: z.boolean().nullable().default(null),
  bundled_scope: z.boolean().nullable().default(null),
  /** Usages the contract covers, by their usage key (see `usageKey`) or `uuid:<KITOS catalogue UUID>`. */
  usage_keys: z.array(z.string()).default([]),
  roles_filled: rolesFilled,
  extra: z.record(z.string(), z.string()).default({}),
  source_line: z.number().int().positive().nullable().default(null),
});
export type ContractRecord = z.infer<typeof contractRecord>;
export type ContractRecordInput = z.input<typeof contractRecord>;

export const integrationRecord = z.object({
  source_key: z.string().min(1),
  target_key: z.string().min(1),
  kind: integrationKind.schema.default('data'),
  direction: integrationDirection.schema.default('outgoing'),
  /** For `requires_platform`: identity, database, runtime, office or hosting. */
  platform_role: z.string().nullable().default(null),
});
export type IntegrationRecord = z.infer<typeof integrationRecord>;

export const inventoryRecords = z.object({
  usages: z.array(usageRecord),
  contracts: z.array(contractRecord).default([]),
  integrations: z.array(integrationRecord).default([]),
});
export type InventoryRecords = z.infer<typeof inventoryRecords>;
export type InventoryRecordsInput = z.input<typeof inventoryRecords>;

/** What a usage's key is made of (a record without `kitos_uuid` has none). */
export type KeyedUsage = Pick<UsageRecord, 'local_id' | 'product_name' | 'local_name'> & { kitos_uuid?: string | null };

/**
 * The key that identifies a usage inside one municipality's inventory, stable across versions:
 * KITOS's IT-System UUID when the file has it (`kitos:<uuid>`), else the municipality's local
 * system id (`id:<id>`), else the system's name (`name:<name>`), each trimmed and lower-cased.
 * It is the system's address (/kommuner/{kode}/systemer/{key}); diffs, exit plans and
 * contract/integration references use it. A key a municipality's earlier versions already gave a
 * system is kept (see InventoryWriter's key inheritance), so an address never changes when a file
 * gains a UUID or a local id.
 */
export function usageKey(u: KeyedUsage): string {
  return usageKeyForms(u)[0]!;
}

/**
 * Every key form a usage answers to, most specific first: `kitos:`, `id:` (where present) and
 * `name:`. The first is its key; the others are how older versions (keyed before KITOS UUIDs
 * counted, or before the municipality had local ids) and hand-written references name it.
 */
export function usageKeyForms(u: KeyedUsage): string[] {
  const forms: string[] = [];
  if (u.kitos_uuid && u.kitos_uuid.trim()) forms.push(`kitos:${u.kitos_uuid.trim().toLowerCase()}`);
  if (u.local_id && u.local_id.trim()) forms.push(`id:${u.local_id.trim().toLowerCase()}`);
  forms.push(usageNameKey(u.local_name?.trim() || u.product_name));
  return forms;
}

/** The `name:` key form of a system name. */
export function usageNameKey(name: string): string {
  return `name:${name.trim().toLowerCase()}`;
}
