// Model 1.1's dependency figures, computed by hand for the examples in docs/methodology.md §7.1
// (each expected number is worked out in the comment above it, not copied from the engine), with
// model 1.0's figures for the same portfolios beside them where the contrast is the point.
import { describe, expect, it } from 'vitest';
import type { Criticality } from '../domain/vocabulary.ts';
import type { Input, PartyRole, ScoringEdge, SpendShare } from './input.ts';
import { defaultModel as m11, model10 } from './model.ts';
import { explainReach } from './reach-paths.ts';
import { criticalityOf, scoreSystem } from './system-score.ts';
import { AS_OF, aParty, aUsage, known, unknown } from './test-builders.ts';
import { companyReachOf, vendorReach, type ReachUsage } from './vendor-reach.ts';

const party = (vendorId: string, role: PartyRole = 'supplier', extra: Partial<Parameters<typeof aParty>[0]> = {}) =>
  aParty({ vendorId, name: vendorId, role, ...extra });
const sys = (id: string, exposure: number, parties: ReturnType<typeof aParty>[], extra: Partial<ReachUsage> = {}): ReachUsage =>
  ({ id, exposure, L: 50, costDkk: null, parties, ...extra });
const edge = (from: string, to: string, kind: ScoringEdge['kind'] = 'data', extra: Partial<ScoringEdge> = {}): ScoringEdge =>
  ({ from, to, kind, direction: 'outgoing', ...extra });
const reachOf = (usages: ReachUsage[], edges: ScoringEdge[], model = m11) => {
  const { vendors } = vendorReach(usages, edges, model);
  return (id: string) => vendors.find((v) => v.vendorId === id)!;
};

describe('a hub identity provider: Entra ID with 20 systems logging in and 5 sending it data', () => {
  // Entra (identity-management, Microsoft, critical e 8). L1–L10 log in through a declared
  // platform requirement (platform role identity), L11–L20 through a one-way integration to
  // Entra (identity by Entra's category); each Lk by its own vendor Vk, high (e 4). D1–D5 send
  // Entra data (Entra uses them: edge Entra → Dj), each by its own vendor Wj, medium (e 2).
  // Σe = 8 + 20·4 + 5·2 = 98.
  const usages: ReachUsage[] = [
    sys('entra', 8, [party('microsoft', 'supplier', { rightsHolder: true })], { category: 'identity-management' }),
    ...Array.from({ length: 20 }, (_, i) => sys(`L${i + 1}`, 4, [party(`V${i + 1}`)], { category: 'dk-esdh' })),
    ...Array.from({ length: 5 }, (_, j) => sys(`D${j + 1}`, 2, [party(`W${j + 1}`)], { category: 'dk-hr' })),
  ];
  const edges: ScoringEdge[] = [
    ...Array.from({ length: 10 }, (_, i) => edge(`L${i + 1}`, 'entra', 'requires_platform', { platformRole: 'identity' })),
    ...Array.from({ length: 10 }, (_, i) => edge(`L${i + 11}`, 'entra')),
    ...Array.from({ length: 5 }, (_, j) => edge('entra', `D${j + 1}`)),
  ];

  it('1.1: Microsoft reaches Entra and every system that logs in with it, nothing behind it', () => {
    const r = reachOf(usages, edges);
    // Entra 8·1 + 20 logins · 4 · 0.75 (identity) = 8 + 60 = 68.
    expect(r('microsoft').reach).toBeCloseTo(68 / 98, 12);
    expect(r('microsoft').directReach).toBeCloseTo(8 / 98, 12);
    // Wj: Dj 2 + Entra depends on Dj's data 0.5 · 8 = 4 → 6. A login does not pass through
    // Entra's own data feeds (data edges end a path).
    expect(r('W1').reach).toBeCloseTo(6 / 98, 12);
    // Vk: its own system only; Entra does not depend on the systems that log in with it.
    expect(r('V1').reach).toBeCloseTo(4 / 98, 12);
    expect(r('V20').reach).toBeCloseTo(4 / 98, 12);
  });

  it('1.0 for contrast: undirected two-hop spreading through the hub', () => {
    const r = reachOf(usages, edges, model10);
    // Entra 8 + L1–L10 platform 0.75·4·10 = 30 + L11–L20 data 0.5·4·10 = 20 + Dj data 0.5·2·5 = 5 → 63.
    expect(r('microsoft').reach).toBeCloseTo(63 / 98, 12);
    // W1: D1 2 + Entra 0.5·8 = 4 + L1–L10 0.75·0.5·4 ·10 = 15 + L11–L20 0.5·0.5·4 ·10 = 10
    // + D2–D5 0.5·0.5·2 ·4 = 2 → 33.
    expect(r('W1').reach).toBeCloseTo(33 / 98, 12);
    // V11 (a data login): L11 4 + Entra 0.5·8 = 4 + L1–L10 0.375·4 ·10 = 15 + the other nine
    // data logins 0.25·4 ·9 = 9 + D1–D5 0.25·2 ·5 = 2.5 → 34.5.
    expect(r('V11').reach).toBeCloseTo(34.5 / 98, 12);
  });

  it('every percentage is its paths: Microsoft’s 68/98 listed system by system', () => {
    const x = explainReach(usages, usages.map((u) => u.exposure), edges, m11, 'microsoft');
    expect(x.paths).toHaveLength(21);
    expect(x.paths.reduce((a, p) => a + p.contribution, 0)).toBeCloseTo(68 / 98, 12);
    expect(x.reach).toBeCloseTo(68 / 98, 12);
    // The largest contributor is Entra itself (8/98), directly, as rights holder.
    expect(x.paths[0]).toMatchObject({ systemId: 'entra', rho: 1, steps: [], party: { systemId: 'entra', role: 'supplier', rightsHolder: true } });
    const l1 = x.paths.find((p) => p.systemId === 'L1')!;
    expect(l1).toMatchObject({ rho: 0.75, contribution: 3 / 98, steps: [{ from: 'L1', to: 'entra', kind: 'identity', weight: 0.75 }] });
    expect(x.paths.find((p) => p.systemId === 'L15')!.steps).toEqual([{ from: 'L15', to: 'entra', kind: 'identity', weight: 0.75 }]);
  });
});

