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
  maturity: { ams: 70, knownMetrics: 3, metricCount: 6, openSourceLabel: true },
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

describe('matching by task (issue #14)', () => {
  // One critical Microsoft system per task; candidates that do a task, share only the category, or form a wrong pair.
  const usage = (id: string, category: string) => aUsage({ id, name: id, category, criticality: known('critical'), parties: [ms, { ...ms, role: 'host' }], exitPlan: unknown(), exportTestedAt: unknown() });
  const input = aMunicipality({ asOf: AS_OF, usages: [usage('CARE', 'dk-health'), usage('PAY', 'dk-hr'), usage('MAIL', 'mail')], edges: [] });
  const facts = new Map<string, UsageFacts>([
    ['CARE', uf('c', 'KMD Nexus', 'lt10', ['medicinhåndtering', 'omsorgsjournal'], ['product:kmd-nexus'])],
    ['PAY', uf('p', 'SD Løn', 'lt10', ['hr', 'lønsystem'], ['product:sd-lon'])],
    ['MAIL', uf('m', 'Exchange Online', 'lt10', ['e-mail', 'kalender'])],
  ]);
  const korr = oss('1', 'OS2korrespondance');
  const care = oss('2', 'Open Care');
  const time = oss('3', 'Kimai');
  const odoo = oss('4', 'Odoo HR');
  const sogo = oss('5', 'SOGo');
  const wiki = oss('6', 'Wiki.js');
  const catalogue = catalogueOf({
    // The category maps OS2korrespondance onto care, Kimai onto HR, a wiki onto mail: ideas at best.
    productsByCategory: new Map([['dk-health', [korr]], ['dk-hr', [time]], ['mail', [wiki]]]),
    alternativesByProduct: new Map([['c', [korr]]]),
    functions: [[korr, ['medcom-korrespondance']], [care, ['omsorgsjournal']], [time, ['tidsregistrering']], [odoo, ['hr']], [sogo, ['e-mail', 'kalender', 'kontakter']], [wiki, ['wiki']]],
    names: [[korr.ref, ['alternative:os2korrespondance']], [time.ref, ['alternative:kimai']]],
    wrongPairs: [
      { subject: 'alternative:os2korrespondance', other: 'function:omsorgsjournal' },
      { subject: 'product:sd-lon', other: 'function:tidsregistrering' },
    ],
  });
  const result = exitPaths(input, facts, catalogue, { top: 3 });
  const of = (id: string) => result.paths.filter((p) => p.usage.id === id).map((p) => `${p.candidate.name}:${p.candidate.basis}`).sort();

  it('finds candidates by a shared task even when neither the category nor the catalogue mapping names them', () => {
    expect(of('CARE')).toEqual(['Open Care:function']);
    expect(of('PAY')).toEqual(['Odoo HR:function']);
    expect(result.paths.find((p) => p.candidate.name === 'SOGo')!.candidate.sharedFunctions).toEqual(['e-mail', 'kalender']);
  });

  it('never proposes a wrong pair, not even as an idea: OS2korrespondance for a care journal, time registration for payroll', () => {
    expect(result.paths.some((p) => p.candidate.name === 'OS2korrespondance')).toBe(false);
    expect(result.paths.some((p) => p.candidate.name === 'Kimai')).toBe(false);
  });

  it('shows a category-only candidate as an idea after every task match, never recommended', () => {
    const wikiPath = result.paths.find((p) => p.candidate.name === 'Wiki.js')!;
    expect(wikiPath.candidate).toMatchObject({ basis: 'category', sharedFunctions: [] });
    expect(wikiPath.recommended).toBe(false);
    expect(wikiPath.checks.find((c) => c.check === 'task_match')).toEqual({ check: 'task_match', passed: false });
    expect(result.paths.at(-1)).toBe(wikiPath);
    expect(result.ideas).toBe(1);
  });

  it('counts the systems without a task match', () => {
    const none = exitPaths(input, facts, catalogueOf({ productsByCategory: new Map([['mail', [wiki]]]) }), { top: 3 });
    expect(none.withoutTaskMatch).toBe(3);
    expect(none.withoutCandidate).toBe(2);
  });

  // Properties over generated catalogues: they hold by definition, whatever the data.
  it('holds its rules on 200 generated catalogues', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const TERMS = ['e-mail', 'kalender', 'esdh', 'hr', 'lønsystem', 'tidsregistrering', 'omsorgsjournal', 'wiki'];
    const pick = () => TERMS.filter(() => rand() < 0.25);
    for (let round = 0; round < 200; round++) {
      const cands = Array.from({ length: 6 }, (_, i) => oss(`${round}-${i}`, `C${i}`));
      const terms = new Map(cands.map((c) => [c.ref, pick()]));
      const pairs = [{ subject: `alternative:a${Math.floor(rand() * 6)}`, other: `function:${TERMS[Math.floor(rand() * TERMS.length)]}` }];
      const cat = catalogueOf({
        productsByCategory: new Map([['mail', cands.filter(() => rand() < 0.3)]]),
        alternativesByProduct: new Map([['m', cands.filter(() => rand() < 0.3)]]),
        functions: cands.map((c): [Candidate, string[]] => [c, terms.get(c.ref)!]),
        names: cands.map((c, i): [string, string[]] => [c.ref, [`alternative:a${i}`]]),
        wrongPairs: pairs,
      });
      const usageTerms = pick().sort();
      // The generated pair forbids candidate a<k> for a system that carries the pair's term.
      const isWrong = (ref: string) => pairs[0]!.subject === `alternative:a${cands.findIndex((c) => c.ref === ref)}` && usageTerms.includes(pairs[0]!.other.slice('function:'.length));
      const f = new Map([['MAIL', uf('m', 'Exchange Online', 'lt10', usageTerms)]]);
      const r = exitPaths(aMunicipality({ asOf: AS_OF, usages: [usage('MAIL', 'mail')], edges: [] }), f, cat, { top: 1 });
      const seen = new Set<string>();
      for (const p of r.paths) {
        const own = terms.get(p.candidate.ref)!;
        const shared = usageTerms.filter((t) => own.includes(t));
        expect(p.candidate.sharedFunctions).toEqual(shared);
        expect(p.candidate.basis).toBe(shared.length ? 'function' : 'category');
        if (p.recommended) expect(p.candidate.basis).toBe('function');
        expect(isWrong(p.candidate.ref)).toBe(false);
        expect(seen.has(p.candidate.ref)).toBe(false);
        seen.add(p.candidate.ref);
      }
      const bases = r.paths.map((p) => p.candidate.basis);
      expect(bases).toEqual([...bases].sort((a, b) => (a === b ? 0 : a === 'function' ? -1 : 1)));
      // Every candidate that shares a task and lowers the lock-in is offered (open source, so no vendor fallback).
      const offered = new Set(r.paths.map((p) => p.candidate.ref));
      for (const c of cands) if (usageTerms.some((t) => terms.get(c.ref)!.includes(t)) && !isWrong(c.ref)) expect(offered.has(c.ref)).toBe(true);
    }
  });
});
