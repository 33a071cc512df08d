import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aMunicipality, aParty, anEdge, aUsage, known } from '../scoring/test-builders.ts';
import { type AlternativeDeployment, lockinAfterMigration, scoreMunicipality, scoreSystem, type ScoringUsage, usageExposure } from '../scoring/index.ts';
import { selfRunDeployment, vendorDeployment } from './candidates.ts';
import { applyReplacements, simulateScenario } from './scenario.ts';
import { openFacts } from './test-builders.ts';

const microsoftHost = aParty({ vendorId: 'microsoft', name: 'Microsoft', role: 'host', country: known('US', 'catalogue'), dataLocation: known('eu') });

/**
 * S1: ESDH by Danish vendor A, hosted by Microsoft (critical, e = 8); S2: finance by Danish
 * vendor C (high, e = 4); one data integration S1 → S2 (S1 uses S2's data, so under model 1.1
 * S1 depends on S2 at 0.5 and S2 does not depend on S1). S1 is the only Microsoft-hosted system.
 */
function twoSystems() {
  return aMunicipality({
    usages: [
      aUsage({ id: 'S1', name: 'ESDH', criticality: known('critical'), parties: [aParty({ vendorId: 'A', name: 'A' }), microsoftHost] }),
      aUsage({ id: 'S2', name: 'Økonomi', criticality: known('high'), hostingModel: known('shared_public'), parties: [aParty({ vendorId: 'C', name: 'C' })] }),
    ],
    edges: [anEdge('S1', 'S2')],
  });
}

const nextcloud = (code = '0101') => selfRunDeployment('alternative:1', 'Nextcloud', openFacts, code, '2026-06-01');

