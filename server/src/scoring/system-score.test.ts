import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ContractTerms, Input, ScoringUsage } from './input.ts';
import { bandIds, defaultModel, factorIds, model10 } from './model.ts';
import { rules } from './rules.ts';
import { bandOf, evaluateGates, exposureOf, scoreSystem, worseBand } from './system-score.ts';
import { AS_OF, aContract, aParty, aUsage, esdhExample, known, unknown } from './test-builders.ts';
import { contractArb, dateArb, knownArb, knownNoneableArb, usageArb, values } from './test-arbitraries.ts';

describe('ESDH worked example (lockin-scoring.md §3.5)', () => {
  const s = scoreSystem(esdhExample(), AS_OF);
  const v = Object.fromEntries(s.factors.map((f) => [f.factor, f.value]));
  const o = Object.fromEntries(s.factors.map((f) => [f.factor, f.optimistic]));

  it('gives the factor values of the table', () => {
    expect(v).toEqual({ F1: 50, F2: 25, F3: 80, F4: 75, F5: 15, F6: 80, F7: 80, F8: 75, F9: 100 });
  });

  it('gives L = 64.25 and L_opt = 52.75 (the doc rounds to 64.3 and 52.8)', () => {
    expect(s.L).toBe(64.25);
    expect(s.Lopt).toBe(52.75);
  });

  it('moves only F4 (exit clause unknown) and F9 (no plan on record) in the optimistic bound', () => {
    expect(o).toEqual({ ...v, F4: 60, F9: 0 });
  });

  it('is band D with the jurisdiction gate, as criticality is high', () => {
    expect(s.bandFromScore).toBe('D');
    expect(s.band).toBe('D');
    expect(s.flags).toEqual(['jurisdiction']);
    expect(s.exposure).toBe(4);
    expect(s.priority).toBe(64.25 * 4);
  });

  it('explains each factor with the rule that fired', () => {
    const rule = Object.fromEntries(s.factors.map((f) => [f.factor, f.rule]));
    expect(rule).toEqual({
      F1: 'F1.full-vendor-format',
      F2: 'F2.public-vendor-schema',
      F3: 'F3.integration-count',
      F4: 'F4.months-to-exit',
      F5: 'F5.three-plus-open-or-eu',
      F6: 'F6.documented-closed',
      F7: 'F7.vendor-non-eu',
      F8: 'F8.non-eu-data-in-eu',
      F9: 'F9.unknown',
    });
    const f4 = s.factors[3]!;
    expect(f4.modifiers.map((m) => [m.id, m.points])).toEqual([
      ['F4.notice-over-2-months', 10],
      ['F4.no-exit-clause', 15],
    ]);
    expect(f4.detail?.en).toBe('30 months to exit (1 Dec 2028) → 50');
    expect(f4.unknownInputs).toEqual(['contracts[K1].exitClause']);
    expect(s.factors[2]!.detail?.da).toBe('7 integrationer → 60');
    expect(s.factors[8]!.inputs).toEqual([
      { name: 'exitPlan', value: null, provenance: 'unknown', observedAt: null, unknown: true, label: 'ukendt' },
    ]);
  });

  it('matches the golden explanation file (model 1.0, reproduced from the same inputs)', () => {
    const golden = fileURLToPath(new URL('./__golden__/esdh-score.json', import.meta.url));
    const actual = `${JSON.stringify(scoreSystem(esdhExample(), AS_OF, model10), null, 2)}\n`;
    if (!existsSync(golden)) writeFileSync(golden, actual);
    const expected = readFileSync(golden, 'utf8');
    if (expected !== actual) writeFileSync(golden.replace(/\.json$/, '-changed.json'), actual);
    expect(actual).toBe(expected);
  });

  it('records the model version and computes the exit window', () => {
    expect(s.model).toBe('handlefrihed-1.1');
    expect(s.exitWindow).toMatchObject({ nextExit: '2028-12-01', noticeBy: '2028-06-01', monthsToExit: 30, withinWindow: false });
  });
});

