// The scoring engine's own input: a fully resolved, plain-data view of one system usage, with
// every lock-in input already merged from the municipality's declaration and the shared
// catalogue and tagged with its provenance (lockin-scoring.md §3.2, §3.9). The repository
// builds these from database rows; the engine never reads a database, a file or the clock.
import { z } from 'zod';
import {
  apiAvailability,
  codeGovernance,
  criticality,
  dataExport,
  dataLocation,
  exitPlan,
  exportFormatKind,
  hostingModel,
  integrationDirection,
  integrationKind,
  keyManagement,
  licenseModel,
  provenance,
  type Provenance,
  vendorRoleKind,
} from '../domain/vocabulary.ts';

/** ISO calendar date, `yyyy-mm-dd`. */
export const isoDate = z.iso.date();

/**
 * One lock-in input. Unknown ⇔ provenance `unknown`; an unknown input has value `null` and
 * scores worst (§3.1 principle 2). `observedAt` is when the value was last confirmed
 * (import date, catalogue verification date); it drives the staleness multiplier of §3.9.
 */
export interface Input<T> {
  value: T | null;
  provenance: Provenance;
  observedAt?: string | null;
}

const inputShape = <T extends z.ZodType>(value: T) =>
  z.object({
    value: value.nullable(),
    provenance: provenance.schema,
    observedAt: isoDate.nullable().optional(),
  });

/** An input whose value is required when known: `null` exactly when the provenance is `unknown`. */
export function inputOf<T extends z.ZodType>(value: T) {
  return inputShape(value).refine((i) => (i.provenance === 'unknown') === ((i as unknown as { value: unknown }).value === null), {
    message: 'value must be null exactly when provenance is unknown',
  });
}

/**
 * An input where a known `null` means "none" or "never" (e.g. an export never tested, no named
 * exit-plan owner). Unknown is still provenance `unknown` with value `null`.
 */
export function noneableInputOf<T extends z.ZodType>(value: T) {
  return inputShape(value).refine((i) => i.provenance !== 'unknown' || (i as unknown as { value: unknown }).value === null, {
    message: 'an unknown input has value null',
  });
}

export const isUnknown = (i: Input<unknown>): boolean => i.provenance === 'unknown';

/** The roles a party can have for a system (§3.6); each has a configurable weight ρ. */
export const partyRole = z.enum(['supplier', 'operator', 'host', 'iaas_host', 'platform', 'sub_processor']);
export type PartyRole = z.infer<typeof partyRole>;

/** Whether an EU-controlled party relies on non-EU sub-processors, and how materially (F8, SEAL-3/2). */
export const nonEuSubProcessors = z.enum(['none', 'non_material', 'material']);
export type NonEuSubProcessors = z.infer<typeof nonEuSubProcessors>;

/** ISO 3166-1 alpha-2 country of a party's ultimate parent. */
export const countryCode = z.string().regex(/^[A-Z]{2}$/);

/** A controlling party of a system, already rolled up to its ultimate parent (`vendorId`). */
export const scoringParty = z.object({
  vendorId: z.string().min(1),
  name: z.string().optional(),
  /**
   * The company the municipality deals with, before the roll-up (KMD A/S under NEC Corporation):
   * dashboards may group by company instead of by ultimate owner. Absent: the owner itself.
   */
  company: z.object({ id: z.string().min(1), name: z.string() }).optional(),
  role: partyRole,
  /** For a `platform` party copied from a platform system: its role there. */
  fromRole: partyRole.optional(),
  /** This party holds the rights to the system's product (model 1.1 gives it product reach even when it is also a reseller). */
  rightsHolder: z.boolean().optional(),
  /** The company's own role as the catalogue knows it (vendors.role_kind); a `reseller` supplier has no product reach in 1.1. */
  roleKind: vendorRoleKind.schema.nullable().optional(),
  /** Seat of the ultimate parent; EU/EEA control is derived from it (EU_EEA_COUNTRIES). */
  country: inputOf(countryCode),
  /** Where this party stores or processes the system's data. */
  dataLocation: inputOf(dataLocation.schema),
  nonEuSubProcessors: inputOf(nonEuSubProcessors),
});
export type ScoringParty = z.infer<typeof scoringParty>;

/**
 * Contract terms relevant to F4 and the exit window. Inside a contract `null` means unknown,
 * except `irrevocableUntil` (null: no early-termination right on record, so only the end date
 * frees the municipality) and `terminatedAt` (null: not terminated).
 */
export const contractTerms = z.object({
  id: z.string().optional(),
  endDate: isoDate.nullable(),
  noticeMonths: z.number().int().min(0).max(120).nullable(),
  irrevocableUntil: isoDate.nullable(),
  terminatedAt: isoDate.nullable(),
  exitClause: z.boolean().nullable(),
  switchingCharges: z.boolean().nullable(),
  licencesPortable: z.boolean().nullable(),
  bundledScope: z.boolean().nullable(),
});
export type ContractTerms = z.infer<typeof contractTerms>;

