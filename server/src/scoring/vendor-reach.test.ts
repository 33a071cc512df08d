import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartyRole, ScoringEdge } from './input.ts';
import { defaultModel, model10, type Model } from './model.ts';
import { aParty, anEdge } from './test-builders.ts';
import { companyReachOf, integrationCounts, payees, reachPerSystem, vendorReach, type ReachUsage } from './vendor-reach.ts';

const sys = (id: string, parties: Array<[string, PartyRole]>, exposure = 1, L = 50, costDkk: number | null = 100): ReachUsage => ({
  id,
  exposure,
  L,
  costDkk,
  parties: parties.map(([vendorId, role]) => aParty({ vendorId, role })),
});

describe('role weights', () => {
  it.each([
    ['supplier', 1], ['operator', 1], ['host', 1], ['iaas_host', 0.5], ['platform', 0.75], ['sub_processor', 0.5],
  ] as const)('%s → ρ %s', (role, rho) => {
    expect(reachPerSystem([sys('s', [['V', role]])], []).get('s')!.get('V')).toBe(rho);
  });

  it('several roles of one vendor: the maximum, not the sum', () => {
    expect(reachPerSystem([sys('s', [['V', 'iaas_host'], ['V', 'platform'], ['V', 'sub_processor']])], []).get('s')!.get('V')).toBe(0.75);
  });

  it('the dependency is not split: supplier and host both count in full', () => {
    const r = reachPerSystem([sys('s', [['A', 'supplier'], ['B', 'host']])], []).get('s')!;
    expect([r.get('A'), r.get('B')]).toEqual([1, 1]);
  });

  it('role weights are configuration', () => {
    const m: Model = { ...defaultModel, roleWeights: { ...defaultModel.roleWeights, iaas_host: 0.9 } };
    expect(reachPerSystem([sys('s', [['V', 'iaas_host']])], [], m).get('s')!.get('V')).toBe(0.9);
  });
});

// Model 1.0's undirected hops, reproduced: the same hand computations as when 1.0 shipped.
describe('model 1.0: integration hops', () => {
  // a — b — c — d (data edges); V supplies d, W supplies c, X supplies b.
  const usages = [sys('a', []), sys('b', [['X', 'supplier']]), sys('c', [['W', 'supplier']]), sys('d', [['V', 'supplier']])];
  const edges = [anEdge('a', 'b'), anEdge('b', 'c'), anEdge('c', 'd')];
  const r = reachPerSystem(usages, edges, model10);

  it('attenuates ×0.5 per hop, at most two hops', () => {
    expect(r.get('a')!.get('X')).toBe(0.5);
    expect(r.get('a')!.get('W')).toBe(0.25);
    expect(r.get('a')!.has('V')).toBe(false);
  });

  it('data edges count both ways', () => {
    expect(r.get('d')!.get('W')).toBe(0.5);
    expect(r.get('d')!.get('X')).toBe(0.25);
  });

  it('takes the maximum path weight, not the sum of paths', () => {
    const u = [sys('a', []), sys('b', [['V', 'supplier']]), sys('c', [['V', 'supplier']])];
    const e = [anEdge('a', 'b'), anEdge('a', 'c'), anEdge('b', 'c')];
    expect(reachPerSystem(u, e, model10).get('a')!.get('V')).toBe(0.5);
  });

  it('a direct role beats an integration path', () => {
    const u = [sys('a', [['V', 'sub_processor']]), sys('b', [['V', 'supplier']])];
    expect(reachPerSystem(u, [anEdge('a', 'b')], model10).get('a')!.get('V')).toBe(0.5);
    const u2 = [sys('a', [['V', 'iaas_host']]), sys('b', [['V', 'supplier']])];
    expect(reachPerSystem(u2, [anEdge('a', 'b', 'requires_platform')], model10).get('a')!.get('V')).toBe(0.75);
  });

  it('a required platform depends one way at the platform weight, then data hops attenuate', () => {
    const u = [sys('esdh', [['A', 'supplier']]), sys('entra', [['microsoft', 'supplier']]), sys('hr', [['H', 'supplier']])];
    const e: ScoringEdge[] = [anEdge('esdh', 'entra', 'requires_platform'), anEdge('entra', 'hr')];
    const rr = reachPerSystem(u, e, model10);
    expect(rr.get('esdh')!.get('microsoft')).toBe(0.75);
    expect(rr.get('esdh')!.get('H')).toBe(0.375);
    expect(rr.get('entra')!.has('A')).toBe(false);
  });

  it('ignores edges to unknown usages and self-loops', () => {
    const res = vendorReach([sys('a', [['V', 'supplier']])], [anEdge('a', 'zz'), anEdge('a', 'a')]);
    expect(res.totals.ignoredEdges).toBe(2);
  });

  it('maxHops is configuration', () => {
    const one: Model = { ...model10, hops: { dataAttenuation: 0.5, maxHops: 1 } };
    const r1 = reachPerSystem(usages, edges, one);
    expect(r1.get('a')!.get('X')).toBe(0.5);
    expect(r1.get('a')!.has('W')).toBe(false);
    const zero: Model = { ...model10, hops: { dataAttenuation: 0.5, maxHops: 0 } };
    expect(reachPerSystem(usages, edges, zero).get('a')!.size).toBe(0);
  });
});

