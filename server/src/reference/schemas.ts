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
import { FUNCTION_TERMS, type FunctionTerm } from '../domain/vocabulary.ts';

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

// ---------------------------------------------------------------------------------------------
// data/reference/alternative-facts.csv (issue #14): one sourced fact per row about one open-source
// alternative, loaded by the reference loader (alternative-facts.ts; the format in data/reference/SOURCES.md).

/** The closed list of facts the catalogue and the model (F1–F9, AMS, publiccode.yml export) need. */
export const ALTERNATIVE_FACTS = [
  'name', 'homepage_url', 'repository_url', 'description_da', 'description_en',
  'spdx_license', 'development_status', 'maintenance_type', 'software_type', 'platform', 'available_language',
  'localisation_ready', 'data_export', 'export_format', 'export_format_kind', 'api_availability', 'api_standard',
  'deployment', 'code_governance', 'steward', 'supplier', 'used_by', 'function',
  'last_release', 'depends_on', 'part_of',
] as const;
export type AlternativeFact = (typeof ALTERNATIVE_FACTS)[number];

/** Facts an alternative holds at most once (the others are lists: one row per value). */
export const SINGLE_VALUED_FACTS: ReadonlySet<AlternativeFact> = new Set([
  'name', 'homepage_url', 'repository_url', 'description_da', 'description_en', 'spdx_license',
  'development_status', 'maintenance_type', 'software_type', 'data_export', 'export_format_kind',
  'api_availability', 'code_governance', 'last_release', 'localisation_ready',
]);

/** How an alternative can be run (F7/F8): by the municipality, as EU SaaS, by a Danish operator, or only as non-EU SaaS. */
export const ALTERNATIVE_DEPLOYMENTS = ['self_hosted', 'eu_saas', 'danish_operator', 'non_eu_saas'] as const;

/** What a supplier does for the alternative. */
export const SUPPLIER_ROLES = ['delivers', 'hosts', 'supports', 'develops'] as const;

/**
 * The curated function taxonomy (issue #14: match by task, not category alone) lives with its Danish
 * and English labels in domain/vocabulary.ts (`functionTerm`); the reference files use the same list.
 */
export const ALTERNATIVE_FUNCTIONS = FUNCTION_TERMS;
export type { FunctionTerm };

const isoDate = text.regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'a calendar date');
const httpUrl = text.regex(/^https?:\/\/[^\s/]+\.[^\s]+$/, 'an http(s) URL');
/** A source: a URL, or a named document of this project (`shared/research/…`, `data/reference/…`). */
const factSource = z.union([
  httpUrl,
  text.regex(/^(shared\/(research|reference)|data\/reference)\/[\w./-]+( §[\w.]+)?$/, 'a URL or a named project document'),
]);
const qualifierKey = z.enum(['country', 'cvr', 'roles', 'version', 'municipality_code', 'operator', 'kind', 'until']);

/** `key=value; key=value` → a record; refused when a key is not one of the closed list. */
const qualifiers = text.transform((s, ctx) => {
  const out: Partial<Record<z.infer<typeof qualifierKey>, string>> = {};
  if (s === '') return out;
  for (const part of s.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z_]+)=(.+)$/.exec(part);
    const k = qualifierKey.safeParse(m?.[1]);
    if (!m || !k.success) {
      ctx.addIssue({ code: 'custom', message: `qualifier "${part}" is not key=value with a known key` });
      return z.NEVER;
    }
    out[k.data] = m[2]!.trim();
  }
  return out;
});

