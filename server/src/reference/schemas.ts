// zod schemas of the reference data files in data/reference/ (see data/reference/SOURCES.md).
import { z } from 'zod';
import {
  apiAvailability,
  codeGovernance,
  dataExport,
  deploymentModel,
  exportFormatKind,
  licenseModel,
  vendorKind,
  vendorRoleKind,
} from '../domain/vocabulary.ts';
import { cvrProblem } from '../domain/cvr.ts';

const text = z.string().trim();
const optionalText = text.transform((s) => (s === '' ? null : s));
const bool = z.enum(['true', 'false']).transform((s) => s === 'true');
const list = text.transform((s) => (s === '' ? [] : s.split('|').map((x) => x.trim()).filter(Boolean)));
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.literal('').transform(() => null), z.enum(values)]);
const enumList = <T extends readonly [string, ...string[]]>(values: T) => list.pipe(z.array(z.enum(values)));
const key = text.regex(/^[a-z0-9][a-z0-9-]*$/, 'keys are lower-case kebab-case');

export const municipalityRow = z.object({
  code: z.coerce.number().int().min(100).max(999),
  name: text.min(1),
  region: text.min(1),
});

export const categoryRow = z.object({
  code: text.regex(/^dk-[a-z0-9-]+$/, 'municipal category codes start with dk-'),
  kind: z.literal('municipal'),
  label_da: text.min(1),
  label_en: text.min(1),
});

export const vendorRow = z.object({
  key,
  name: text.min(1),
  // The CVR rule (domain/cvr.ts): a reference CVR must be one the catalogue may match on.
  cvr: z.union([z.literal(''), text.refine((s) => cvrProblem(s) === null, 'a valid CVR number: 8 digits, the first not 0, modulus 11')]).transform((s) => s || null),
  country: z.union([z.literal(''), text.regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2')]).transform((s) => s || null),
  parent_key: z.union([z.literal(''), key]).transform((s) => s || null),
  kind: vendorKind.schema,
  role_kind: optionalEnum(vendorRoleKind.values),
  aliases: list,
  source: text.min(1),
  verified: bool,
  notes: optionalText,
});
export type VendorRowInput = z.output<typeof vendorRow>;

const platformRequirement = text.regex(/^(identity|database|runtime|office|hosting):[a-z0-9-]+$/, 'role:product_key');

export const productRow = z.object({
  key,
  name: text.min(1),
  rights_holder_key: z.union([z.literal(''), key]).transform((s) => s || null),
  category: optionalText,
  license_model: optionalEnum(licenseModel.values),
  spdx_license: optionalText,
  deployment_models: enumList(deploymentModel.values),
  data_export: optionalEnum(dataExport.values),
  export_formats: list,
  export_format_kind: optionalEnum(exportFormatKind.values),
  api_availability: optionalEnum(apiAvailability.values),
  api_standards: list,
  code_governance: optionalEnum(codeGovernance.values),
  requires_platforms: list.pipe(z.array(platformRequirement)).transform((xs) =>
    xs.map((x) => {
      const [role, productKey] = x.split(':') as [string, string];
      return { role, productKey };
    }),
  ),
  kitos_uuid: z.union([z.literal(''), z.uuid()]).transform((s) => s || null),
  aliases: list,
  source: text.min(1),
  verified: bool,
  notes: optionalText,
});
export type ProductRowInput = z.output<typeof productRow>;

/** ../shared/reference/alternatives.csv, copied: `?` marks an unverified cell. */
export const alternativeMappingRow = z.object({
  proprietary_product: text.min(1),
  vendor: text,
  vendor_country: text,
  category: text.min(1),
  oss_alternative: text,
  oss_license_spdx: text,
  oss_url: text,
  notes: text,
});
export type AlternativeMappingRow = z.output<typeof alternativeMappingRow>;

export const publiccodeVocabularies = z.object({
  softwareType: z.array(z.string()),
  developmentStatus: z.array(z.string()),
  maintenanceType: z.array(z.string()),
  platformsSuggested: z.array(z.string()),
  categories: z.array(z.string()),
  intendedAudienceScope: z.array(z.string()),
  publiccodeYmlVersionsAcceptedByParser: z.array(z.string()),
  _source: z.object({ repository: z.string(), commit: z.string() }),
});
