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

export const provenanceMap = z.partialRecord(z.enum(lockinInputKeys), provenance.schema);
export type ProvenanceMap = z.infer<typeof provenanceMap>;

export const usageRecord = z.object({
  /** Key that identifies the usage within one municipality across versions (local id, else product name). */
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
  /** Usages the contract covers, by their usage key (see `usageKey`). */
  usage_keys: z.array(z.string()).default([]),
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

/**
 * The key that identifies a usage inside one municipality's inventory, stable across versions:
 * the local system id when the municipality has one, else the product name (case-folded).
 * Diffs between versions and contract/integration references use it.
 */
export function usageKey(u: Pick<UsageRecord, 'local_id' | 'product_name' | 'local_name'>): string {
  if (u.local_id && u.local_id.trim()) return `id:${u.local_id.trim().toLowerCase()}`;
  const name = (u.local_name?.trim() || u.product_name.trim()).toLowerCase();
  return `name:${name}`;
}