/** Placeholder names that are not product names ("(none known)", "n/a", "?" …). */
export const PLACEHOLDER_NAME = /^\(|\bn\/a\b|none known|not osi|^\?|\?$|^tbd$|^unknown$/i;

const publiccodeEnums = {
  development_status: ['concept', 'development', 'beta', 'stable', 'obsolete'],
  maintenance_type: ['internal', 'contract', 'community', 'none'],
  software_type: ['standalone/mobile', 'standalone/iot', 'standalone/desktop', 'standalone/web', 'standalone/backend', 'standalone/other', 'addon', 'library', 'configurationFiles'],
  platform: ['web', 'windows', 'mac', 'linux', 'ios', 'android'],
} as const;

/** Why a value does not fit its fact; null when it does. */
export function factValueProblem(fact: AlternativeFact, value: string, q: Partial<Record<string, string>>): string | null {
  const oneOf = (values: readonly string[]) => (values.includes(value) ? null : `one of ${values.join(', ')}`);
  switch (fact) {
    case 'homepage_url':
    case 'repository_url':
      return httpUrl.safeParse(value).success ? null : 'an http(s) URL';
    case 'description_da':
    case 'description_en':
      return value.length >= 40 && value.length <= 600 ? null : 'a description of 40–600 characters';
    case 'spdx_license':
      return /^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$/.test(value) ? null : 'an SPDX licence expression';
    case 'development_status':
    case 'maintenance_type':
    case 'software_type':
    case 'platform':
      return oneOf(publiccodeEnums[fact]);
    case 'available_language':
      return /^[a-z]{2,3}$/.test(value) ? null : 'a BCP 47 primary language subtag (da, en …)';
    case 'localisation_ready':
      // publiccode.yml's localisation.localisationReady: the software is built to be translated.
      return oneOf(['true', 'false']);
    case 'data_export':
      return oneOf(dataExport.values);
    case 'export_format_kind':
      return oneOf(exportFormatKind.values);
    case 'api_availability':
      return oneOf(apiAvailability.values);
    case 'code_governance':
      return oneOf(codeGovernance.values);
    case 'deployment':
      if (oneOf(ALTERNATIVE_DEPLOYMENTS)) return oneOf(ALTERNATIVE_DEPLOYMENTS);
      return value === 'danish_operator' && !q.operator ? 'danish_operator names its operator (operator=…)' : null;
    case 'function':
      return oneOf(ALTERNATIVE_FUNCTIONS);
    case 'last_release':
      return isoDate.safeParse(value).success ? null : 'the release date, YYYY-MM-DD';
    case 'depends_on':
    case 'part_of':
      return key.safeParse(value).success ? null : 'a kebab-case catalogue key';
    case 'supplier':
    case 'steward': {
      if (!q.country || !/^[A-Z]{2}$/.test(q.country)) return 'country=<ISO 3166-1 alpha-2>';
      if (q.cvr && (q.country !== 'DK' || cvrProblem(q.cvr) !== null)) return 'cvr= only for Danish entities, and a valid CVR';
      if (fact === 'supplier' && !(q.roles ?? '').split('+').every((r) => (SUPPLIER_ROLES as readonly string[]).includes(r))) {
        return `roles=${SUPPLIER_ROLES.join('+')} (one or more)`;
      }
      // until=: the end of the supplier's maintenance contract as the source states it (publiccode.yml maintenance.contractors.until).
      if (q.until !== undefined && (fact !== 'supplier' || !isoDate.safeParse(q.until).success)) return 'until= only on a supplier, as YYYY-MM-DD';
      return null;
    }
    case 'used_by':
      if (!q.country || !/^[A-Z]{2}$/.test(q.country)) return 'country=<ISO 3166-1 alpha-2>';
      return q.municipality_code && !/^\d{3}$/.test(q.municipality_code) ? 'municipality_code= three digits' : null;
    default:
      return value.length > 0 ? null : 'a value';
  }
}

export const alternativeFactRow = z
  .object({
    alternative_key: key,
    fact: z.enum(ALTERNATIVE_FACTS),
    value: text.min(1),
    qualifiers,
    source_url: factSource,
    source_date: isoDate,
    verified: bool,
    note: optionalText,
  })
  .superRefine((row, ctx) => {
    const problem = factValueProblem(row.fact, row.value, row.qualifiers);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: `${row.fact}: ${problem}` });
    if (PLACEHOLDER_NAME.test(row.value) && (row.fact === 'name' || row.fact === 'supplier' || row.fact === 'used_by' || row.fact === 'steward')) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'a placeholder, not a name' });
    }
  });
export type AlternativeFactRow = z.output<typeof alternativeFactRow>;

// ---------------------------------------------------------------------------------------------
// data/reference/product-functions.csv (issue #14, matching by task): what each product of
// products.csv does, in the same closed function taxonomy the alternatives' `function` facts use.
// The reference loader stores it in product_functions (migration 0016); exit paths match by it.

/** Where a product's function was read: a URL, a named project document, or `general knowledge`. */
const functionSource = z.union([z.literal('general knowledge'), factSource]);

export const productFunctionRow = z
  .object({
    product_key: key,
    /** Empty only for a product deliberately without a function (the note says why). */
    function: z.union([z.literal('').transform(() => null), z.enum(ALTERNATIVE_FUNCTIONS)]),
    source: functionSource,
    note: optionalText,
  })
  .superRefine((row, ctx) => {
    if (row.function === null && !/^deliberately without\b/i.test(row.note ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'a row without a function says "deliberately without: <why>"' });
    }
    if (row.source === 'general knowledge' && !row.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'a general-knowledge row says what it rests on' });
    }
  });
export type ProductFunctionRow = z.output<typeof productFunctionRow>;

/** `product:<key>` (products.csv), `alternative:<key>` (alternative-facts.csv) or `function:<term>`. */
const pairSide = text.transform((s, ctx) => {
  const m = /^(product|alternative|function):(.+)$/.exec(s);
  const kind = m?.[1] as 'product' | 'alternative' | 'function' | undefined;
  const value = m?.[2] ?? '';
  const ok = kind === 'function' ? (ALTERNATIVE_FUNCTIONS as readonly string[]).includes(value) : kind !== undefined && key.safeParse(value).success;
  if (!ok) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not product:<key>, alternative:<key> or function:<term of the closed list>` });
    return z.NEVER;
  }
  return { kind: kind!, value };
});

/**
 * data/reference/function-wrong-pairs.csv: pairs the matcher must never propose. `subject` is a
 * product or an alternative; `other` is a function term the subject must not carry, or a product
 * or alternative it must share no function with (so a function match can never pair them).
 */
export const functionWrongPairRow = z
  .object({ subject: pairSide, other: pairSide, reason: text.min(10) })
  .refine((r) => r.subject.kind !== 'function', { path: ['subject'], message: 'the subject is a product or an alternative' });
export type FunctionWrongPairRow = z.output<typeof functionWrongPairRow>;

/**
 * data/reference/kle-functions.csv: a KLE number or prefix (main group `81`, group `81.02`, topic
 * `81.02.04`) → a function term, so a system's KLE numbers from KITOS say which municipal task it is
 * used for. Numbers only: KLE's titles are KL's and not openly licensed (kle-SOURCES.md); the note is
 * our own words. A usage's KLE number `n` maps onto the terms of every row whose `kle` equals `n` or
 * is a prefix of it (`81` covers `81.02.04`).
 */
export const kleFunctionRow = z
  .object({
    kle: text.regex(/^\d{2}(\.\d{2}){0,2}$/, 'a KLE number: NN, NN.NN or NN.NN.NN'),
    function: z.enum(FUNCTION_TERMS),
    source: functionSource,
    note: text.min(10),
  });
export type KleFunctionRow = z.output<typeof kleFunctionRow>;
