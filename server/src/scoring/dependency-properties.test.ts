// Properties of model 1.1's dependency figures that hold by definition, on random portfolios:
// total reach ≥ direct reach; removing an edge never raises any reach; a reseller's reach is 0;
// each contract's attributed spend sums to the contract's spend; the paths explain the figure
// exactly; and the fast walk equals a brute-force maximum over every allowed path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartyRole, ScoringEdge, ScoringParty, SpendShare } from './input.ts';
import { defaultModel as m11 } from './model.ts';
import { explainReach } from './reach-paths.ts';
import { aParty } from './test-builders.ts';
import { partyWeight, reachPerSystem, spendPayee, vendorReach, type ReachUsage } from './vendor-reach.ts';

const roleArb = fc.constantFrom<PartyRole>('supplier', 'operator', 'host', 'iaas_host', 'platform', 'sub_processor');
const partyArb = fc.record({
  vendor: fc.constantFrom('A', 'B', 'C', 'D'),
  role: roleArb,
  rightsHolder: fc.boolean(),
});
const portfolioArb = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.record({
    usages: fc.array(
      fc.record({
        exposure: fc.constantFrom(1, 2, 4, 8),
        identity: fc.boolean(),
        parties: fc.array(partyArb, { maxLength: 3 }),
        // R is a reseller wherever it appears; each system may buy through it.
        viaReseller: fc.boolean(),
        contracts: fc.array(fc.record({ id: fc.constantFrom('K1', 'K2', 'K3'), amount: fc.integer({ min: 0, max: 1_000_000 }), supplier: fc.constantFrom('R', 'A', 'I', null) }), { maxLength: 2 }),
      }),
      { minLength: n, maxLength: n },
    ),
    edges: fc.array(
      fc.record({
        from: fc.integer({ min: 0, max: n - 1 }).map((i) => `s${i}`),
        to: fc.integer({ min: 0, max: n - 1 }).map((i) => `s${i}`),
        kind: fc.constantFrom('data' as const, 'requires_platform' as const),
        direction: fc.constantFrom('outgoing' as const, 'bidirectional' as const),
        platformRole: fc.constantFrom(null, 'identity', 'runtime'),
      }),
      { maxLength: 16 },
    ),
  }),
);
type Portfolio = typeof portfolioArb extends fc.Arbitrary<infer T> ? T : never;

const roleKindOf = (id: string) => (id === 'R' ? 'reseller' : id === 'I' ? 'supplier' : null);
function build(g: Portfolio): ReachUsage[] {
  return g.usages.map((u, i) => {
    const parties: ScoringParty[] = u.parties.map((p) => aParty({ vendorId: p.vendor, role: p.role, rightsHolder: p.role === 'supplier' && p.rightsHolder ? true : undefined }));
    if (u.viaReseller) parties.push(aParty({ vendorId: 'R', role: 'supplier', roleKind: 'reseller' }));
    const spend: SpendShare[] = u.contracts.map((c) => ({ contractId: c.id, amountDkk: c.amount, supplier: c.supplier ? { vendorId: c.supplier, roleKind: roleKindOf(c.supplier) } : null }));
    const cost = spend.length ? spend.reduce((a, s) => a + s.amountDkk, 0) : null;
    return { id: `s${i}`, exposure: u.exposure, L: 50, costDkk: cost, parties, spend, category: u.identity ? 'identity-management' : 'dk-esdh' };
  });
}