describe('simulateScenario', () => {
  it('replacing the only Microsoft-hosted system removes Microsoft’s transitive reach', () => {
    const input = twoSystems();
    const out = simulateScenario(input, [{ usageIds: ['S1'], deployments: [nextcloud()], from: null }]);
    const ms = out.vendors.find((v) => v.vendorId === 'microsoft')!;
    // Before: S1 directly (ρ 1, e 8); S2 does not depend on S1: 8 / 12.
    expect(ms.before!.reach).toBeCloseTo(8 / 12, 4);
    // Microsoft is a host, not a supplier: no direct reach.
    expect(ms.before!.directReach).toBe(0);
    expect(ms.after).toBeNull();
    // A supplied S1 (direct 8/12, and nothing depends on S1); it is gone too.
    const a = out.vendors.find((v) => v.vendorId === 'A')!;
    expect(a.before).toEqual({ directReach: 0.6667, reach: 0.6667 });
    expect(a.after).toBeNull();
    // C keeps its reach: S2 directly (4) and S1 through the integration (0.5 · 8): 8/12.
    const c = out.vendors.find((v) => v.vendorId === 'C')!;
    expect(c.before).toEqual(c.after);
    expect(c.after!.reach).toBeCloseTo(8 / 12, 4);
    // The self-operated replacement reaches S1 (8) only.
    expect(out.vendors.find((v) => v.vendorId === 'self:0101')!.after!.reach).toBeCloseTo(8 / 12, 4);
  });

  it('recomputes concentration and the non-EU share by hand', () => {
    const out = simulateScenario(twoSystems(), [{ usageIds: ['S1'], deployments: [nextcloud()], from: null }]);
    // Reach HHI before: A 8, C 8 (S2 4 + S1 through its data 0.5 · 8), Microsoft 8 of 24 → 3 · 64 / 576 · 10 000.
    expect(out.before.hhi.reach).toBeCloseTo((192 / 576) * 10_000, 1);
    expect(out.before.nEff.reach).toBeCloseTo(3, 2);
    // After: self 8, C 8 of 16 → (64 + 64) / 256 · 10 000.
    expect(out.after.hhi.reach).toBeCloseTo(5000, 1);
    expect(out.after.nEff.reach).toBeCloseTo(2, 2);
    // Spend: two payees of 1 MDKK each, before and after (the self-operated one is a payee).
    expect(out.before.hhi.spend).toBe(5000);
    expect(out.after.hhi.spend).toBe(5000);
    // S1 had a US host (F8 = 75 ≥ 75): J = 8/12 before, 0 after.
    expect(out.before.nonEuShare).toBeCloseTo(8 / 12, 4);
    expect(out.after.nonEuShare).toBe(0);
  });

  it('L_m after is the exposure-weighted mean with S1 at its after-migration score', () => {
    const input = twoSystems();
    const out = simulateScenario(input, [{ usageIds: ['S1'], deployments: [nextcloud()], from: null }]);
    const s1After = lockinAfterMigration(input.usages[0]!, nextcloud(), input.asOf).after.L;
    const s2 = scoreSystem(input.usages[1]!, input.asOf).L;
    expect(out.after.L).toBeCloseTo((8 * s1After + 4 * s2) / 12, 3);
    expect(out.replaced).toEqual([
      expect.objectContaining({ usageId: 'S1', replacement: 'Nextcloud', before: expect.objectContaining({ L: expect.any(Number) }), after: { L: Math.round(s1After * 1e4) / 1e4, band: expect.any(String) } }),
    ]);
    expect(out.after.bandDistribution.A + out.after.bandDistribution.B + out.after.bandDistribution.C + out.after.bandDistribution.D + out.after.bandDistribution.E).toBeCloseTo(1, 3);
  });

  it('never changes the input', () => {
    const input = twoSystems();
    const copy = structuredClone(input);
    simulateScenario(input, [{ usageIds: ['S1', 'S2'], deployments: [nextcloud()], from: '2027-01-01' }]);
    applyReplacements(input, [{ usageIds: ['S1'], deployments: [nextcloud()], from: null }]);
    expect(input).toEqual(copy);
  });

  it('an empty scenario changes nothing', () => {
    const out = simulateScenario(twoSystems(), []);
    expect(out.after).toEqual(out.before);
    expect(out.replaced).toEqual([]);
  });

  it('keeps the integrations: the replaced system stays in the graph under its own id', () => {
    const changed = applyReplacements(twoSystems(), [{ usageIds: ['S1'], deployments: [nextcloud()], from: null }]);
    expect(changed.usages.map((u) => u.id)).toEqual(['S1', 'S2']);
    expect(changed.edges).toEqual([anEdge('S1', 'S2')]);
    expect(changed.usages[0]!.name).toBe('Nextcloud');
  });

  it('flags a start date before the current contract’s exit window', () => {
    // aContract ends 2027-03-01.
    const early = simulateScenario(twoSystems(), [{ usageIds: ['S1'], deployments: [nextcloud()], from: '2027-01-01' }]);
    expect(early.replaced[0]).toMatchObject({ nextExit: '2027-03-01', beforeExitWindow: true });
    const late = simulateScenario(twoSystems(), [{ usageIds: ['S1'], deployments: [nextcloud()], from: '2027-03-01' }]);
    expect(late.replaced[0]!.beforeExitWindow).toBe(false);
  });

  it('a vendor product brings its vendor into the graph', () => {
    const vendor = { vendorId: 'B', name: 'Vendor B', country: 'SE' };
    const d = vendorDeployment('product:9', 'B ESDH', { ...openFacts, licenseModel: 'proprietary', codeGovernance: 'closed' }, vendor, ['saas'], '2026-06-01');
    const out = simulateScenario(twoSystems(), [{ usageIds: ['S1'], deployments: [d], from: null }]);
    const b = out.vendors.find((v) => v.vendorId === 'B')!;
    expect(b.before).toBeNull();
    // Supplier and host of S1 (8); S2 does not depend on S1: direct 8/12, reach 8/12.
    expect(b.after).toEqual({ directReach: 0.6667, reach: 0.6667 });
  });
});

/** A deployment that is the usage itself: every product and deployment fact, and its name. */
const sameAs = (u: ScoringUsage): AlternativeDeployment => ({ alternativeId: `same:${u.id}`, name: u.name, product: u, deployment: u });

/** Four systems with integrations, one of them unknown criticality. */
function fourSystems() {
  const base = twoSystems();
  return aMunicipality({
    usages: [
      ...base.usages,
      aUsage({ id: 'S3', name: 'Mail', criticality: known('medium'), parties: [microsoftHost, aParty({ vendorId: 'microsoft-s', name: 'Microsoft', role: 'supplier' })] }),
      aUsage({ id: 'S4', name: 'Chat', criticality: { value: null, provenance: 'unknown', observedAt: null }, parties: [aParty({ vendorId: 'microsoft-s', name: 'Microsoft', role: 'supplier' })] }),
    ],
    edges: [anEdge('S1', 'S2'), anEdge('S3', 'S4'), anEdge('S4', 'S1')],
  });
}

const element = (code = '0101') => selfRunDeployment('alternative:2', 'Element', openFacts, code, '2026-06-01');
const jitsi = (code = '0101') => selfRunDeployment('alternative:3', 'Jitsi', openFacts, code, '2026-06-01');
const totalExposure = (usages: readonly ScoringUsage[]) => usages.reduce((t, u) => t + usageExposure(u), 0);
const ids = ['S1', 'S2', 'S3', 'S4'];
const deployments = [nextcloud(), element(), jitsi()];
const arbReplacement = fc.record({
  usageIds: fc.subarray(ids, { minLength: 1 }),
  deployments: fc.subarray(deployments, { minLength: 1 }),
  from: fc.constant(null),
});

