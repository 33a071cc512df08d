// Replacement candidates for a usage (issue #7, exit paths and scenarios): the proposed
// deployment of an open-source alternative or of another vendor's product, as the after-migration
// scoring (scoring/after-migration.ts) needs it. Pure: the service reads the catalogue and passes
// plain facts in; exit paths and scenarios both build their deployments here, so a candidate has
// one lock-in after migration wherever it is shown.
import { apiAvailability, type ApiAvailability, codeGovernance, type CodeGovernance, dataExport, type DataExport, EU_EEA_COUNTRIES, exportFormatKind, type ExportFormatKind, type LicenseModel } from '../domain/vocabulary.ts';
import type { FactLike } from '../reference/candidate-inputs.ts';
import type { AlternativeDeployment, Input, MaturityScore, ScoringParty } from '../scoring/index.ts';

export type CandidateKind = 'open_source' | 'vendor_product';

/** The product-level facts the catalogue holds about a candidate (null = unknown). */
export interface CandidateFacts {
  licenseModel: LicenseModel | null;
  codeGovernance: CodeGovernance | null;
  dataExport: DataExport | null;
  exportFormatKind: ExportFormatKind | null;
  apiAvailability: ApiAvailability | null;
  /** When the catalogue entry was last changed (the facts' observation date). */
  observedAt: string | null;
}

/** A vendor as the catalogue knows it, rolled up to its ultimate parent. */
export interface CandidateVendor {
  vendorId: string;
  name: string;
  /** ISO 3166-1 alpha-2 seat of the ultimate parent; null when unknown. */
  country: string | null;
}

/** A candidate replacement with its proposed deployment, ready to score. */
export interface Candidate {
  /** `alternative:<id>` (open-source catalogue) or `product:<id>` (reference catalogue). */
  ref: string;
  kind: CandidateKind;
  name: string;
  /** The catalogue product this candidate is (for products, and for alternatives that are also products). */
  productId: string | null;
  vendor: CandidateVendor | null;
  maturity: Pick<MaturityScore, 'ams' | 'knownMetrics' | 'metricCount' | 'openSourceLabel'> | null;
  deployment: AlternativeDeployment;
  /** Codes of the municipalities whose current inventory already runs it. */
  runBy: string[];
  /**
   * The candidate inputs (F1–F9, reference/candidate-inputs.ts) the catalogue does not know for an
   * open-source alternative; absent or [] when all are known (a vendor product's are its scorer facts).
   */
  unknownInputs?: readonly string[];
  /** An alternative shown as unverified (not published): never recommended. */
  unverified?: boolean;
}

/** The party that runs a self-operated deployment: the municipality itself (egen drift). */
export const SELF_VENDOR_PREFIX = 'self:';

export function selfOperator(municipalityCode: string, asOf: string): ScoringParty {
  const inferred = <T>(value: T): Input<T> => ({ value, provenance: 'inferred', observedAt: asOf });
  return {
    vendorId: `${SELF_VENDOR_PREFIX}${municipalityCode}`,
    name: 'Egen drift / self-operated',
    role: 'operator',
    country: inferred('DK'),
    dataLocation: inferred('dk' as const),
    nonEuSubProcessors: inferred('none' as const),
  };
}

const catalogueFact = <T>(value: T | null, observedAt: string | null): Input<T> =>
  value === null ? { value: null, provenance: 'unknown', observedAt: null } : { value, provenance: 'catalogue', observedAt };

function productFacts(f: CandidateFacts): AlternativeDeployment['product'] {
  return {
    licenseModel: catalogueFact(f.licenseModel, f.observedAt),
    codeGovernance: catalogueFact(f.codeGovernance, f.observedAt),
    dataExport: catalogueFact(f.dataExport, f.observedAt),
    exportFormatKind: catalogueFact(f.exportFormatKind, f.observedAt),
    apiAvailability: catalogueFact(f.apiAvailability, f.observedAt),
  };
}

/**
 * An open-source alternative run by the municipality on its own premises: the municipality
 * itself is the only controlling party (Danish, data in Denmark; provenance `inferred`). Facts
 * the catalogue lacks stay unknown and score worst.
 */
export function selfRunDeployment(id: string, name: string, facts: CandidateFacts, municipalityCode: string, asOf: string): AlternativeDeployment {
  return {
    alternativeId: id,
    name,
    product: productFacts(facts),
    deployment: {
      hostingModel: { value: 'on_premise', provenance: 'inferred', observedAt: asOf },
      parties: [selfOperator(municipalityCode, asOf)],
    },
  };
}

/**
 * Another vendor's product as that vendor offers it: on the municipality's premises when the
 * catalogue lists an on-premise deployment (the vendor supplies; the data stays in Denmark),
 * otherwise hosted by the vendor (data location and sub-processors unknown until the offer
 * states them, so they score worst).
 */
export function vendorDeployment(
  id: string,
  name: string,
  facts: CandidateFacts,
  vendor: CandidateVendor,
  deploymentModels: readonly string[],
  asOf: string,
): AlternativeDeployment {
  const inferred = <T>(value: T): Input<T> => ({ value, provenance: 'inferred', observedAt: asOf });
  const unknown = <T>(): Input<T> => ({ value: null, provenance: 'unknown', observedAt: null });
  const country: Input<string> = vendor.country ? { value: vendor.country, provenance: 'catalogue', observedAt: null } : unknown();
  const onPremise = deploymentModels.includes('on_premise');
  const party = (role: ScoringParty['role']): ScoringParty => ({
    vendorId: vendor.vendorId,
    name: vendor.name,
    role,
    country,
    dataLocation: onPremise ? inferred('dk' as const) : unknown(),
    nonEuSubProcessors: onPremise ? inferred('none' as const) : unknown(),
  });
  return {
    alternativeId: id,
    name,
    product: productFacts(facts),
    deployment: onPremise
      ? { hostingModel: inferred('on_premise' as const), parties: [party('supplier')] }
      : { hostingModel: inferred('vendor_hosted' as const), parties: [party('supplier'), party('host')] },
  };
}