describe('a Serviceplatform-style broker', () => {
  // SP (KOMBIT, e 8). C1–C10 use SP (one-way: Ci → SP), each by its own vendor Xi (e 4); SP uses
  // the CPR system (SP → CPR), supplier Y (e 8). Σe = 8 + 40 + 8 = 56.
  const usages: ReachUsage[] = [
    sys('sp', 8, [party('kombit')], { category: 'dk-integration-platform' }),
    ...Array.from({ length: 10 }, (_, i) => sys(`C${i + 1}`, 4, [party(`X${i + 1}`)])),
    sys('cpr', 8, [party('Y')]),
  ];
  const edges = [...Array.from({ length: 10 }, (_, i) => edge(`C${i + 1}`, 'sp')), edge('sp', 'cpr')];

  it('1.1: the broker’s vendor reaches its users at the data weight; the sources behind it do not', () => {
    const r = reachOf(usages, edges);
    // KOMBIT: SP 8 + 10 · 4 · 0.5 = 28 → 0.5.
    expect(r('kombit').reach).toBeCloseTo(28 / 56, 12);
    // Y: CPR 8 + SP 0.5 · 8 = 4 → 12 (the Ci do not reach Y: data edges end a path).
    expect(r('Y').reach).toBeCloseTo(12 / 56, 12);
    expect(r('X3').reach).toBeCloseTo(4 / 56, 12);
  });

  it('1.0 for contrast: every user reaches every other user’s vendor through the broker', () => {
    const r = reachOf(usages, edges, model10);
    // X1: C1 4 + SP 0.5·8 = 4 + C2–C10 0.25·4 ·9 = 9 + CPR 0.25·8 = 2 → 19.
    expect(r('X1').reach).toBeCloseTo(19 / 56, 12);
  });

  it('a two-way integration counts once, from → to, at the weight for an unknown direction', () => {
    const two = [edge('C1', 'sp', 'data', { direction: 'bidirectional' })];
    const r = reachOf(usages, two);
    // KOMBIT: SP 8 + C1 0.25 · 4 = 1 → 9; X1 is not reached from SP.
    expect(r('kombit').reach).toBeCloseTo(9 / 56, 12);
    expect(r('X1').reach).toBeCloseTo(4 / 56, 12);
    const x = explainReach(usages, usages.map((u) => u.exposure), two, m11, 'kombit');
    expect(x.paths.find((p) => p.systemId === 'C1')!.steps).toEqual([{ from: 'C1', to: 'sp', kind: 'data-unknown-direction', weight: 0.25 }]);
  });

  it('a platform dependency passes on; a path never runs further than maxHops', () => {
    // C1 → SP (data), SP → host (platform, Azure by Microsoft), host → dc (platform, operator Z).
    const u = [...usages, sys('azure', 4, [party('microsoft')]), sys('dc', 4, [party('Z', 'operator')])];
    const e = [edge('C1', 'sp'), edge('sp', 'azure', 'requires_platform'), edge('azure', 'dc', 'requires_platform')];
    const r = reachOf(u, e);
    // Σe = 56 + 8 = 64. Microsoft: azure 4 + SP 0.75·8 = 6 + C1 0.5·0.75·4 = 1.5 → 11.5.
    expect(r('microsoft').reach).toBeCloseTo(11.5 / 64, 12);
    // Z: dc 4 + azure 0.75·4 = 3 + SP 0.75·0.75·8 = 4.5; C1 would need three hops → 11.5.
    expect(r('Z').reach).toBeCloseTo(11.5 / 64, 12);
    const x = explainReach(u, u.map((s) => s.exposure), e, m11, 'microsoft');
    expect(x.paths.find((p) => p.systemId === 'C1')!.steps.map((s) => [s.from, s.to, s.kind, s.weight])).toEqual([
      ['C1', 'sp', 'data', 0.5],
      ['sp', 'azure', 'platform', 0.75],
    ]);
  });
});