describe('suites and subsets (one → several, several → one)', () => {
  it('several → one: every replaced usage gets the candidate’s deployment', () => {
    const changed = applyReplacements(fourSystems(), [{ usageIds: ['S3', 'S4'], deployments: [nextcloud()], from: null }]);
    expect(changed.usages.map((u) => [u.id, u.name])).toEqual([['S1', 'ESDH'], ['S2', 'Økonomi'], ['S3', 'Nextcloud'], ['S4', 'Nextcloud']]);
  });

  it('one → several: N parts, each with 1/N of the exposure and cost, each keeping every integration', () => {
    const input = fourSystems();
    const changed = applyReplacements(input, [{ usageIds: ['S3'], deployments: [nextcloud(), element(), jitsi()], from: null }]);
    const parts = changed.usages.filter((u) => u.id.startsWith('S3#'));
    expect(parts.map((u) => [u.id, u.name])).toEqual([['S3#1', 'Nextcloud'], ['S3#2', 'Element'], ['S3#3', 'Jitsi']]);
    for (const p of parts) expect(usageExposure(p)).toBeCloseTo(usageExposure(input.usages[2]!) / 3, 10);
    // S3 → S4 becomes S3#k → S4 for each part.
    expect(changed.edges.filter((e) => e.to === 'S4').map((e) => e.from)).toEqual(['S3#1', 'S3#2', 'S3#3']);
    const out = simulateScenario(input, [{ usageIds: ['S3'], deployments: [nextcloud(), element(), jitsi()], from: null }]);
    expect(out.replaced).toHaveLength(1);
    expect(out.replaced[0]).toMatchObject({ usageId: 'S3', replacement: 'Nextcloud + Element + Jitsi' });
    expect(out.replaced[0]!.parts!.map((p) => p.usageId)).toEqual(['S3#1', 'S3#2', 'S3#3']);
  });

  it('a scenario that replaces nothing changes nothing', () => {
    fc.assert(fc.property(fc.subarray(deployments), (ds) => {
      const input = fourSystems();
      const out = simulateScenario(input, [{ usageIds: [], deployments: ds, from: null }]);
      expect(out.after).toEqual(out.before);
      expect(out.vendors.every((v) => JSON.stringify(v.before) === JSON.stringify(v.after))).toBe(true);
    }), { numRuns: 20 });
  });

  it('replacing usages with an identical deployment changes nothing', () => {
    fc.assert(fc.property(fc.subarray(ids, { minLength: 1 }), (chosen) => {
      const input = fourSystems();
      const replacements = chosen.map((id) => ({ usageIds: [id], deployments: [sameAs(input.usages.find((u) => u.id === id)!)], from: null }));
      const out = simulateScenario(input, replacements);
      expect(out.after).toEqual(out.before);
      expect(out.vendors.every((v) => JSON.stringify(v.before) === JSON.stringify(v.after))).toBe(true);
    }), { numRuns: 20 });
  });

  it('Σ exposure is preserved by any scenario', () => {
    fc.assert(fc.property(fc.array(arbReplacement, { maxLength: 3 }), (rs) => {
      const input = fourSystems();
      const changed = applyReplacements(input, rs);
      expect(totalExposure(changed.usages)).toBeCloseTo(totalExposure(input.usages), 9);
      expect(scoreMunicipality(changed).totals.exposure).toBeCloseTo(scoreMunicipality(input).totals.exposure, 9);
    }), { numRuns: 40 });
  });

  it('the order of replacements is irrelevant when no usage is named twice', () => {
    fc.assert(fc.property(fc.shuffledSubarray(ids, { minLength: 2, maxLength: 4 }), fc.array(fc.subarray(deployments, { minLength: 1 }), { minLength: 4, maxLength: 4 }), (chosen, ds) => {
      const half = Math.ceil(chosen.length / 2);
      const a = { usageIds: chosen.slice(0, half), deployments: ds[0]!, from: null };
      const b = { usageIds: chosen.slice(half), deployments: ds[1]!, from: null };
      const input = fourSystems();
      expect(simulateScenario(input, [b, a])).toEqual(simulateScenario(input, [a, b]));
    }), { numRuns: 30 });
  });

  it('a usage named twice: the later replacement wins (the service refuses it in strict mode)', () => {
    const input = fourSystems();
    const out = simulateScenario(input, [{ usageIds: ['S1'], deployments: [element()], from: null }, { usageIds: ['S1'], deployments: [nextcloud()], from: null }]);
    expect(out.replaced.map((r) => r.replacement)).toEqual(['Nextcloud']);
  });
});