describe('bands and gates (§3.4)', () => {
  it.each([
    [0, 'A'], [19.99, 'A'], [20, 'B'], [39.5, 'B'], [40, 'C'], [59.9, 'C'], [60, 'D'], [79.99, 'D'], [80, 'E'], [100, 'E'],
  ] as const)('L %s is band %s', (l, band) => {
    expect(bandOf(l)).toBe(band);
  });

  it('takes the worse band', () => {
    expect(worseBand('B', 'D')).toBe('D');
    expect(worseBand('E', 'D')).toBe('E');
  });

  const base = { F1: 0, F4: 0, F5: 0, F8: 0, F9: 0 };
  const applies = (f: Partial<typeof base>, crit: Parameters<typeof evaluateGates>[1]) =>
    evaluateGates({ ...base, ...f }, crit).filter((g) => g.applies).map((g) => g.gate);

  it('G1 needs criticality ≥ high and F8 ≥ 75; unknown criticality counts as at least high', () => {
    expect(applies({ F8: 75 }, 'high')).toEqual(['G1']);
    expect(applies({ F8: 75 }, 'critical')).toEqual(['G1']);
    expect(applies({ F8: 75 }, null)).toEqual(['G1']);
    expect(applies({ F8: 75 }, 'medium')).toEqual([]);
    expect(applies({ F8: 50 }, 'critical')).toEqual([]);
  });

  it('G2 fires on F1 = 100, G3 on F5 ≥ 75 and F4 ≥ 75, G4 on critical with F9 = 100', () => {
    expect(applies({ F1: 100 }, 'low')).toEqual(['G2']);
    expect(applies({ F5: 75, F4: 75 }, 'low')).toEqual(['G3']);
    expect(applies({ F5: 75, F4: 70 }, 'low')).toEqual([]);
    expect(applies({ F9: 100 }, 'critical')).toEqual(['G4']);
    expect(applies({ F9: 100 }, 'high')).toEqual([]);
  });

  it('an unknown criticality is assumed critical for the gates, and says so', () => {
    const gates = evaluateGates({ ...base, F8: 75, F9: 100 }, null);
    expect(gates.filter((g) => g.applies).map((g) => [g.gate, g.criticalityAssumed])).toEqual([
      ['G1', true],
      ['G4', true],
    ]);
    expect(evaluateGates({ ...base, F8: 75 }, 'high').find((g) => g.gate === 'G1')?.criticalityAssumed).toBe(false);
  });

  it('G1/G2 cap the band at D but never change L', () => {
    const u = aUsage({ dataExport: known('none'), criticality: known('low') });
    const s = scoreSystem(u, AS_OF);
    expect(s.factors[0]!.value).toBe(100);
    expect(s.bandFromScore).not.toBe('D');
    expect(s.band).toBe('D');
    expect(s.flags).toContain('no-exit-route');
    const { L } = scoreSystem(aUsage({ dataExport: known('none'), criticality: known('critical') }), AS_OF);
    expect(L).toBe(s.L);
  });

  it('flags structural lock-in and critical-without-plan without changing the band', () => {
    const u = aUsage({
      criticality: known('critical'),
      exitPlan: known('none'),
      substitutability: { viableAlternatives: known(1), openOrEuAlternative: known(false), nationalCategoryHhi: known(1000) },
      contracts: known([aContract({ endDate: '2032-06-01' })]),
    });
    const s = scoreSystem(u, AS_OF);
    expect(s.flags).toEqual(['structural-lockin', 'critical-without-plan']);
    expect(s.band).toBe(s.bandFromScore);
  });
});

describe('exposure and priority (§3.5)', () => {
  it.each([['low', 1], ['medium', 2], ['high', 4], ['critical', 8], [null, 4]] as const)('%s → %s', (c, e) => {
    expect(exposureOf(c)).toBe(e);
  });

  it('unknown criticality counts as high, never as low', () => {
    const s = scoreSystem(aUsage({ criticality: unknown() }), AS_OF);
    expect(s.exposure).toBe(4);
    expect(s.criticality.label).toBe('ukendt');
    expect(s.priority).toBe(s.L * 4);
  });
});

