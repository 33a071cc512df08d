import { describe, expect, it } from 'vitest';
import {
  f1DataPortability,
  f2OpenInterfaces,
  f3IntegrationEntanglement,
  f4ContractualBinding,
  f5Substitutability,
  f6TechnologyOpenness,
  f7OperationalControl,
  f8Jurisdiction,
  f9ExitReadiness,
  partyJurisdiction,
} from './factors.ts';
import type { ScoringUsage } from './input.ts';
import { AS_OF, aContract, aParty, aUsage, known, none, unknown } from './test-builders.ts';

const RECENT = '2025-09-01'; // ≤ 12 months before AS_OF
const OLD = '2024-09-01'; // > 12 months before AS_OF

describe('F1 data portability', () => {
  const f1 = (o: Partial<ScoringUsage>) => f1DataPortability(aUsage(o), AS_OF);
  it.each([
    ['full, open, tested ≤ 12 months', { dataExport: known('full'), exportFormatKind: known('open_standard'), exportTestedAt: known(RECENT) }, 0, 'F1.full-open-tested'],
    ['full, open, tested long ago', { dataExport: known('full'), exportFormatKind: known('open_standard'), exportTestedAt: known(OLD) }, 25, 'F1.full-open-untested'],
    ['full, open, never tested', { dataExport: known('full'), exportFormatKind: known('open_standard'), exportTestedAt: none() }, 25, 'F1.full-open-untested'],
    ['full, vendor format', { dataExport: known('full'), exportFormatKind: known('documented_vendor') }, 50, 'F1.full-vendor-format'],
    ['partial, open', { dataExport: known('partial'), exportFormatKind: known('open_standard') }, 50, 'F1.partial-open'],
    ['full, undocumented', { dataExport: known('full'), exportFormatKind: known('undocumented') }, 75, 'F1.full-undocumented'],
    ['partial, vendor format', { dataExport: known('partial'), exportFormatKind: known('documented_vendor') }, 75, 'F1.partial-closed'],
    ['paid service', { dataExport: known('paid_service') }, 75, 'F1.paid-service'],
    ['none', { dataExport: known('none') }, 100, 'F1.none'],
    ['unknown', { dataExport: unknown() }, 100, 'F1.unknown'],
  ] as const)('%s → %s', (_, o, value, rule) => {
    const r = f1(o as Partial<ScoringUsage>);
    expect(r.value).toBe(value);
    expect(r.rule).toBe(rule);
  });

  it('format known, test date unknown: counts as untested; the bound assumes tested', () => {
    const r = f1({ dataExport: known('full'), exportFormatKind: known('open_standard'), exportTestedAt: unknown() });
    expect([r.value, r.optimistic, r.rule, r.optimisticRule]).toEqual([25, 0, 'F1.full-open-untested', 'F1.full-open-tested']);
    expect(r.unknownInputs).toEqual(['exportTestedAt']);
  });

  it('an export charge lifts the level to at least 75', () => {
    const r = f1({ dataExport: known('full'), exportFormatKind: known('open_standard'), exportTestedAt: known(RECENT), exportCharges: known(true) });
    expect(r.value).toBe(75);
    expect(r.modifiers).toEqual([expect.objectContaining({ id: 'F1.export-charged', points: 75 })]);
  });

  it('unknown export: 100 with bound 0, and only the consulted input is listed', () => {
    const r = f1({ dataExport: unknown() });
    expect([r.value, r.optimistic]).toEqual([100, 0]);
    expect(r.inputs.map((i) => [i.name, i.label])).toEqual([['dataExport', 'ukendt']]);
    expect(r.confidence).toBe(0);
  });

  it('shows Danish labels and provenance of the inputs', () => {
    const r = f1({ dataExport: known('full', 'catalogue'), exportFormatKind: known('documented_vendor', 'evidence') });
    expect(r.inputs.slice(0, 2).map((i) => [i.name, i.label, i.provenance])).toEqual([
      ['dataExport', 'Fuld eksport', 'catalogue'],
      ['exportFormatKind', 'Dokumenteret leverandørformat', 'evidence'],
    ]);
  });
});

