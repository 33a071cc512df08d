import { describe, expect, it } from 'vitest';
import { aMunicipality, aParty, anEdge, aUsage, known, unknown } from '../scoring/test-builders.ts';
import { lockinAfterMigration, scoreSystem } from '../scoring/index.ts';
import { type Candidate, type CandidateFacts, selfRunDeployment, vendorDeployment } from './candidates.ts';
import { switchingEffort } from './effort.ts';
import { type CandidateCatalogue, exitPaths, type UsageFacts } from './exit-paths.ts';
import { wrongPairIndex } from './functions.ts';
import { openFacts } from './test-builders.ts';

/** A catalogue from its lists: candidates by function term, terms and names by ref, wrong pairs. */
function catalogueOf(parts: {
  alternativesByProduct?: Map<string, Candidate[]>;
  productsByCategory?: Map<string, Candidate[]>;
  functions?: Array<[Candidate, string[]]>;
  names?: Array<[string, string[]]>;
  wrongPairs?: Array<{ subject: string; other: string }>;
}): CandidateCatalogue {
  const byFunction = new Map<string, Candidate[]>();
  for (const [c, terms] of parts.functions ?? []) for (const t of terms) byFunction.set(t, [...(byFunction.get(t) ?? []), c]);
  return {
    alternativesByProduct: parts.alternativesByProduct ?? new Map(),
    productsByCategory: parts.productsByCategory ?? new Map(),
    byFunction,
    functionsOf: new Map((parts.functions ?? []).map(([c, terms]) => [c.ref, terms])),
    namesOf: new Map(parts.names ?? []),
    wrongPairs: wrongPairIndex(parts.wrongPairs ?? []),
  };
}
const uf = (productId: string, productName: string, userCountBand: UsageFacts['userCountBand'], functions: string[] = [], names: string[] = []): UsageFacts => ({ productId, productName, userCountBand, functions, names });

const AS_OF = '2026-06-01';
const closedFacts: CandidateFacts = { ...openFacts, licenseModel: 'proprietary', codeGovernance: 'closed', dataExport: 'partial', exportFormatKind: 'vendor' as CandidateFacts['exportFormatKind'] };

const oss = (id: string, name: string, runBy: string[] = []): Candidate => ({
  ref: `alternative:${id}`,
  kind: 'open_source',
  name,
  productId: null,
  vendor: null,
  maturity: { ams: 70, openSourceLabel: true },
  deployment: selfRunDeployment(`alternative:${id}`, name, openFacts, '0101', AS_OF),
  runBy,
});
const product = (id: string, name: string, vendorId: string, facts = closedFacts, models = ['on_premise']): Candidate => {
  const vendor = { vendorId, name: vendorId, country: 'DK' };
  return { ref: `product:${id}`, kind: facts.licenseModel === 'open_source' ? 'open_source' : 'vendor_product', name, productId: id, vendor, maturity: null, deployment: vendorDeployment(`product:${id}`, name, facts, vendor, models, AS_OF), runBy: ['0147'] };
};

const ms = aParty({ vendorId: 'microsoft', name: 'Microsoft', role: 'supplier', country: known('US', 'catalogue'), dataLocation: known('eu') });

describe('switchingEffort', () => {
  it('adds the start-up point, F1/25, F3/25 + ¼ per integration, users and a point per year to the exit', () => {
    // F1 50 → 2; F3 40 and 3 integrations → 1.6 + 0.75; 500+ users → 4; 18 months → 1.5.
    expect(switchingEffort({ F1: 50, F3: 40, integrations: 3, userCountBand: '500+', monthsToExit: 18 }).total).toBe(1 + 2 + 2.35 + 4 + 1.5);
  });
  it('counts unknown users as 100–499 and an unknown exit as the cap; no integrations on record as none', () => {
    const e = switchingEffort({ F1: 0, F3: 100, integrations: null, userCountBand: null, monthsToExit: null });
    expect(e).toMatchObject({ base: 1, dataMigration: 0, integrationRework: 4, retraining: 3, contractTiming: 4, total: 12 });
  });
  it('caps the contract wait at 4 points and never goes below 0', () => {
    expect(switchingEffort({ F1: 0, F3: 0, integrations: 0, userCountBand: 'lt10', monthsToExit: 120 }).contractTiming).toBe(4);
    expect(switchingEffort({ F1: 0, F3: 0, integrations: 0, userCountBand: 'lt10', monthsToExit: 0 }).total).toBe(1.5);
  });
});