describe('vendor metrics', () => {
  it('R, R_dir, D, VLI, S from the formulas of §3.6', () => {
    const usages = [
      sys('s1', [['A', 'supplier'], ['M', 'host']], 8, 64, 2),
      sys('s2', [['M', 'supplier']], 8, 80, 6),
      sys('s3', [['C', 'supplier'], ['M', 'sub_processor']], 4, 45, 3),
    ];
    const { vendors, totals } = vendorReach(usages, []);
    const m = vendors.find((v) => v.vendorId === 'M')!;
    expect(totals.exposure).toBe(20);
    expect(m.reach).toBeCloseTo((8 + 8 + 4 * 0.5) / 20, 12);
    expect(m.directReach).toBeCloseTo(8 / 20, 12);
    expect(m.lockedShare).toBeCloseTo((8 * 64 + 8 * 80 + 4 * 45 * 0.5) / (8 * 64 + 8 * 80 + 4 * 45), 12);
    expect(m.lockInIndex).toBeCloseTo((8 * 64 + 8 * 80 + 4 * 45 * 0.5) / (8 + 8 + 2), 12);
    expect(m.spendShare).toBeCloseTo(6 / 11, 12);
    expect(m.sums.directSystems).toBe(1);
    expect(m.sums.reachedSystems).toBe(3);
  });

  it('spend goes to the supplier, else to the operator/host; unknown cost has no share', () => {
    expect(payees([aParty({ vendorId: 'A', role: 'supplier' }), aParty({ vendorId: 'H', role: 'host' })])).toEqual(['A']);
    expect(payees([aParty({ vendorId: 'H', role: 'host' }), aParty({ vendorId: 'P', role: 'platform' })])).toEqual(['H']);
    const { vendors } = vendorReach([sys('a', [['A', 'supplier']], 1, 50, null), sys('b', [['B', 'supplier']], 1, 50, 10)], []);
    expect(vendors.find((v) => v.vendorId === 'A')!.spendShare).toBe(0);
    expect(vendors.find((v) => v.vendorId === 'B')!.spendShare).toBe(1);
  });

  it('J(V) is the vendor’s own F8 level, the worst over its appearances', () => {
    const usages: ReachUsage[] = [
      { id: 'a', exposure: 1, L: 0, costDkk: null, parties: [aParty({ vendorId: 'M', country: { value: 'US', provenance: 'catalogue' }, dataLocation: { value: 'eu', provenance: 'declared' } })] },
      { id: 'b', exposure: 1, L: 0, costDkk: null, parties: [aParty({ vendorId: 'M', country: { value: 'US', provenance: 'catalogue' }, dataLocation: { value: 'non_eu', provenance: 'declared' } })] },
    ];
    expect(vendorReach(usages, []).vendors[0]!.jurisdiction).toBe(100);
  });

  it('counts integrations per usage', () => {
    expect(integrationCounts([anEdge('a', 'b'), anEdge('a', 'c'), anEdge('b', 'b')])).toEqual(new Map([['a', 2], ['b', 1], ['c', 1]]));
  });
});