describe('F2 open interfaces', () => {
  it.each([
    ['public_open_standard', 0], ['public_vendor_schema', 25], ['nda_or_fee', 50], ['limited', 75], ['none', 100],
  ] as const)('%s → %s', (api, value) => {
    expect(f2OpenInterfaces(aUsage({ apiAvailability: known(api) }), AS_OF).value).toBe(value);
  });
  it('unknown → 100 (bound 0)', () => {
    const r = f2OpenInterfaces(aUsage({ apiAvailability: unknown() }), AS_OF);
    expect([r.value, r.optimistic, r.rule]).toEqual([100, 0, 'F2.unknown']);
  });
});

describe('F3 integration entanglement', () => {
  it.each([[0, 0], [1, 20], [2, 20], [3, 40], [5, 40], [6, 60], [10, 60], [11, 80], [20, 80], [21, 100], [50, 100]])(
    '%s integrations → %s',
    (n, value) => {
      expect(f3IntegrationEntanglement(aUsage({ integrationCount: known(n) }), AS_OF).value).toBe(value);
    },
  );
  it('+20 for a specific vendor platform, capped at 100', () => {
    expect(f3IntegrationEntanglement(aUsage({ integrationCount: known(7), requiresSpecificPlatform: known(true) }), AS_OF).value).toBe(80);
    expect(f3IntegrationEntanglement(aUsage({ integrationCount: known(25), requiresSpecificPlatform: known(true) }), AS_OF).value).toBe(100);
  });
  it('unknown count → 100; unknown platform flag counts as required', () => {
    const r = f3IntegrationEntanglement(aUsage({ integrationCount: unknown(), requiresSpecificPlatform: unknown() }), AS_OF);
    expect([r.value, r.optimistic, r.rule]).toEqual([100, 0, 'F3.unknown']);
    const p = f3IntegrationEntanglement(aUsage({ integrationCount: known(0), requiresSpecificPlatform: unknown() }), AS_OF);
    expect([p.value, p.optimistic]).toEqual([20, 0]);
  });
});

describe('F4 contractual binding', () => {
  const favourable = { noticeMonths: 2, exitClause: true, switchingCharges: false, licencesPortable: true, bundledScope: false };
  const f4 = (c: Parameters<typeof aContract>[0]) => f4ContractualBinding(aUsage({ contracts: known([aContract({ ...favourable, ...c })]) }), AS_OF);
  it.each([
    ['2027-06-01', 0], ['2027-06-02', 25], ['2028-06-01', 25], ['2028-06-02', 50], ['2030-06-01', 50], ['2030-06-02', 75],
    ['2032-06-01', 75], ['2032-06-02', 100],
  ])('ends %s → base %s', (endDate, value) => {
    expect(f4({ endDate }).value).toBe(value);
  });
  it('modifiers: notice > 2 months +10, no exit clause +15, charges +10, not portable +10, bundled +10, capped at 100', () => {
    const r = f4({ endDate: '2028-12-01', noticeMonths: 3, exitClause: false, switchingCharges: true, licencesPortable: false, bundledScope: true });
    expect(r.modifiers.map((m) => [m.id, m.points])).toEqual([
      ['F4.notice-over-2-months', 10], ['F4.no-exit-clause', 15], ['F4.switching-charges', 10], ['F4.licences-not-portable', 10], ['F4.bundled-scope', 10],
    ]);
    expect(r.value).toBe(100);
  });
  it('each unknown modifier counts as unfavourable; the bound as favourable', () => {
    const r = f4({ endDate: '2027-01-01', noticeMonths: null, exitClause: null, switchingCharges: null, licencesPortable: null, bundledScope: null });
    expect([r.value, r.optimistic]).toEqual([55, 0]);
    expect(r.unknownInputs).toHaveLength(5);
  });
  it('unknown end date → base 100', () => {
    const r = f4({ endDate: null });
    expect([r.value, r.optimistic, r.rule]).toEqual([100, 0, 'F4.unknown-end-date']);
  });
  it('termination with notice after the irrevocable period can come before the end date', () => {
    const r = f4({ endDate: '2032-01-01', irrevocableUntil: '2026-12-01', noticeMonths: 3 });
    expect(r.value).toBe(0 + 10);
    expect(r.detail?.en).toBe('6 months to exit (1 Dec 2026) → 0');
  });
  it('a terminated contract is bound until its termination date', () => {
    expect(f4({ endDate: '2035-01-01', terminatedAt: '2027-01-01' }).rule).toBe('F4.terminated');
  });
  it('no contract information → 100 (bound 0); declared no contract → 0', () => {
    const u = f4ContractualBinding(aUsage({ contracts: unknown() }), AS_OF);
    expect([u.value, u.optimistic, u.rule]).toEqual([100, 0, 'F4.unknown-contract']);
    const n = f4ContractualBinding(aUsage({ contracts: known([]) }), AS_OF);
    expect([n.value, n.rule]).toEqual([0, 'F4.no-contract']);
  });
  it('several contracts: the most binding counts', () => {
    const r = f4ContractualBinding(
      aUsage({ contracts: known([aContract({ ...favourable, id: 'licens', endDate: '2027-01-01' }), aContract({ ...favourable, id: 'drift', endDate: '2031-01-01' })]) }),
      AS_OF,
    );
    expect(r.value).toBe(75);
    expect(r.inputs.some((i) => i.name === 'contracts[drift].endDate')).toBe(true);
  });
});