export const substitutabilityFacts = z.object({
  /** Viable alternatives in the system's function category (catalogue). */
  viableAlternatives: inputOf(z.number().int().min(0)),
  /** At least one viable alternative is open source or EU-controlled with AMS ≥ 60. */
  openOrEuAlternative: inputOf(z.boolean()),
  /** HHI of the function category over all municipalities in the dataset (0–10,000). */
  nationalCategoryHhi: inputOf(z.number().min(0).max(10_000)),
});
export type SubstitutabilityFacts = z.infer<typeof substitutabilityFacts>;

/** Who a contract names as supplier, as the spend attribution of model 1.1 needs it. */
export const contractSupplier = z.object({
  vendorId: z.string().min(1),
  name: z.string().optional(),
  company: z.object({ id: z.string().min(1), name: z.string() }).optional(),
  roleKind: vendorRoleKind.schema.nullable(),
});
export type ContractSupplier = z.infer<typeof contractSupplier>;

/** One contract's share of a system's yearly cost (the contract's cost split over the usages it links). */
export const spendShare = z.object({
  contractId: z.string().min(1),
  amountDkk: z.number().nonnegative(),
  supplier: contractSupplier.nullable(),
});
export type SpendShare = z.infer<typeof spendShare>;

export const scoringUsage = z.object({
  id: z.string().min(1),
  municipalityCode: z.string().min(1),
  name: z.string().optional(),
  category: z.string().nullable(),
  /** Yearly cost in DKK; null when unknown (the usage then has no spend share). */
  yearlyCostDkk: z.number().nonnegative().nullable(),
  /** The contracts' shares that make up `yearlyCostDkk` (model 1.1 attributes each to its payee). */
  spend: z.array(spendShare).optional(),
  criticality: inputOf(criticality.schema),
  /** KITOS's "Forretningskritisk IT-system" flag; model 1.1 reads it as criticality at least high. */
  businessCritical: inputOf(z.boolean()).optional(),
  // F1
  dataExport: inputOf(dataExport.schema),
  exportFormatKind: inputOf(exportFormatKind.schema),
  exportTestedAt: noneableInputOf(isoDate),
  exportCharges: inputOf(z.boolean()),
  // F2
  apiAvailability: inputOf(apiAvailability.schema),
  // F3
  integrationCount: inputOf(z.number().int().min(0)),
  requiresSpecificPlatform: inputOf(z.boolean()),
  // F4 — value [] means "declared: no contract"
  contracts: inputOf(z.array(contractTerms)),
  // F5
  substitutability: substitutabilityFacts,
  // F6
  licenseModel: inputOf(licenseModel.schema),
  codeGovernance: inputOf(codeGovernance.schema),
  // F7
  hostingModel: inputOf(hostingModel.schema),
  keyManagement: inputOf(keyManagement.schema),
  externalBackupTestedAt: noneableInputOf(isoDate),
  // F7, F8 and the vendor graph
  parties: z.array(scoringParty),
  // F9
  exitPlan: inputOf(exitPlan.schema),
  exitPlanTestedAt: noneableInputOf(isoDate),
  exitPlanOwner: noneableInputOf(z.string().min(1)),
  /**
   * The share of the usage's exposure e_s this row carries (default 1). Only a scenario sets it:
   * a usage replaced by N parts becomes N rows of share 1/N, so Σ e stays the same
   * (docs/methodology.md, "Exitveje og scenarier").
   */
  exposureShare: z.number().positive().max(1).optional(),
});
export type ScoringUsage = z.infer<typeof scoringUsage>;

/**
 * An integration between two usages of one municipality, recorded as `from` uses `to` (KITOS
 * "Anvendte systemer", the template's `depends_on`). `requires_platform`: `from` cannot run
 * without `to`. `data`: model 1.0 treats it as undirected; model 1.1 reads a one-way (`outgoing`)
 * edge as `from` depending on `to`, and a two-way one as a dependency of unknown direction.
 */
export const scoringEdge = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  kind: integrationKind.schema,
  direction: integrationDirection.schema.optional(),
  /** For `requires_platform`: identity, database, runtime, office or hosting. */
  platformRole: z.string().nullable().optional(),
});
export type ScoringEdge = z.infer<typeof scoringEdge>;

export const municipalityInput = z.object({
  municipalityCode: z.string().min(1),
  asOf: isoDate,
  usages: z.array(scoringUsage),
  edges: z.array(scoringEdge),
  /** Total IT spend when known: coverage = inventoried spend / total (§3.9). */
  totalItSpendDkk: z.number().positive().nullable().default(null),
  /** Reference number of systems for comparable municipalities: fallback coverage basis. */
  referenceSystemCount: z.number().int().positive().nullable().default(null),
});
export type MunicipalityInput = z.infer<typeof municipalityInput>;
export type MunicipalityInputArg = z.input<typeof municipalityInput>;