describe('roles: a reseller contract and a multi-product agreement', () => {
  const microsoft = (extra = {}) => party('microsoft', 'supplier', { rightsHolder: true, ...extra });
  const atea = party('atea', 'supplier', { roleKind: 'reseller' });
  const viaAtea = (contractId: string, amountDkk: number): SpendShare => ({ contractId, amountDkk, supplier: { vendorId: 'atea', name: 'Atea', roleKind: 'reseller' } });

  it('a reseller has no reach and no spend of its own; the contract’s spend goes to the rights holder', () => {
    // M365 (e 4) bought through Atea for 1,000,000 DKK.
    const usages = [sys('m365', 4, [atea, microsoft()], { costDkk: 1_000_000, spend: [viaAtea('K1', 1_000_000)] })];
    const r = reachOf(usages, []);
    expect(r('atea').reach).toBe(0);
    expect(r('atea').directReach).toBe(0);
    expect(r('atea').sums.spendDkk).toBe(0);
    expect(r('microsoft').directReach).toBe(1);
    expect(r('microsoft').sums.spendDkk).toBe(1_000_000);
    // 1.0 counted Atea as a supplier and split the spend equally.
    const r10 = reachOf(usages, [], model10);
    expect(r10('atea').reach).toBe(1);
    expect(r10('microsoft').sums.spendDkk).toBe(500_000);
  });

  it('an Enterprise Agreement through a reseller: each product’s share to its rights holder, never split among parties', () => {
    // EA 4,812,500 DKK through Atea covering Office, Teams and Entra (Microsoft): 1,604,166.67 each.
    // A reseller agreement K2 of 300,000 covering Acrobat (Adobe) and Office: 150,000 each.
    // An integrator's service contract K3 (Netcompany, supplier/integrator) of 200,000 on Teams.
    const ea = 4_812_500 / 3;
    const netcompany = { vendorId: 'netcompany', name: 'Netcompany', roleKind: 'supplier' as const };
    const usages = [
      sys('office', 4, [atea, microsoft()], { costDkk: ea + 150_000, spend: [viaAtea('EA', ea), viaAtea('K2', 150_000)] }),
      sys('teams', 4, [atea, microsoft()], { costDkk: ea + 200_000, spend: [viaAtea('EA', ea), { contractId: 'K3', amountDkk: 200_000, supplier: netcompany }] }),
      sys('entra', 4, [atea, microsoft()], { costDkk: ea, spend: [viaAtea('EA', ea)] }),
      sys('acrobat', 1, [atea, party('adobe', 'supplier', { rightsHolder: true })], { costDkk: 150_000, spend: [viaAtea('K2', 150_000)] }),
    ];
    const r = reachOf(usages, []);
    expect(r('microsoft').sums.spendDkk).toBeCloseTo(4_812_500 + 150_000, 6);
    expect(r('adobe').sums.spendDkk).toBeCloseTo(150_000, 6);
    expect(r('netcompany').sums.spendDkk).toBeCloseTo(200_000, 6);
    expect(r('atea').sums.spendDkk).toBe(0);
    // Total known spend 5,312,500: Microsoft 4,962,500 / 5,312,500.
    expect(r('microsoft').spendShare).toBeCloseTo(4_962_500 / 5_312_500, 12);
    // The integrator has spend but no product reach (it is not a party of any system here).
    expect(r('netcompany').reach).toBe(0);
  });

  it('a reseller copied onto a system as its platform’s party still has no reach', () => {
    // esdh requires m365 (platform); m365's parties become esdh's platform parties.
    const usages = [sys('esdh', 8, [party('A')]), sys('m365', 4, [atea, microsoft()])];
    const withPlatform = [usages[0]!, usages[1]!].map((u) => u);
    withPlatform[0] = { ...usages[0]!, parties: [...usages[0]!.parties, { ...atea, role: 'platform', fromRole: 'supplier' }, { ...microsoft(), role: 'platform', fromRole: 'supplier' }] };
    const r = reachOf(withPlatform, [edge('esdh', 'm365', 'requires_platform')]);
    expect(r('atea').reach).toBe(0);
    // Microsoft: m365 4 + esdh 0.75 · 8 = 6 → 10 / 12.
    expect(r('microsoft').reach).toBeCloseTo(10 / 12, 12);
  });
});

