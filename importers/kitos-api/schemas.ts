// zod schemas of the KITOS API v2 entities a sync reads, in every response shape KITOS has served
// (shared/research/kitos-api-v2.md §7.6): fields that moved between `gdpr` and `general`,
// licensing on the catalogue system (14.0–14.1) or on the usage (master), the os2kitos 2025 shape
// without criticality or licensing. A field present in only some shapes is optional; a null
// collection reads as []. Only the fields the mapping reads are checked: a KITOS release that adds
// a value to an enum the mapping never looks at (archive duty gained DK/DD in 14.1) must not stop
// a sync. What is checked is checked strictly: an unknown enum value or a missing field is an
// error naming the entity, its UUID and the field path (the file importer's all-or-nothing rule).
import { z } from 'zod';
import { msg } from '../messages.ts';
import type { ImportIssue, LocalizedText } from '../types.ts';

// --- §8 enums (the C# member names KITOS serialises) -----------------------------------------------

export const LIFE_CYCLE = ['Undecided', 'NotInUse', 'PhasingIn', 'Operational', 'PhasingOut', 'Pilot'] as const;
export const HOSTING = ['Undecided', 'OnPremise', 'External', 'Hybrid'] as const;
export const LICENSING = ['OpenSource', 'Freeware', 'Proprietary'] as const;
export const YES_NO_DONT_KNOW = ['No', 'Yes', 'DontKnow', 'Undecided'] as const;
export const DATA_SENSITIVITY = ['None', 'PersonData', 'SensitiveData', 'LegalData'] as const;
/** 13.3.0–13.5.0 `gdpr.gdprCriticality` (replaced by the organisation's own option list in 14.0). */
export const GDPR_CRITICALITY = ['NotCritical', 'Low', 'Medium', 'High', 'VeryHigh'] as const;
export const MAIN_CONTRACT_STATE = ['NoContract', 'Active', 'Inactive'] as const;
export const TRACKED_ENTITY = ['ItSystem', 'ItSystemUsage', 'ItInterface', 'ItContract', 'DataProcessingRegistration', 'OrganizationUnit'] as const;
export type TrackedEntity = (typeof TRACKED_ENTITY)[number];

/** KITOS's "not decided" member: the export writes an empty cell for it, so it reads as no value. */
export const UNDECIDED = 'Undecided';

// --- building blocks -----------------------------------------------------------------------------------

const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'uuid');
const text = z.string().nullish();
/** ISO-8601 as KITOS writes it (`2021-04-01T00:00:00Z`); date-only fields come as midnight UTC. */
const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/, 'ISO-8601 date');
/** IdentityNamePairResponseDTO. */
const ref = z.object({ uuid, name: z.string() });
/** ShallowOrganizationResponseDTO: `cvr` is the active CVR and may be null. */
const org = z.object({ uuid, name: z.string(), cvr: z.string().nullish() });
/** A collection: KITOS fills lists, but several are `| null` in the generated client. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);
const role = z.object({ role: ref });

// --- entities ------------------------------------------------------------------------------------------

export const usageSchema = z.object({
  uuid,
  systemContext: ref,
  lastModified: dateTime.nullish(),
  general: z.object({
    localSystemId: text,
    localCallName: text,
    systemVersion: text,
    notes: text,
    dataClassification: ref.nullish(),
    numberOfExpectedUsers: z.object({ lowerBound: z.number().int().nonnegative(), upperBound: z.number().int().nullish() }).nullish(),
    validity: z.object({
      valid: z.boolean().nullish(),
      lifeCycleStatus: z.enum(LIFE_CYCLE).nullish(),
      mainContractState: z.enum(MAIN_CONTRACT_STATE).nullish(),
      validFrom: dateTime.nullish(),
      validTo: dateTime.nullish(),
    }),
    mainContract: ref.nullish(),
    // 14.0.0+ (before: gdpr.businessCritical, gdpr.purpose)
    isBusinessCritical: z.enum(YES_NO_DONT_KNOW).nullish(),
    systemUsageCriticalityLevel: ref.nullish(),
    purpose: text,
    technicalSystemTypes: list(ref),
    // 14.1.0+ (before: gdpr.hostedAt)
    hostedAt: z.enum(HOSTING).nullish(),
    // master only (14.0–14.1: on the catalogue system); absent ≠ empty, so not defaulted to []
    licensingAndCodeModels: z.array(z.enum(LICENSING)).nullish(),
  }),
  roles: list(role),
  organizationUsage: z.object({ usingOrganizationUnits: list(ref), responsibleOrganizationUnit: ref.nullish() }).nullish(),
  localKLEDeviations: z.object({ addedKLE: list(ref), removedKLE: list(ref) }).nullish(),
  gdpr: z
    .object({
      purpose: text,
      businessCritical: z.enum(YES_NO_DONT_KNOW).nullish(),
      hostedAt: z.enum(HOSTING).nullish(),
      gdprCriticality: z.enum(GDPR_CRITICALITY).nullish(),
      processingPurpose: text,
      dataSensitivityLevels: list(z.enum(DATA_SENSITIVITY)),
    })
    .nullish(),
  outgoingSystemRelations: list(z.object({ toSystemUsage: ref })),
});
export type KitosUsage = z.infer<typeof usageSchema>;

export const systemSchema = z.object({
  uuid,
  name: z.string(),
  formerName: text,
  description: text,
  parentSystem: ref.nullish(),
  rightsHolder: org.nullish(),
  businessType: ref.nullish(),
  kle: list(ref),
  deactivated: z.boolean().nullish(),
  lastModified: dateTime.nullish(),
  // 14.0.0–14.1.3
  licensingAndCodeModels: z.array(z.enum(LICENSING)).nullish(),
});
export type KitosSystem = z.infer<typeof systemSchema>;

const payment = z.object({ acquisition: z.number().nullish(), operation: z.number().nullish(), other: z.number().nullish() });

export const contractSchema = z.object({
  uuid,
  name: z.string(),
  lastModified: dateTime.nullish(),
  parentContract: ref.nullish(),
  general: z
    .object({
      contractId: text,
      contractType: ref.nullish(),
      contractTemplate: ref.nullish(),
      criticality: ref.nullish(),
      validity: z.object({ valid: z.boolean().nullish(), validFrom: dateTime.nullish(), validTo: dateTime.nullish() }).nullish(),
    })
    .nullish(),
  procurement: z.object({ purchaseType: ref.nullish(), procurementStrategy: ref.nullish() }).nullish(),
  supplier: z.object({ organization: org.nullish() }).nullish(),
  responsible: z.object({ organizationUnit: ref.nullish() }).nullish(),
  systemUsages: list(ref),
  paymentModel: z.object({ paymentFrequency: ref.nullish(), paymentModel: ref.nullish() }).nullish(),
  agreementPeriod: z.object({ isContinuous: z.boolean().nullish(), extensionOptions: ref.nullish(), irrevocableUntil: dateTime.nullish() }).nullish(),
  termination: z.object({ terminatedAt: dateTime.nullish(), terms: z.object({ noticePeriodMonths: ref.nullish() }).nullish() }).nullish(),
  payments: z.object({ external: list(payment), internal: list(payment) }).nullish(),
  roles: list(role),
});
export type KitosContract = z.infer<typeof contractSchema>;

export const dprSchema = z.object({
  uuid,
  name: z.string(),
  lastModified: dateTime.nullish(),
  // 14.1.0+ adds `valid` to each; a plain {uuid, name} before
  systemUsages: list(z.object({ uuid, name: z.string().nullish() })),
});
export type KitosDpr = z.infer<typeof dprSchema>;

export const unitSchema = z.object({ uuid, name: z.string(), parentOrganizationUnit: ref.nullish() });
export type KitosUnit = z.infer<typeof unitSchema>;

/** KLEDetailsDTO: a KLE number with KITOS's title (the municipality's own KITOS, its KLE subscription). */
export const kleSchema = z.object({ uuid, kleNumber: z.string(), description: text });
export type KitosKle = z.infer<typeof kleSchema>;
/** `/api/v2/kle-options` answers `{referenceVersion, payload[]}`; a raw read may hold the wrappers or the items. */
export const kleWrapperSchema = z.object({ referenceVersion: z.string().nullish(), payload: list(kleSchema) });