describe('model 1.1: properties', () => {
  it('total reach ≥ direct reach; every share within [0, 1]', () => {
    fc.assert(
      fc.property(portfolioArb, (g) => {
        for (const v of vendorReach(build(g), g.edges, m11).vendors) {
          expect(v.reach).toBeGreaterThanOrEqual(v.directReach - 1e-12);
          for (const x of [v.reach, v.directReach, v.lockedShare]) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1 + 1e-12);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('removing an edge never raises any system’s dependency on any vendor', () => {
    fc.assert(
      fc.property(portfolioArb, fc.nat(), (g, pick) => {
        fc.pre(g.edges.length > 0);
        const usages = build(g);
        const all = reachPerSystem(usages, g.edges, m11);
        const fewer = reachPerSystem(usages, g.edges.filter((_, i) => i !== pick % g.edges.length), m11);
        for (const [s, byVendor] of fewer) for (const [v, rho] of byVendor) expect(rho).toBeLessThanOrEqual((all.get(s)!.get(v) ?? 0) + 1e-12);
      }),
      { numRuns: 400 },
    );
  });

  it('a reseller has no reach, no direct reach and no spend', () => {
    fc.assert(
      fc.property(portfolioArb, (g) => {
        const r = vendorReach(build(g), g.edges, m11).vendors.find((v) => v.vendorId === 'R');
        if (!r) return;
        expect(r.reach).toBe(0);
        expect(r.directReach).toBe(0);
        expect(r.sums.spendDkk).toBe(0);
      }),
      { numRuns: 400 },
    );
  });

  it('each contract’s attributed spend sums to the contract’s spend (none lost, none counted twice)', () => {
    fc.assert(
      fc.property(portfolioArb, (g) => {
        const usages = build(g);
        const byContract = new Map<string, { spend: number; attributed: number }>();
        for (const u of usages) {
          for (const share of u.spend ?? []) {
            const c = byContract.get(share.contractId) ?? { spend: 0, attributed: 0 };
            c.spend += share.amountDkk;
            // Exactly one payee per share; a share without one is a reseller's without a known product holder.
            const payee = spendPayee(share, u.parties, m11);
            if (payee) c.attributed += share.amountDkk;
            else expect(share.supplier?.roleKind === 'reseller' || share.supplier === null).toBe(true);
            byContract.set(share.contractId, c);
          }
        }
        const { vendors, totals } = vendorReach(usages, g.edges, m11);
        const attributed = [...byContract.values()].reduce((a, c) => a + c.attributed, 0);
        expect(vendors.reduce((a, v) => a + v.sums.spendDkk, 0)).toBeCloseTo(attributed, 6);
        expect(totals.spendDkk).toBeCloseTo([...byContract.values()].reduce((a, c) => a + c.spend, 0), 6);
      }),
      { numRuns: 400 },
    );
  });

  it('the listed paths explain each vendor’s reach exactly, and each path’s weights multiply to its ρ*', () => {
    fc.assert(
      fc.property(portfolioArb, (g) => {
        const usages = build(g);
        const e = usages.map((u) => u.exposure);
        for (const v of vendorReach(usages, g.edges, m11).vendors) {
          const x = explainReach(usages, e, g.edges, m11, v.vendorId);
          expect(x.paths.reduce((a, p) => a + p.contribution, 0)).toBeCloseTo(v.reach, 12);
          for (const p of x.paths) {
            expect(p.steps.reduce((a, s) => a * s.weight, p.party.weight)).toBeCloseTo(p.rho, 12);
            expect(p.steps.length).toBeLessThanOrEqual(m11.dependencies!.maxHops);
            if (p.steps.length) expect(p.steps[p.steps.length - 1]!.to).toBe(p.party.systemId);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('equals a brute-force maximum over every path of at most maxHops edges that only passes on through platforms', () => {
    const w = m11.dependencies!.edgeWeights;
    fc.assert(
      fc.property(portfolioArb, (g) => {
        const usages = build(g);
        const fast = reachPerSystem(usages, g.edges, m11);
        const idx = (id: string) => Number(id.slice(1));
        const out = (i: number) => {
          const list: Array<{ to: number; weight: number; passes: boolean }> = [];
          for (const e of g.edges as ScoringEdge[]) {
            const a = idx(e.from);
            const b = idx(e.to);
            if (a !== i || a === b) continue;
            if (e.kind === 'requires_platform') list.push({ to: b, weight: e.platformRole === 'identity' ? w.identity : w.platform, passes: true });
            else if (e.direction === 'bidirectional') list.push({ to: b, weight: w.dataUnknownDirection, passes: false });
            else if (usages[b]!.category === 'identity-management') list.push({ to: b, weight: w.identity, passes: true });
            else list.push({ to: b, weight: w.data, passes: false });
          }
          return list;
        };
        usages.forEach((_, s) => {
          const best = new Map<string, number>();
          const visit = (node: number, f: number, hops: number, mayPass: boolean) => {
            for (const p of usages[node]!.parties) best.set(p.vendorId, Math.max(best.get(p.vendorId) ?? 0, partyWeight(p, m11) * f));
            if (hops === m11.dependencies!.maxHops || !mayPass) return;
            for (const e of out(node)) if (hops === 0 || e.passes) visit(e.to, f * e.weight, hops + 1, hops === 0 ? true : e.passes);
          };
          visit(s, 1, 0, true);
          const got = fast.get(`s${s}`)!;
          for (const [v, x] of best) if (x > 0) expect(got.get(v)).toBeCloseTo(x, 12);
          expect(got.size).toBe([...best.values()].filter((x) => x > 0).length);
        });
      }),
      { numRuns: 400 },
    );
  });
});