describe('explanations', () => {
  it('every factor of every score names a known rule, its texts and its inputs', () => {
    fc.assert(
      fc.property(usageArb, (u) => {
        const s = scoreSystem(u, AS_OF);
        expect(s.factors.map((f) => f.factor)).toEqual([...factorIds]);
        for (const f of s.factors) {
          expect(rules[f.rule]).toBeDefined();
          expect(f.ruleText.da.length).toBeGreaterThan(0);
          expect(f.ruleText.en.length).toBeGreaterThan(0);
          expect(rules[f.optimisticRule]).toBeDefined();
          expect(f.inputs.length).toBeGreaterThan(0);
          for (const m of f.modifiers) expect(rules[m.id]).toBeDefined();
          for (const i of f.inputs) {
            expect(i.name).toBeTruthy();
            expect(i.unknown).toBe(i.provenance === 'unknown');
            if (i.unknown) expect(i.label).toBe('ukendt');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests: missing data is never good.

type Slot = { name: string; unknown: boolean; replace: (u: ScoringUsage, r: Replacements) => ScoringUsage; blank: (u: ScoringUsage) => ScoringUsage };

const replacementsArb = fc.record({
  criticality: knownArb(values.criticality),
  dataExport: knownArb(values.dataExport),
  exportFormatKind: knownArb(values.exportFormatKind),
  exportTestedAt: knownNoneableArb(dateArb),
  exportCharges: knownArb(fc.boolean()),
  apiAvailability: knownArb(values.apiAvailability),
  integrationCount: knownArb(values.integrationCount),
  requiresSpecificPlatform: knownArb(fc.boolean()),
  contracts: knownArb(fc.array(contractArb, { maxLength: 3 })),
  licenseModel: knownArb(values.licenseModel),
  codeGovernance: knownArb(values.codeGovernance),
  hostingModel: knownArb(values.hostingModel),
  keyManagement: knownArb(values.keyManagement),
  externalBackupTestedAt: knownNoneableArb(dateArb),
  exitPlan: knownArb(values.exitPlan),
  exitPlanTestedAt: knownNoneableArb(dateArb),
  exitPlanOwner: knownNoneableArb(values.owner),
  viableAlternatives: knownArb(values.alternatives),
  openOrEuAlternative: knownArb(fc.boolean()),
  nationalCategoryHhi: knownArb(values.hhi),
  country: knownArb(values.country),
  dataLocation: knownArb(values.dataLocation),
  nonEuSubProcessors: knownArb(values.subProcessors),
  endDate: dateArb,
  noticeMonths: fc.integer({ min: 0, max: 12 }),
  exitClause: fc.boolean(),
  switchingCharges: fc.boolean(),
  licencesPortable: fc.boolean(),
  bundledScope: fc.boolean(),
});
type Replacements = typeof replacementsArb extends fc.Arbitrary<infer R> ? R : never;

const U: Input<never> = { value: null, provenance: 'unknown', observedAt: null };
const topLevel = [
  'criticality', 'dataExport', 'exportFormatKind', 'exportTestedAt', 'exportCharges', 'apiAvailability', 'integrationCount',
  'requiresSpecificPlatform', 'contracts', 'licenseModel', 'codeGovernance', 'hostingModel', 'keyManagement',
  'externalBackupTestedAt', 'exitPlan', 'exitPlanTestedAt', 'exitPlanOwner',
] as const;
const subKeys = ['viableAlternatives', 'openOrEuAlternative', 'nationalCategoryHhi'] as const;
const partyKeys = ['country', 'dataLocation', 'nonEuSubProcessors'] as const;
const termKeys = ['endDate', 'noticeMonths', 'exitClause', 'switchingCharges', 'licencesPortable', 'bundledScope'] as const;

/** Every place an input can be unknown, with a way to fill it and a way to blank it. */
function slots(u: ScoringUsage): Slot[] {
  const out: Slot[] = [];
  for (const k of topLevel) {
    out.push({
      name: k,
      unknown: u[k].provenance === 'unknown',
      replace: (x, r) => ({ ...x, [k]: r[k] }),
      blank: (x) => ({ ...x, [k]: U }),
    });
  }
  for (const k of subKeys) {
    out.push({
      name: `substitutability.${k}`,
      unknown: u.substitutability[k].provenance === 'unknown',
      replace: (x, r) => ({ ...x, substitutability: { ...x.substitutability, [k]: r[k] } }),
      blank: (x) => ({ ...x, substitutability: { ...x.substitutability, [k]: U } }),
    });
  }
  u.parties.forEach((p, i) => {
    for (const k of partyKeys) {
      const set = (x: ScoringUsage, v: Input<unknown>) => ({ ...x, parties: x.parties.map((q, j) => (j === i ? { ...q, [k]: v } : q)) });
      out.push({ name: `parties[${i}].${k}`, unknown: p[k].provenance === 'unknown', replace: (x, r) => set(x, r[k]), blank: (x) => set(x, U) });
    }
  });
  if (u.contracts.value) {
    u.contracts.value.forEach((c, i) => {
      for (const k of termKeys) {
        const set = (x: ScoringUsage, v: ContractTerms[typeof k]) =>
          x.contracts.value === null
            ? x
            : { ...x, contracts: { ...x.contracts, value: x.contracts.value.map((t, j) => (j === i ? { ...t, [k]: v } : t)) } };
        out.push({ name: `contracts[${i}].${k}`, unknown: c[k] === null, replace: (x, r) => set(x, r[k]), blank: (x) => set(x, null) });
      }
    });
  }
  return out;
}

describe('properties (fast-check)', () => {
  it('every factor, L and L_opt stay within 0–100, and L_opt ≤ L', () => {
    fc.assert(
      fc.property(usageArb, (u) => {
        const s = scoreSystem(u, AS_OF);
        for (const f of s.factors) {
          expect(f.value).toBeGreaterThanOrEqual(0);
          expect(f.value).toBeLessThanOrEqual(100);
          expect(f.optimistic).toBeGreaterThanOrEqual(0);
          expect(f.optimistic).toBeLessThanOrEqual(f.value);
          expect(f.confidence).toBeGreaterThanOrEqual(0);
          expect(f.confidence).toBeLessThanOrEqual(1);
        }
        expect(s.L).toBeGreaterThanOrEqual(0);
        expect(s.L).toBeLessThanOrEqual(100);
        expect(s.Lopt).toBeGreaterThanOrEqual(0);
        expect(s.Lopt).toBeLessThanOrEqual(s.L);
        expect(s.confidence.value).toBeGreaterThanOrEqual(0);
        expect(s.confidence.value).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('replacing an unknown input by any known value never raises L and never lowers L_opt', () => {
    fc.assert(
      fc.property(usageArb, replacementsArb, (u, r) => {
        const before = scoreSystem(u, AS_OF);
        for (const slot of slots(u)) {
          if (!slot.unknown) continue;
          const after = scoreSystem(slot.replace(u, r), AS_OF);
          for (let i = 0; i < 9; i++) {
            expect(after.factors[i]!.value, `${slot.name} F${i + 1}`).toBeLessThanOrEqual(before.factors[i]!.value);
            expect(after.factors[i]!.optimistic, `${slot.name} F${i + 1} opt`).toBeGreaterThanOrEqual(before.factors[i]!.optimistic);
          }
          expect(after.L).toBeLessThanOrEqual(before.L + 1e-9);
          expect(after.Lopt).toBeGreaterThanOrEqual(before.Lopt - 1e-9);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('leaving a field empty never improves the score (L never falls, L_opt never rises)', () => {
    fc.assert(
      fc.property(usageArb, (u) => {
        const before = scoreSystem(u, AS_OF);
        for (const slot of slots(u)) {
          if (slot.unknown) continue;
          const after = scoreSystem(slot.blank(u), AS_OF);
          expect(after.L, slot.name).toBeGreaterThanOrEqual(before.L - 1e-9);
          expect(after.Lopt, slot.name).toBeLessThanOrEqual(before.Lopt + 1e-9);
          expect(bandIds.indexOf(after.band), slot.name).toBeGreaterThanOrEqual(bandIds.indexOf(before.band));
          for (const flag of before.flags) expect(after.flags, slot.name).toContain(flag);
          // Priority P = L·e: the spec fixes e = 4 for an unknown criticality, so blanking a
          // *critical* system's criticality halves e. Every other field can only raise P.
          if (slot.name !== 'criticality') expect(after.priority, slot.name).toBeGreaterThanOrEqual(before.priority - 1e-9);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('blanking every field of a complete usage gives the worst L, and lowers confidence', () => {
    const full = aUsage();
    const blankAll = slots(full).reduce((x, s) => s.blank(x), full);
    const a = scoreSystem(full, AS_OF);
    const b = scoreSystem({ ...blankAll, parties: [] }, AS_OF);
    expect(b.L).toBe(100);
    expect(b.Lopt).toBeLessThanOrEqual(a.Lopt);
    expect(b.confidence.value).toBe(0);
    expect(b.confidence.label).toBe('foreløbig');
    expect(a.confidence.value).toBeGreaterThan(b.confidence.value);
  });

  it('a known usage has L = L_opt (no uncertainty band)', () => {
    const s = scoreSystem(aUsage({ parties: [aParty()] }), AS_OF);
    expect(s.L).toBe(s.Lopt);
  });

  it('explain: false gives the same numbers, rules and confidence without input lists or texts', () => {
    fc.assert(
      fc.property(usageArb, (u) => {
        const full = scoreSystem(u, AS_OF);
        const lean = scoreSystem(u, AS_OF, undefined, { explain: false });
        const strip = (x: typeof full) => ({ ...x, factors: x.factors.map((f) => ({ ...f, inputs: [], unknownInputs: [], detail: null })) });
        expect(strip(lean)).toEqual(strip(full));
        expect(lean.factors.every((f) => f.inputs.length === 0 && f.detail === null)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('uses the model passed in (weights are configuration)', () => {
    const u = esdhExample();
    const equal = { ...defaultModel, weights: { F1: 1, F2: 1, F3: 1, F4: 1, F5: 1, F6: 1, F7: 1, F8: 1, F9: 1 } };
    expect(scoreSystem(u, AS_OF, equal).L).toBeCloseTo((50 + 25 + 80 + 75 + 15 + 80 + 80 + 75 + 100) / 9, 10);
  });
});