export const deletedSchema = z.object({ entityUuid: uuid, entityType: z.enum(TRACKED_ENTITY), occurredAtUtc: dateTime.nullish() });
export type KitosDeleted = z.infer<typeof deletedSchema>;

// --- entity kinds, as issues name them -----------------------------------------------------------

export interface EntityKind {
  /** The issue's `file`: the API resource the entity came from. */
  file: string;
  name: LocalizedText;
}

export const KINDS = {
  usage: { file: 'kitos:it-system-usages', name: { da: 'IT-systemanvendelsen', en: 'the IT system usage' } },
  system: { file: 'kitos:it-systems', name: { da: 'katalogsystemet', en: 'the catalogue system' } },
  contract: { file: 'kitos:it-contracts', name: { da: 'kontrakten', en: 'the contract' } },
  dpr: { file: 'kitos:data-processing-registrations', name: { da: 'databehandlingsregistreringen', en: 'the data-processing registration' } },
  unit: { file: 'kitos:organization-units', name: { da: 'organisationsenheden', en: 'the organisation unit' } },
  kle: { file: 'kitos:kle-options', name: { da: 'KLE-emnet', en: 'the KLE subject' } },
  deleted: { file: 'kitos:delta-feed', name: { da: 'sletningshændelsen', en: 'the deletion event' } },
} as const satisfies Record<string, EntityKind>;

/** `general.validity.lifeCycleStatus`, `outgoingSystemRelations[0].toSystemUsage`. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(hele objektet)';
}

/** The entity's UUID as it came (for the issue), whatever else is wrong with it. */
export function rawUuid(entity: unknown, key = 'uuid'): string {
  const v = entity !== null && typeof entity === 'object' ? (entity as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' && v ? v : '(uden uuid)';
}

function valueAt(entity: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = entity;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}

/**
 * Validates one entity. Returns the parsed entity, or null and the issues (errors) that say what
 * broke the contract: a missing field, an unknown enum value, a value of the wrong type.
 */
export function parseEntity<T>(schema: z.ZodType<T>, entity: unknown, kind: EntityKind, uuidKey = 'uuid'): { value: T; issues: null } | { value: null; issues: ImportIssue[] } {
  const r = schema.safeParse(entity);
  if (r.success) return { value: r.data, issues: null };
  const id = rawUuid(entity, uuidKey);
  const issues: ImportIssue[] = [];
  for (const z of r.error.issues) {
    const path = pathText(z.path);
    const found = valueAt(entity, z.path);
    let message: LocalizedText;
    let code: ImportIssue['code'];
    if (z.code === 'invalid_value' && 'values' in z) {
      code = 'invalid-enum';
      message = msg.kitosUnknownEnum(kind.name, id, path, String(found), (z.values as unknown[]).map(String));
    } else if (z.code === 'invalid_type' && found === undefined) {
      code = 'missing-value';
      message = msg.kitosMissingField(kind.name, id, path);
    } else {
      code = 'invalid-type';
      message = msg.kitosWrongType(kind.name, id, path, z.code === 'invalid_type' ? String(z.expected) : z.message);
    }
    issues.push({ severity: 'error', code, file: kind.file, column: path, value: id, message });
  }
  return { value: null, issues };
}