describe('exitPaths', () => {
  // M1: mail from Microsoft (critical, 500+ users), an OSS alternative is mapped onto it.
  // M2: ESDH from Danish vendor A (high, <10 users), no OSS alternative: other vendors' products.
  // M3: booking (low), low priority: outside the top of the list when top = 2.
  const input = aMunicipality({
    asOf: AS_OF,
    usages: [
      aUsage({ id: 'M1', name: 'Mail', category: 'mail', criticality: known('critical'), parties: [ms, { ...ms, role: 'host' }], exitPlan: unknown(), exportTestedAt: unknown() }),
      aUsage({ id: 'M2', name: 'ESDH', category: 'esdh', criticality: known('high'), dataExport: known('none'), licenseModel: known('proprietary'), codeGovernance: known('closed'), contracts: unknown(), exitPlan: unknown(), parties: [aParty({ vendorId: 'A', name: 'A', role: 'supplier' })] }),
      aUsage({ id: 'M3', name: 'Booking', category: 'booking', criticality: known('low') }),
    ],
    edges: [anEdge('M1', 'M2'), anEdge('M1', 'M3'), anEdge('M2', 'M3', 'requires_platform')],
  });
  const facts = new Map<string, UsageFacts>([
    ['M1', uf('1', 'Exchange Online', '500+', ['e-mail', 'kalender'])],
    ['M2', uf('2', 'A ESDH', 'lt10', ['esdh'])],
    ['M3', uf('3', 'Booking', null)],
  ]);
  const openXchange = oss('10', 'Open-Xchange', ['0147', '0151']);
  const esdh = [
    product('2', 'A ESDH', 'A'), // the usage's own product: never a candidate
    product('4', 'A ESDH Cloud', 'A'), // same vendor: not "another vendor"
    product('5', 'B ESDH', 'B', { ...openFacts, licenseModel: 'proprietary', codeGovernance: 'documented_closed' }),
    product('6', 'Z ESDH', 'Z', { ...closedFacts, dataExport: null, exportFormatKind: null, apiAvailability: null, licenseModel: null, codeGovernance: null }, ['saas']),
  ];
  const catalogue = catalogueOf({
    alternativesByProduct: new Map([['1', [openXchange]], ['3', [oss('30', 'OS2booking')]]]),
    productsByCategory: new Map([['esdh', esdh]]),
    functions: [[openXchange, ['e-mail', 'kalender']], ...esdh.map((c): [Candidate, string[]] => [c, ['esdh']])],
  });

  const result = exitPaths(input, facts, catalogue, { top: 2 });

  it('looks only at the top of the priority list', () => {
    expect(result.systemsConsidered).toBe(2);
    expect(result.paths.some((p) => p.usage.id === 'M3')).toBe(false);
  });

  it('offers the mapped open-source alternative, and other vendors’ products only where no open-source one exists', () => {
    expect(result.paths.filter((p) => p.usage.id === 'M1').map((p) => p.candidate.name)).toEqual(['Open-Xchange']);
    const m2 = result.paths.filter((p) => p.usage.id === 'M2').map((p) => p.candidate.name);
    // Not its own product, not the same vendor's other product; Z (unknown facts, vendor-hosted) does not lower the score.
    expect(m2).toEqual(['B ESDH']);
    expect(result.paths.every((p) => p.reduction > 0)).toBe(true);
  });

  it('says why each is a candidate: the function terms it shares with the system', () => {
    expect(result.paths.find((p) => p.usage.id === 'M1')!.candidate).toMatchObject({ basis: 'function', sharedFunctions: ['e-mail', 'kalender'] });
    expect(result.paths.find((p) => p.usage.id === 'M2')!.candidate).toMatchObject({ basis: 'function', sharedFunctions: ['esdh'] });
    expect(result.ideas).toBe(0);
  });

  it('computes effort by hand: integrations from the graph, users, contract timing', () => {
    const m1 = result.paths.find((p) => p.usage.id === 'M1')!;
    const s1 = scoreSystem(input.usages[0]!, AS_OF);
    // The usage's own F1 (full open export, test date unknown).
    const F1 = s1.factors[0]!.value;
    const F3 = s1.factors[2]!.value; // integrationCount 2 → 20
    expect(F3).toBe(20);
    // M1 touches 2 integrations; 500+ users → 4; contract ends 2027-03-01 → 9 months → 0.75.
    expect(m1.effort).toMatchObject({ integrations: 2, retraining: 4, contractTiming: 0.75 });
    expect(m1.effort.total).toBeCloseTo(1 + F1 / 25 + (20 / 25 + 0.5) + 4 + 0.75, 6);
    // M2 touches the data edge and the platform edge; <10 users → 0.5; no contract on record → 4; no export → F1 100 → 4.
    const m2 = result.paths.find((p) => p.usage.id === 'M2')!;
    expect(m2.effort).toMatchObject({ integrations: 2, retraining: 0.5, contractTiming: 4, dataMigration: 4, monthsToExit: null });
  });

  it('ranks task matches first, then by exit-priority reduction per effort point', () => {
    for (const p of result.paths) {
      expect(p.priorityReduction).toBeCloseTo(p.usage.exposure * p.reduction, 3);
      expect(p.value).toBeCloseTo(p.priorityReduction / p.effort.total, 3);
    }
    const bases = result.paths.map((p) => p.candidate.basis);
    expect(bases).toEqual([...bases].sort());
    for (const basis of ['function', 'category'] as const) {
      const values = result.paths.filter((p) => p.candidate.basis === basis).map((p) => p.value);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }
    expect(result.paths.map((p) => p.rank)).toEqual(result.paths.map((_, i) => i + 1));
    // The reduction agrees with the engine's after-migration score.
    const m1 = result.paths.find((p) => p.usage.id === 'M1')!;
    const am = lockinAfterMigration(input.usages[0]!, oss('10', 'Open-Xchange').deployment, AS_OF);
    expect(m1.reduction).toBeCloseTo(am.reduction, 3);
    expect(m1.recommended).toBe(am.recommended);
  });

  it('names who already runs the candidate, and the exit window', () => {
    const m1 = result.paths.find((p) => p.usage.id === 'M1')!;
    expect(m1.candidate.runBy).toEqual(['0147', '0151']);
    expect(m1.exitWindow).toMatchObject({ nextExit: '2027-03-01', monthsToExit: 9, withinWindow: true });
  });

  it('a larger reduction can rank lower when it costs more effort', () => {
    // Two usages differing only in data export, users and one integration; no contract on record.
    // X: L 45.85 → 33.25 (12.6), effort 1 + 0 + 0.8 + 0.5 + 4 = 6.3 → value 4 · 12.6 / 6.3 = 8.
    // Y: no export (F1 100 before, so 15 points more): 27.6, effort 1 + 4 + (0.8 + 0.25) + 4 + 4
    //    = 14.05 → 4 · 27.6 / 14.05 = 7.86.
    const base = { category: 'c', criticality: known('high' as const), parties: [ms], contracts: unknown<never>() };
    const one = aMunicipality({ asOf: AS_OF, usages: [aUsage({ id: 'X', ...base }), aUsage({ id: 'Y', ...base, dataExport: known('none') }), aUsage({ id: 'Z', criticality: known('low') })], edges: [anEdge('Y', 'Z')] });
    const f = new Map<string, UsageFacts>([['X', uf('p', 'P', 'lt10')], ['Y', uf('p', 'P', '500+')]]);
    const r = exitPaths(one, f, catalogueOf({ alternativesByProduct: new Map([['p', [oss('1', 'O')]]]) }), { top: 2 });
    expect(r.paths.map((p) => p.usage.id)).toEqual(['X', 'Y']);
    const [x, y] = r.paths;
    expect([x!.reduction, x!.effort.total, x!.value]).toEqual([12.6, 6.3, 8]);
    expect([y!.reduction, y!.effort.total]).toEqual([27.6, 14.05]);
    expect(y!.value).toBeCloseTo((4 * 27.6) / 14.05, 3);
  });
});