describe('F5 substitutability', () => {
  const f5 = (n: number | null, open: boolean | null, hhi: number | null) =>
    f5Substitutability(
      aUsage({
        substitutability: {
          viableAlternatives: n === null ? unknown() : known(n),
          openOrEuAlternative: open === null ? unknown() : known(open),
          nationalCategoryHhi: hhi === null ? unknown() : known(hhi),
        },
      }),
      AS_OF,
    );
  it.each([
    [3, true, 1000, 0], [5, false, 1000, 25], [2, true, 1000, 50], [1, true, 1000, 75], [0, true, 1000, 100],
    [3, true, 2600, 15], [1, false, 2501, 90], [0, false, 9000, 100], [3, true, 2500, 0],
  ])('%s alternatives, open/EU %s, HHI %s → %s', (n, open, hhi, value) => {
    expect(f5(n, open, hhi).value).toBe(value);
  });
  it('unknown category → 100; unknown HHI counts as concentrated', () => {
    expect(f5(null, null, null).value).toBe(100);
    expect(f5(null, null, null).rule).toBe('F5.unknown');
    const r = f5(3, true, null);
    expect([r.value, r.optimistic]).toEqual([15, 0]);
  });
});

describe('F6 technology openness', () => {
  it.each([
    ['public_sector', 0], ['multi_organisation', 0], ['single_company', 20], ['source_available', 40], ['escrow', 60],
    ['documented_closed', 80], ['closed', 100],
  ] as const)('%s → %s', (g, value) => {
    expect(f6TechnologyOpenness(aUsage({ codeGovernance: known(g) }), AS_OF).value).toBe(value);
  });
  it('unknown → 100 (bound 0)', () => {
    const r = f6TechnologyOpenness(aUsage({ codeGovernance: unknown() }), AS_OF);
    expect([r.value, r.optimistic, r.rule]).toEqual([100, 0, 'F6.unknown']);
  });
});

describe('F7 operational control', () => {
  const us = aParty({ vendorId: 'aws', role: 'host', country: known('US') });
  const eu = aParty({ vendorId: 'ovh', role: 'host', country: known('FR') });
  const f7 = (o: Partial<ScoringUsage>) => f7OperationalControl(aUsage({ keyManagement: known('provider'), externalBackupTestedAt: none(), ...o }), AS_OF);
  it.each([
    ['on_premise', [], 0, 'F7.on-premise'],
    ['shared_public', [], 20, 'F7.shared-public'],
    ['self_managed_cloud', [{ ...eu, role: 'iaas_host' }], 40, 'F7.self-managed-eu-cloud'],
    ['self_managed_cloud', [{ ...us, role: 'iaas_host' }], 60, 'F7.self-managed-non-eu-cloud'],
    ['vendor_hosted', [aParty(), eu], 60, 'F7.vendor-eu'],
    ['vendor_hosted', [aParty(), us], 80, 'F7.vendor-non-eu'],
    ['vendor_hosted', [aParty()], 60, 'F7.vendor-eu'],
    ['hybrid', [aParty(), us], 80, 'F7.vendor-non-eu'],
  ] as const)('%s on %j → %s', (h, parties, value, rule) => {
    const r = f7({ hostingModel: known(h), parties: [...parties] });
    expect([r.value, r.rule]).toEqual([value, rule]);
  });
  it('customer-held keys −10, external backup with a recent restore test −10, floor 0', () => {
    const r = f7({ hostingModel: known('vendor_hosted'), parties: [aParty(), us], keyManagement: known('hyok'), externalBackupTestedAt: known(RECENT) });
    expect(r.value).toBe(60);
    expect(f7({ hostingModel: known('vendor_hosted'), parties: [aParty(), us], externalBackupTestedAt: known(OLD) }).value).toBe(80);
    expect(f7({ hostingModel: known('on_premise'), keyManagement: known('byok') }).value).toBe(0);
  });
  it('unknown hosting → 100; unknown host country counts as non-EU', () => {
    expect(f7({ hostingModel: unknown() }).value).toBe(100);
    const r = f7({ hostingModel: known('vendor_hosted'), parties: [aParty({ role: 'host', country: unknown() })] });
    expect([r.value, r.optimistic]).toEqual([80, 60]);
  });
});