describe('properties', () => {
  const roleArb = fc.constantFrom<PartyRole>('supplier', 'operator', 'host', 'iaas_host', 'platform', 'sub_processor');
  const graphArb = fc.integer({ min: 1, max: 10 }).chain((n) =>
    fc.record({
      usages: fc.array(
        fc.record({
          exposure: fc.constantFrom(1, 2, 4, 8),
          L: fc.integer({ min: 0, max: 100 }),
          parties: fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D'), roleArb), { maxLength: 4 }),
        }),
        { minLength: n, maxLength: n },
      ),
      edges: fc.array(
        fc.record({
          from: fc.integer({ min: 0, max: n - 1 }).map((i) => `s${i}`),
          to: fc.integer({ min: 0, max: n - 1 }).map((i) => `s${i}`),
          kind: fc.constantFrom('data' as const, 'requires_platform' as const),
        }),
        { maxLength: 20 },
      ),
    }),
  );
  const build = (g: { usages: Array<{ exposure: number; L: number; parties: Array<[string, PartyRole]> }> }) =>
    g.usages.map((u, i) => sys(`s${i}`, u.parties, u.exposure, u.L));

  it('transitive reach is never below direct reach; all metrics within [0, 1] (VLI within [0, 100])', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const { vendors } = vendorReach(build(g), g.edges);
        for (const v of vendors) {
          expect(v.reach).toBeGreaterThanOrEqual(v.directReach - 1e-12);
          for (const x of [v.reach, v.directReach, v.lockedShare]) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1 + 1e-12);
          }
          expect(v.lockInIndex).toBeLessThanOrEqual(100 + 1e-9);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('model 1.0: matches a brute-force maximum over all paths of at most two hops', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const usages = build(g);
        const fast = reachPerSystem(usages, g.edges, model10);
        const w = model10.roleWeights;
        const direct = (i: number) => {
          const m = new Map<string, number>();
          for (const p of usages[i]!.parties) m.set(p.vendorId, Math.max(m.get(p.vendorId) ?? 0, w[p.role]));
          return m;
        };
        const steps = (i: number) => {
          const out: Array<[number, number]> = [];
          for (const e of g.edges) {
            const a = Number(e.from.slice(1));
            const b = Number(e.to.slice(1));
            if (a === b) continue;
            if (e.kind === 'requires_platform') { if (a === i) out.push([b, w.platform]); }
            else { if (a === i) out.push([b, 0.5]); if (b === i) out.push([a, 0.5]); }
          }
          return out;
        };
        usages.forEach((_, s) => {
          const best = new Map<string, number>();
          const visit = (node: number, f: number) => { for (const [v, x] of direct(node)) best.set(v, Math.max(best.get(v) ?? 0, x * f)); };
          visit(s, 1);
          for (const [t, f1] of steps(s)) {
            visit(t, f1);
            for (const [u, f2] of steps(t)) visit(u, f1 * f2);
          }
          const got = fast.get(`s${s}`)!;
          for (const [v, x] of best) if (x > 0) expect(got.get(v)).toBeCloseTo(x, 12);
          expect(got.size).toBe([...best.values()].filter((x) => x > 0).length);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('grouping by company or by ultimate owner', () => {
  // KMD A/S and a sister company both belong to NEC Corporation (JP); Netcompany stands alone.
  const under = (company: string, name: string, owner: string, ownerName: string, role: PartyRole = 'supplier') =>
    aParty({ vendorId: owner, name: ownerName, company: { id: company, name }, role, country: { value: owner === 'nec' ? 'JP' : 'DK', provenance: 'catalogue', observedAt: null } });
  const usages: ReachUsage[] = [
    { id: 'opus', exposure: 4, L: 80, costDkk: 600, parties: [under('kmd', 'KMD A/S', 'nec', 'NEC Corporation')] },
    { id: 'sag', exposure: 2, L: 60, costDkk: 200, parties: [under('kmd-2', 'KMD Sister ApS', 'nec', 'NEC Corporation')] },
    { id: 'web', exposure: 2, L: 20, costDkk: 200, parties: [under('nc', 'Netcompany A/S', 'nc', 'Netcompany A/S')] },
  ];
  const columns = (u: readonly ReachUsage[]) => [u.map((x) => x.exposure), u.map((x) => x.L), u.map((x) => x.costDkk)] as const;

  it('by company: each company the municipality deals with, its owner and country beside it', () => {
    const [e, L, c] = columns(usages);
    const companies = companyReachOf(usages, e, L, c, []).vendors;
    expect(companies.map((v) => [v.vendorId, v.name, v.owner.vendorId, v.owner.name, v.owner.country])).toEqual([
      ['kmd', 'KMD A/S', 'nec', 'NEC Corporation', 'JP'],
      ['kmd-2', 'KMD Sister ApS', 'nec', 'NEC Corporation', 'JP'],
      ['nc', 'Netcompany A/S', 'nc', 'Netcompany A/S', 'DK'],
    ]);
    expect(companies.find((v) => v.vendorId === 'kmd')!.spendShare).toBeCloseTo(0.6);
  });

  it('the companies of one owner add up to the owner: same totals, only the key differs', () => {
    const [e, L, c] = columns(usages);
    const owners = vendorReach(usages, []).vendors;
    const companies = companyReachOf(usages, e, L, c, []).vendors;
    const nec = owners.find((v) => v.vendorId === 'nec')!;
    const necCompanies = companies.filter((v) => v.owner.vendorId === 'nec');
    expect(nec.name).toBe('NEC Corporation');
    expect(necCompanies.reduce((a, v) => a + v.directReach, 0)).toBeCloseTo(nec.directReach);
    expect(necCompanies.reduce((a, v) => a + (v.spendShare ?? 0), 0)).toBeCloseTo(nec.spendShare!);
  });
});
