// Test builders: a valid, fully known usage (or party, contract, municipality) with overrides.
// Tests start from a valid record and change one thing at a time.
import type { Provenance } from '../domain/vocabulary.ts';
import type { ContractTerms, Input, MunicipalityInput, ScoringEdge, ScoringParty, ScoringUsage } from './input.ts';

export const AS_OF = '2026-06-01';
/** A recent observation date (within 12 months of AS_OF). */
export const OBSERVED = '2026-03-01';

export function known<T>(value: T, provenance: Exclude<Provenance, 'unknown'> = 'declared', observedAt: string | null = OBSERVED): Input<T> {
  return { value, provenance, observedAt };
}

/** A known "none"/"never" (e.g. never tested, no owner) for inputs where null is meaningful. */
export function none<T>(provenance: Exclude<Provenance, 'unknown'> = 'declared', observedAt: string | null = OBSERVED): Input<T> {
  return { value: null, provenance, observedAt };
}

export function unknown<T>(): Input<T> {
  return { value: null, provenance: 'unknown', observedAt: null };
}

export function aParty(overrides: Partial<ScoringParty> = {}): ScoringParty {
  return {
    vendorId: 'vendor-a',
    name: 'Leverandør A',
    role: 'supplier',
    country: known('DK', 'catalogue'),
    dataLocation: known('dk'),
    nonEuSubProcessors: known('none', 'catalogue'),
    ...overrides,
  };
}

export function aContract(overrides: Partial<ContractTerms> = {}): ContractTerms {
  return {
    id: 'K1',
    endDate: '2027-03-01',
    noticeMonths: 2,
    irrevocableUntil: null,
    terminatedAt: null,
    exitClause: true,
    switchingCharges: false,
    licencesPortable: true,
    bundledScope: false,
    ...overrides,
  };
}

/** A usage with every input known and favourable-to-middling values. */
export function aUsage(overrides: Partial<ScoringUsage> = {}): ScoringUsage {
  return {
    id: 'u1',
    municipalityCode: '0101',
    name: 'Testsystem',
    category: 'ESDH',
    yearlyCostDkk: 1_000_000,
    criticality: known('medium'),
    dataExport: known('full', 'catalogue'),
    exportFormatKind: known('open_standard', 'catalogue'),
    exportTestedAt: known<string>('2026-01-15'),
    exportCharges: known(false),
    apiAvailability: known('public_open_standard', 'catalogue'),
    integrationCount: known(2),
    requiresSpecificPlatform: known(false),
    contracts: known([aContract()], 'evidence'),
    substitutability: {
      viableAlternatives: known(4, 'catalogue'),
      openOrEuAlternative: known(true, 'catalogue'),
      nationalCategoryHhi: known(1800, 'catalogue'),
    },
    licenseModel: known('proprietary', 'catalogue'),
    codeGovernance: known('documented_closed', 'catalogue'),
    hostingModel: known('vendor_hosted'),
    keyManagement: known('provider'),
    externalBackupTestedAt: none(),
    parties: [aParty()],
    exitPlan: known('one_scenario'),
    exitPlanTestedAt: none(),
    exitPlanOwner: known('IT-arkitekt'),
    ...overrides,
  };
}

/**
 * The ESDH worked example of lockin-scoring.md §3.5: Danish vendor A's ESDH run as SaaS by A on
 * Microsoft Azure (EU region); 7 integrations; Entra ID login required; proprietary but
 * documented; contract ends in 30 months with 6 months' notice; exit clause unknown; no exit
 * plan on record. Inputs the example does not mention are set so they do not change its
 * factor values (export charges none, keys provider-held, no external backup, etc.).
 */
export function esdhExample(overrides: Partial<ScoringUsage> = {}): ScoringUsage {
  const microsoft: Partial<ScoringParty> = { vendorId: 'microsoft', name: 'Microsoft', country: known('US', 'catalogue'), dataLocation: known('eu' as const) };
  return aUsage({
    id: 'esdh',
    name: 'ESDH',
    criticality: known('high'),
    dataExport: known('full'),
    exportFormatKind: known('documented_vendor'),
    exportTestedAt: unknown(),
    exportCharges: known(false),
    apiAvailability: known('public_vendor_schema'),
    integrationCount: known(7),
    requiresSpecificPlatform: known(true),
    contracts: known([aContract({ endDate: '2028-12-01', noticeMonths: 6, exitClause: null })], 'evidence'),
    substitutability: {
      viableAlternatives: known(3, 'catalogue'),
      openOrEuAlternative: known(true, 'catalogue'),
      nationalCategoryHhi: known(3100, 'catalogue'),
    },
    codeGovernance: known('documented_closed', 'catalogue'),
    hostingModel: known('vendor_hosted'),
    keyManagement: known('provider'),
    externalBackupTestedAt: none(),
    parties: [
      aParty({ vendorId: 'vendor-a', name: 'A', role: 'supplier', dataLocation: known('eu') }),
      aParty({ ...microsoft, role: 'host', nonEuSubProcessors: known('none', 'catalogue') }),
      aParty({ ...microsoft, role: 'platform', nonEuSubProcessors: known('none', 'catalogue') }),
    ],
    exitPlan: unknown(),
    exitPlanTestedAt: unknown(),
    exitPlanOwner: unknown(),
    ...overrides,
  });
}

export function anEdge(from: string, to: string, kind: ScoringEdge['kind'] = 'data'): ScoringEdge {
  return { from, to, kind };
}

export function aMunicipality(overrides: Partial<MunicipalityInput> = {}): MunicipalityInput {
  return {
    municipalityCode: '0101',
    asOf: AS_OF,
    usages: [aUsage()],
    edges: [],
    totalItSpendDkk: null,
    referenceSystemCount: null,
    ...overrides,
  };
}

/**
 * The four-system municipality of lockin-scoring.md §3.7. Every party's jurisdiction is known,
 * so F8 is exact; the doc gives L per system (64, 80, 45, 20), which tests set on the scores.
 */
export function fourSystemExample(): { input: MunicipalityInput; L: Record<string, number> } {
  const ms = (role: ScoringParty['role']) =>
    aParty({ vendorId: 'microsoft', name: 'Microsoft', role, country: known('US', 'catalogue'), dataLocation: known('eu') });
  const dk = (vendorId: string, role: ScoringParty['role']) => aParty({ vendorId, name: vendorId, role });
  const usages: ScoringUsage[] = [
    aUsage({ id: 'S1', name: 'ESDH', criticality: known('critical'), yearlyCostDkk: 2_000_000, parties: [dk('A', 'supplier'), ms('host')] }),
    aUsage({ id: 'S2', name: 'Office/mail', criticality: known('critical'), yearlyCostDkk: 6_000_000, parties: [ms('supplier'), ms('host')] }),
    aUsage({ id: 'S3', name: 'Økonomi', criticality: known('high'), yearlyCostDkk: 3_000_000, hostingModel: known('shared_public'), parties: [dk('C', 'supplier'), dk('Fællesdrift', 'operator')] }),
    aUsage({ id: 'S4', name: 'Booking', criticality: known('medium'), yearlyCostDkk: 500_000, codeGovernance: known('multi_organisation'), parties: [dk('D', 'host')] }),
  ];
  return { input: aMunicipality({ usages }), L: { S1: 64, S2: 80, S3: 45, S4: 20 } };
}