describe('F8 jurisdiction', () => {
  const p = (country: string | null, loc: 'dk' | 'eu' | 'non_eu' | null, sub: 'none' | 'non_material' | 'material' | null) =>
    aParty({
      country: country === null ? unknown() : known(country),
      dataLocation: loc === null ? unknown() : known(loc),
      nonEuSubProcessors: sub === null ? unknown() : known(sub),
    });
  it.each([
    ['DK', 'dk', 'none', 0, 'F8.eu-clean'],
    ['NO', 'eu', 'none', 0, 'F8.eu-clean'],
    ['DE', 'eu', 'non_material', 25, 'F8.eu-non-material'],
    ['SE', 'eu', 'material', 50, 'F8.eu-material'],
    ['FI', 'non_eu', 'none', 50, 'F8.eu-material'],
    ['US', 'eu', 'none', 75, 'F8.non-eu-data-in-eu'],
    ['US', 'non_eu', 'none', 100, 'F8.non-eu-data-outside'],
    ['GB', 'dk', 'none', 75, 'F8.non-eu-data-in-eu'],
  ] as const)('%s, data %s, sub-processors %s → %s', (c, loc, sub, value, rule) => {
    const r = partyJurisdiction(p(c, loc, sub));
    expect([r.value, r.rule]).toEqual([value, rule]);
  });
  it('the maximum over all parties counts, and the detail names the worst party', () => {
    const r = f8Jurisdiction(aUsage({ parties: [p('DK', 'dk', 'none'), aParty({ vendorId: 'ms', name: 'Microsoft', role: 'host', country: known('US'), dataLocation: known('eu') })] }), AS_OF);
    expect(r.value).toBe(75);
    expect(r.detail?.en).toBe('Worst party: Microsoft (host) → 75');
  });
  it('unknown control → 100; no parties → 100; unknown sub-processors count as material', () => {
    expect(partyJurisdiction(p(null, 'eu', 'none')).value).toBe(100);
    const r = f8Jurisdiction(aUsage({ parties: [] }), AS_OF);
    expect([r.value, r.optimistic, r.rule]).toEqual([100, 0, 'F8.no-parties']);
    expect(partyJurisdiction(p('DK', 'dk', null)).value).toBe(50);
    expect(partyJurisdiction(p('US', null, null)).value).toBe(100);
    expect(partyJurisdiction(p('US', null, null), undefined, 'best').value).toBe(75);
  });
});

describe('F9 exit readiness', () => {
  const f9 = (o: Partial<ScoringUsage>) => f9ExitReadiness(aUsage(o), AS_OF);
  it.each([
    ['both, tested recently, owner', { exitPlan: known('both_scenarios'), exitPlanTestedAt: known(RECENT), exitPlanOwner: known('IT-chef') }, 0],
    ['both, tested long ago', { exitPlan: known('both_scenarios'), exitPlanTestedAt: known(OLD), exitPlanOwner: known('IT-chef') }, 33],
    ['both, never tested', { exitPlan: known('both_scenarios'), exitPlanTestedAt: none(), exitPlanOwner: known('IT-chef') }, 33],
    ['both, tested, no owner', { exitPlan: known('both_scenarios'), exitPlanTestedAt: known(RECENT), exitPlanOwner: none() }, 33],
    ['one scenario', { exitPlan: known('one_scenario') }, 66],
    ['high level', { exitPlan: known('high_level') }, 66],
    ['none', { exitPlan: known('none') }, 100],
    ['unknown', { exitPlan: unknown() }, 100],
  ] as const)('%s → %s', (_, o, value) => {
    expect(f9(o as Partial<ScoringUsage>).value).toBe(value);
  });
});