/** Validates a usage at the boundary (repository → engine). The engine itself does not re-validate. */
export function parseScoringUsage(raw: unknown): ScoringUsage {
  return scoringUsage.parse(raw);
}

export function parseMunicipalityInput(raw: unknown): MunicipalityInput {
  return municipalityInput.parse(raw);
}

// ---------------------------------------------------------------------------------------------
// Merging a municipality's declaration with the shared catalogue.

/** A fact as one source holds it. Empty = null, undefined, '' or []. */
export interface FactSource<T> {
  value: T | null | undefined;
  provenance?: Provenance | undefined;
  observedAt?: string | null | undefined;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * One input from the two sources: the municipality's own value wins (with its declared
 * provenance, default `declared`); when the municipality left the field empty the catalogue's
 * value is used with provenance `catalogue`; otherwise the input is unknown.
 */
export function mergeInput<T>(declared: FactSource<T> | null | undefined, catalogue?: FactSource<T> | null): Input<T> {
  if (declared && !isEmpty(declared.value) && declared.provenance !== 'unknown') {
    return { value: declared.value as T, provenance: declared.provenance ?? 'declared', observedAt: declared.observedAt ?? null };
  }
  if (catalogue && !isEmpty(catalogue.value) && catalogue.provenance !== 'unknown') {
    return { value: catalogue.value as T, provenance: 'catalogue', observedAt: catalogue.observedAt ?? null };
  }
  return { value: null, provenance: 'unknown', observedAt: null };
}

/** Product-level facts the catalogue may hold (licence, export, API, code governance). */
export interface ProductFacts {
  licenseModel?: z.infer<typeof licenseModel.schema> | null;
  codeGovernance?: z.infer<typeof codeGovernance.schema> | null;
  dataExport?: z.infer<typeof dataExport.schema> | null;
  exportFormatKind?: z.infer<typeof exportFormatKind.schema> | null;
  exportCharges?: boolean | null;
  apiAvailability?: z.infer<typeof apiAvailability.schema> | null;
}
export type ProductFactKey = keyof ProductFacts;
const productFactKeys: readonly ProductFactKey[] = [
  'licenseModel',
  'codeGovernance',
  'dataExport',
  'exportFormatKind',
  'exportCharges',
  'apiAvailability',
];

export interface DeclaredProductFacts extends ProductFacts {
  /** Per-field provenance from the import (default `declared`). */
  provenance?: Partial<Record<ProductFactKey, Provenance>>;
  /** When the declaration was made (the inventory version's import date). */
  observedAt?: string | null;
}
export interface CatalogueProductFacts extends ProductFacts {
  /** When the catalogue entry was last verified. */
  observedAt?: string | null;
}

export interface MergedProductFacts {
  licenseModel: Input<NonNullable<ProductFacts['licenseModel']>>;
  codeGovernance: Input<NonNullable<ProductFacts['codeGovernance']>>;
  dataExport: Input<NonNullable<ProductFacts['dataExport']>>;
  exportFormatKind: Input<NonNullable<ProductFacts['exportFormatKind']>>;
  exportCharges: Input<boolean>;
  apiAvailability: Input<NonNullable<ProductFacts['apiAvailability']>>;
}

/**
 * Merges product-level facts (licence, export, API, code governance). When neither source knows
 * the code governance but the licence is known, it is inferred conservatively (provenance
 * `inferred`): an open-source licence counts as single-company governance, anything else as
 * closed — the worst value consistent with the licence.
 */
export function mergeDeclaredAndCatalogue(
  declared: DeclaredProductFacts | null | undefined,
  catalogue: CatalogueProductFacts | null | undefined,
): MergedProductFacts {
  const out = {} as Record<ProductFactKey, Input<unknown>>;
  for (const key of productFactKeys) {
    out[key] = mergeInput<unknown>(
      declared ? { value: declared[key], provenance: declared.provenance?.[key], observedAt: declared.observedAt } : null,
      catalogue ? { value: catalogue[key], observedAt: catalogue.observedAt } : null,
    );
  }
  const merged = out as unknown as MergedProductFacts;
  if (isUnknown(merged.codeGovernance) && !isUnknown(merged.licenseModel)) {
    merged.codeGovernance = {
      value: merged.licenseModel.value === 'open_source' ? 'single_company' : 'closed',
      provenance: 'inferred',
      observedAt: merged.licenseModel.observedAt ?? null,
    };
  }
  return merged;
}

/** An unknown input (value null, provenance `unknown`). */
export function unknownInput<T>(): Input<T> {
  return { value: null, provenance: 'unknown', observedAt: null };
}