/** A sourced fact of an alternative with its date (a row of `alternative_facts`). */
export interface SourcedFact extends FactLike {
  sourceDate: string;
}

/**
 * An open-source alternative's candidate facts from its sourced facts (`alternative_facts`):
 * licence model open source when it has an SPDX licence, code governance, data export, export
 * format kind and API availability as stated; each fact the alternative lacks is taken from
 * `fallback` (the same-named catalogue product's, when there is one). observedAt is the newest
 * source date of its facts.
 */
export function sourcedCandidateFacts(facts: readonly SourcedFact[], fallback: CandidateFacts): CandidateFacts {
  const one = <T extends string>(fact: string, values: readonly T[]): T | null => {
    const v = facts.find((f) => f.fact === fact)?.value;
    return v !== undefined && (values as readonly string[]).includes(v) ? (v as T) : null;
  };
  const newest = facts.reduce<string | null>((max, f) => (max === null || f.sourceDate > max ? f.sourceDate : max), null);
  return {
    licenseModel: facts.some((f) => f.fact === 'spdx_license') ? 'open_source' : fallback.licenseModel,
    codeGovernance: one('code_governance', codeGovernance.values) ?? fallback.codeGovernance,
    dataExport: one('data_export', dataExport.values) ?? fallback.dataExport,
    exportFormatKind: one('export_format_kind', exportFormatKind.values) ?? fallback.exportFormatKind,
    apiAvailability: one('api_availability', apiAvailability.values) ?? fallback.apiAvailability,
    observedAt: newest ?? fallback.observedAt,
  };
}

/** The supplier or steward of an alternative with a country, preferring a supplier with the given role. */
function partyOf(facts: readonly SourcedFact[], inEu: boolean, role: string): { name: string; country: string } | null {
  const withCountry = facts.filter((f) => (f.fact === 'supplier' || f.fact === 'steward') && !!f.qualifiers.country && EU_EEA_COUNTRIES.has(f.qualifiers.country!) === inEu);
  const pick =
    withCountry.find((f) => f.fact === 'supplier' && (f.qualifiers.roles ?? '').split('+').includes(role)) ??
    withCountry.find((f) => f.fact === 'steward') ??
    withCountry[0];
  return pick ? { name: pick.value, country: pick.qualifiers.country! } : null;
}

/**
 * The deployment an open-source alternative is proposed with, from its `deployment` facts:
 * run by the municipality itself when it can be self-hosted (or nothing is known about how it
 * runs); else by a Danish operator (country DK, data in Denmark); else hosted in the EU (data in
 * the EU, the host a supplier or steward with an EU country when one is known); only when it is
 * offered solely as non-EU SaaS, by a non-EU host (data outside the EU).
 */
export function sourcedDeployment(id: string, name: string, facts: CandidateFacts, sourced: readonly SourcedFact[], municipalityCode: string, asOf: string): AlternativeDeployment {
  const offers = sourced.filter((f) => f.fact === 'deployment');
  const kinds = new Set(offers.map((f) => f.value));
  if (offers.length === 0 || kinds.has('self_hosted')) return selfRunDeployment(id, name, facts, municipalityCode, asOf);
  const stated = <T>(value: T, observedAt: string | null): Input<T> => ({ value, provenance: 'catalogue', observedAt });
  const unknown = <T>(): Input<T> => ({ value: null, provenance: 'unknown', observedAt: null });
  const hosted = (party: Omit<ScoringParty, 'nonEuSubProcessors'>): AlternativeDeployment => ({
    alternativeId: id,
    name,
    product: productFacts(facts),
    deployment: { hostingModel: stated('vendor_hosted' as const, facts.observedAt), parties: [{ ...party, nonEuSubProcessors: unknown() }] },
  });
  const dated = (fact: SourcedFact | undefined) => fact?.sourceDate ?? facts.observedAt;
  const danish = offers.find((f) => f.value === 'danish_operator');
  if (danish) {
    const operator = danish.qualifiers.operator ?? 'Dansk driftsoperatør / Danish operator';
    return hosted({ vendorId: `operator:${operator}`, name: operator, role: 'operator', country: stated('DK', dated(danish)), dataLocation: stated('dk' as const, dated(danish)) });
  }
  const eu = offers.find((f) => f.value === 'eu_saas');
  if (eu) {
    const host = partyOf(sourced, true, 'hosts');
    return hosted({
      vendorId: `host:${host?.name ?? 'eu'}`,
      name: host?.name ?? 'EU-hosting / EU host',
      role: 'host',
      country: host ? stated(host.country, dated(eu)) : unknown(),
      dataLocation: stated('eu' as const, dated(eu)),
    });
  }
  const nonEu = offers.find((f) => f.value === 'non_eu_saas');
  const host = partyOf(sourced, false, 'hosts');
  return hosted({
    vendorId: `host:${host?.name ?? 'non-eu'}`,
    name: host?.name ?? 'Hosting uden for EU / non-EU host',
    role: 'host',
    country: host ? stated(host.country, dated(nonEu)) : unknown(),
    dataLocation: stated('non_eu' as const, dated(nonEu)),
  });
}
