import { describe, expect, it } from 'vitest';
import { lockinAfterMigration, SCORED_PRODUCT_FACTS, unknownProductFacts, usageAfterMigration, type AlternativeDeployment } from './after-migration.ts';
import { AS_OF, aContract, aParty, esdhExample, known, none } from './test-builders.ts';

const ossAtEuHost: AlternativeDeployment = {
  alternativeId: 'os2-esdh',
  name: 'OS2 ESDH hos EU-hoster',
  product: {
    dataExport: known('full', 'catalogue'),
    exportFormatKind: known('open_standard', 'catalogue'),
    exportCharges: known(false, 'catalogue'),
    apiAvailability: known('public_open_standard', 'catalogue'),
    licenseModel: known('open_source', 'catalogue'),
    codeGovernance: known('public_sector', 'catalogue'),
  },
  deployment: {
    hostingModel: known('vendor_hosted', 'inferred'),
    parties: [aParty({ vendorId: 'eu-host', name: 'EU-hoster', role: 'host', country: known('DE') })],
    contracts: known([aContract({ endDate: '2027-06-01', noticeMonths: 2 })], 'inferred'),
    keyManagement: known('provider', 'inferred'),
    externalBackupTestedAt: none('inferred'),
    requiresSpecificPlatform: known(false, 'inferred'),
  },
};

describe('lock-in after migration (§3.8)', () => {
  it('scores the proposed deployment and recommends a clearly lower lock-in', () => {
    const r = lockinAfterMigration(esdhExample(), ossAtEuHost, AS_OF);
    expect(r.now.L).toBe(64.25);
    expect(r.after.L).toBeLessThan(r.now.L - 15);
    expect(r.recommended).toBe(true);
    expect(r.checks.every((c) => c.passed)).toBe(true);
    expect(r.exitEffort).toMatchObject({ dataMigrationF1: 50, integrationReworkF3: 80, contractTiming: { monthsToExit: 30 } });
    expect(r.model).toBe('handlefrihed-1.1');
  });

  it('does not carry the old system’s evidence over: a new exit plan is unknown until stated', () => {
    const after = usageAfterMigration(esdhExample({ exitPlan: known('both_scenarios') }), ossAtEuHost);
    expect(after.exitPlan.provenance).toBe('unknown');
    expect(after.integrationCount.value).toBe(7);
    expect(after.criticality.value).toBe('high');
  });

  it('never recommends swapping one lock-in for another (non-EU hyperscaler SaaS)', () => {
    const swap: AlternativeDeployment = {
      ...ossAtEuHost,
      alternativeId: 'other-saas',
      product: { ...ossAtEuHost.product, codeGovernance: known('closed', 'catalogue') },
      deployment: {
        ...ossAtEuHost.deployment,
        parties: [aParty({ vendorId: 'hyperscaler', role: 'host', country: known('US'), dataLocation: known('eu') })],
      },
    };
    const r = lockinAfterMigration(esdhExample(), swap, AS_OF);
    expect(r.after.flags).toContain('jurisdiction');
    expect(r.recommended).toBe(false);
    expect(r.checks.find((c) => c.check === 'no-band-cap-gate')!.passed).toBe(false);
  });

  it('an alternative with unknown facts scores pessimistically and is not recommended', () => {
    const r = lockinAfterMigration(esdhExample(), { alternativeId: 'blank', product: {}, deployment: {} }, AS_OF);
    expect(r.after.L).toBeGreaterThan(r.now.L);
    expect(r.recommended).toBe(false);
  });

  it('never recommends a candidate whose scored product facts are not all known, whatever it scores', () => {
    expect(lockinAfterMigration(esdhExample(), ossAtEuHost, AS_OF).checks.map((c) => c.check)).toEqual(['clearly-lower', 'better-band', 'no-band-cap-gate', 'candidate-facts-known']);
    expect(unknownProductFacts(ossAtEuHost)).toEqual([]);
    for (const fact of SCORED_PRODUCT_FACTS) {
      for (const product of [
        { ...ossAtEuHost.product, [fact]: { value: null, provenance: 'unknown', observedAt: null } },
        Object.fromEntries(Object.entries(ossAtEuHost.product).filter(([k]) => k !== fact)),
      ]) {
        const alt = { ...ossAtEuHost, product } as AlternativeDeployment;
        expect(unknownProductFacts(alt)).toEqual([fact]);
        const r = lockinAfterMigration(esdhExample(), alt, AS_OF);
        expect(r.checks.find((c) => c.check === 'candidate-facts-known')!.passed, fact).toBe(false);
        expect(r.recommended, fact).toBe(false);
      }
    }
  });
});
