// fast-check arbitraries for property tests: usages with every input either unknown or any
// valid known value, and small municipalities with random integration graphs.
import fc from 'fast-check';
import {
  apiAvailability,
  codeGovernance,
  criticality,
  dataExport,
  dataLocation,
  exitPlan,
  exportFormatKind,
  hostingModel,
  keyManagement,
  licenseModel,
} from '../domain/vocabulary.ts';
import { addMonths } from './dates.ts';
import type { ContractTerms, Input, ScoringEdge, ScoringParty, ScoringUsage } from './input.ts';
import { partyRole, nonEuSubProcessors } from './input.ts';
import { AS_OF } from './test-builders.ts';

const provenanceArb = fc.constantFrom('evidence' as const, 'declared' as const, 'catalogue' as const, 'inferred' as const);
/** Dates from 40 months before AS_OF to 110 months after. */
export const dateArb = fc.integer({ min: -40, max: 110 }).map((m) => addMonths(AS_OF, m));
const pastDateArb = fc.integer({ min: -40, max: 0 }).map((m) => addMonths(AS_OF, m));

const unknownArb = <T>(): fc.Arbitrary<Input<T>> => fc.constant({ value: null, provenance: 'unknown' as const, observedAt: null });

export function knownArb<T>(value: fc.Arbitrary<T>): fc.Arbitrary<Input<T>> {
  return fc.record({ value, provenance: provenanceArb, observedAt: fc.option(pastDateArb, { nil: null }) });
}
export function knownNoneableArb<T>(value: fc.Arbitrary<T>): fc.Arbitrary<Input<T>> {
  return fc.record({ value: fc.option(value, { nil: null }), provenance: provenanceArb, observedAt: fc.option(pastDateArb, { nil: null }) });
}
export function inputArb<T>(value: fc.Arbitrary<T>): fc.Arbitrary<Input<T>> {
  return fc.oneof(unknownArb<T>(), knownArb(value));
}
export function noneableArb<T>(value: fc.Arbitrary<T>): fc.Arbitrary<Input<T>> {
  return fc.oneof(unknownArb<T>(), knownNoneableArb(value));
}

const enumArb = <T extends string>(values: readonly T[]) => fc.constantFrom(...values);

export const values = {
  criticality: enumArb(criticality.values),
  dataExport: enumArb(dataExport.values),
  exportFormatKind: enumArb(exportFormatKind.values),
  apiAvailability: enumArb(apiAvailability.values),
  licenseModel: enumArb(licenseModel.values),
  codeGovernance: enumArb(codeGovernance.values),
  hostingModel: enumArb(hostingModel.values),
  keyManagement: enumArb(keyManagement.values),
  exitPlan: enumArb(exitPlan.values),
  dataLocation: enumArb(dataLocation.values),
  country: fc.constantFrom('DK', 'SE', 'DE', 'IE', 'NO', 'US', 'CN', 'GB'),
  subProcessors: enumArb(nonEuSubProcessors.options),
  integrationCount: fc.integer({ min: 0, max: 40 }),
  alternatives: fc.integer({ min: 0, max: 6 }),
  hhi: fc.double({ min: 0, max: 10_000, noNaN: true }),
  owner: fc.constantFrom('IT-chef', 'Arkitekt'),
};

export const vendorIdArb = fc.constantFrom('v1', 'v2', 'v3', 'v4', 'microsoft', 'kmd');

export const partyArb: fc.Arbitrary<ScoringParty> = fc.record({
  vendorId: vendorIdArb,
  role: enumArb(partyRole.options),
  country: inputArb(values.country),
  dataLocation: inputArb(values.dataLocation),
  nonEuSubProcessors: inputArb(values.subProcessors),
});

export const contractArb: fc.Arbitrary<ContractTerms> = fc.record({
  endDate: fc.option(dateArb, { nil: null }),
  noticeMonths: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
  irrevocableUntil: fc.option(dateArb, { nil: null }),
  terminatedAt: fc.option(dateArb, { nil: null, freq: 8 }),
  exitClause: fc.option(fc.boolean(), { nil: null }),
  switchingCharges: fc.option(fc.boolean(), { nil: null }),
  licencesPortable: fc.option(fc.boolean(), { nil: null }),
  bundledScope: fc.option(fc.boolean(), { nil: null }),
});

export const usageArb: fc.Arbitrary<ScoringUsage> = fc.record({
  id: fc.constant('u'),
  municipalityCode: fc.constant('0101'),
  category: fc.constant('ESDH'),
  yearlyCostDkk: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
  criticality: inputArb(values.criticality),
  dataExport: inputArb(values.dataExport),
  exportFormatKind: inputArb(values.exportFormatKind),
  exportTestedAt: noneableArb(dateArb),
  exportCharges: inputArb(fc.boolean()),
  apiAvailability: inputArb(values.apiAvailability),
  integrationCount: inputArb(values.integrationCount),
  requiresSpecificPlatform: inputArb(fc.boolean()),
  contracts: inputArb(fc.array(contractArb, { maxLength: 3 })),
  substitutability: fc.record({
    viableAlternatives: inputArb(values.alternatives),
    openOrEuAlternative: inputArb(fc.boolean()),
    nationalCategoryHhi: inputArb(values.hhi),
  }),
  licenseModel: inputArb(values.licenseModel),
  codeGovernance: inputArb(values.codeGovernance),
  hostingModel: inputArb(values.hostingModel),
  keyManagement: inputArb(values.keyManagement),
  externalBackupTestedAt: noneableArb(dateArb),
  parties: fc.array(partyArb, { maxLength: 4 }),
  exitPlan: inputArb(values.exitPlan),
  exitPlanTestedAt: noneableArb(dateArb),
  exitPlanOwner: noneableArb(values.owner),
});

/** A small municipality: usages with distinct ids and random integration edges between them. */
export const municipalityArb: fc.Arbitrary<{ usages: ScoringUsage[]; edges: ScoringEdge[] }> = fc
  .array(usageArb, { minLength: 1, maxLength: 8 })
  .chain((us) => {
    const usages = us.map((u, i) => ({ ...u, id: `u${i}` }));
    const edge = fc.record({
      from: fc.integer({ min: 0, max: usages.length - 1 }).map((i) => `u${i}`),
      to: fc.integer({ min: 0, max: usages.length - 1 }).map((i) => `u${i}`),
      kind: fc.constantFrom('data' as const, 'requires_platform' as const),
    });
    return fc.array(edge, { maxLength: 12 }).map((edges) => ({ usages, edges }));
  });