describe('a Danish subsidiary of a foreign group', () => {
  // KMD A/S (company) under NEC Corporation (JP): Opus (e 8, 2,000,000 DKK) and a sister company
  // KMD Sister ApS with Sag (e 4, 1,000,000 DKK), both direct suppliers and rights holders;
  // Netcompany's web (e 4, 1,000,000 DKK) uses Opus (one-way). Σe = 16, spend 4,000,000.
  const nec = (id: string, name: string) =>
    party('nec', 'supplier', { name: 'NEC Corporation', company: { id, name }, rightsHolder: true, country: { value: 'JP', provenance: 'catalogue', observedAt: null } });
  const share = (contractId: string, amountDkk: number): SpendShare => ({ contractId, amountDkk, supplier: null });
  const usages: ReachUsage[] = [
    sys('opus', 8, [nec('kmd', 'KMD A/S')], { costDkk: 2_000_000, spend: [share('K1', 2_000_000)] }),
    sys('sag', 4, [nec('kmd-2', 'KMD Sister ApS')], { costDkk: 1_000_000, spend: [share('K2', 1_000_000)] }),
    sys('web', 4, [party('netcompany', 'supplier', { rightsHolder: true })], { costDkk: 1_000_000, spend: [share('K3', 1_000_000)] }),
  ];
  const edges = [edge('web', 'opus')];
  const columns = [usages.map((u) => u.exposure), usages.map((u) => u.L), usages.map((u) => u.costDkk)] as const;

  it('the owner: NEC reaches opus, sag and web through opus; spend 3,000,000 of 4,000,000', () => {
    const r = reachOf(usages, edges);
    // 8 + 4 + 0.5 · 4 = 14 of 16.
    expect(r('nec').reach).toBeCloseTo(14 / 16, 12);
    expect(r('nec').directReach).toBeCloseTo(12 / 16, 12);
    expect(r('nec').spendShare).toBeCloseTo(0.75, 12);
  });

  it('the company: KMD A/S alone, its owner and country beside it; the companies add up to the owner', () => {
    const companies = companyReachOf(usages, ...columns, edges, m11).vendors;
    const kmd = companies.find((v) => v.vendorId === 'kmd')!;
    // Opus 8 + web through opus 0.5 · 4 = 2 → 10 of 16; spend 2,000,000 of 4,000,000.
    expect(kmd.reach).toBeCloseTo(10 / 16, 12);
    expect(kmd.spendShare).toBeCloseTo(0.5, 12);
    expect(kmd.owner).toEqual({ vendorId: 'nec', name: 'NEC Corporation', country: 'JP' });
    const sister = companies.find((v) => v.vendorId === 'kmd-2')!;
    expect(sister.reach + kmd.reach).toBeCloseTo(14 / 16, 12);
    expect((sister.spendShare ?? 0) + (kmd.spendShare ?? 0)).toBeCloseTo(0.75, 12);
  });
});

describe('criticality: the business-critical flag', () => {
  const flagged = (criticality: Input<Criticality>, flag: Input<boolean> | undefined) => aUsage({ criticality, ...(flag ? { businessCritical: flag } : {}) });

  it('1.1: a flagged system is at least high, with the flag’s provenance; a higher criticality stands', () => {
    expect(criticalityOf(flagged(unknown(), known(true)), m11)).toMatchObject({ value: 'high', provenance: 'declared' });
    expect(criticalityOf(flagged(known('low'), known(true)), m11).value).toBe('high');
    expect(criticalityOf(flagged(known('critical'), known(true)), m11).value).toBe('critical');
    const s = scoreSystem(flagged(unknown(), known(true)), AS_OF, m11);
    // Exposure of high (4), no longer unknown; the score says it was raised.
    expect(s.exposure).toBe(4);
    expect(s.criticality).toMatchObject({ value: 'high', unknown: false, raisedByBusinessCritical: true });
  });

  it('unknown criticality without the flag stays unknown (exposure 4, provenance shown); 1.0 never reads the flag', () => {
    const s = scoreSystem(flagged(unknown(), known(false)), AS_OF, m11);
    expect(s.criticality).toMatchObject({ value: null, provenance: 'unknown', unknown: true });
    expect(s.criticality.raisedByBusinessCritical).toBeUndefined();
    expect(s.exposure).toBe(4);
    expect(criticalityOf(flagged(known('low'), known(true)), model10).value).toBe('low');
  });
});
