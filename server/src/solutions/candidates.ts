// Replacement candidates for a usage (issue #7, exit paths and scenarios): the proposed
// deployment of an open-source alternative or of another vendor's product, as the after-migration
// scoring (scoring/after-migration.ts) needs it. Pure: the service reads the catalogue and passes
// plain facts in; exit paths and scenarios both build their deployments here, so a candidate has
// one lock-in after migration wherever it is shown.
import type { ApiAvailability, CodeGovernance, DataExport, ExportFormatKind, LicenseModel } from '../domain/vocabulary.ts';
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
  maturity: Pick<MaturityScore, 'ams' | 'openSourceLabel'> | null;
  deployment: AlternativeDeployment;
  /** Codes of the municipalities whose current inventory already runs it. */
  runBy: string[];
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
