import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateMunicipality, summarize } from './municipality-score.ts';
import { type MissingInputKind, missingInputKind, missingInputSummary, orderedKinds } from './missing-inputs.ts';
import { scoreSystem } from './system-score.ts';
import { usageArb } from './test-arbitraries.ts';
import { AS_OF } from './test-builders.ts';

/** The theme of an input as the explanation names it (`contracts[3].endDate`, `parties[KMD A/S/supplier].country`, `hostingModel`). */
function themeOfExplained(name: string): MissingInputKind {
  const bracket = /^(contracts|parties)\[.*\](\.\w+)$/.exec(name);
  if (bracket) return missingInputKind('', bracket[2], bracket[1] === 'parties');
  return missingInputKind(name, undefined, false);
}

describe('what a provisional score is missing', () => {
  it('names the themes of exactly the unknown inputs the explanation lists, with or without an explanation', () => {
    fc.assert(
      fc.property(usageArb, (u) => {
        const explained = scoreSystem(u, AS_OF);
        const quick = scoreSystem(u, AS_OF, undefined, { explain: false });
        for (const f of explained.factors) expect(f.missingInputs).toEqual(orderedKinds(f.unknownInputs.map(themeOfExplained)));
        const expected = orderedKinds([...explained.factors.flatMap((f) => f.unknownInputs.map(themeOfExplained)), ...(explained.criticality.unknown ? (['criticality'] as const) : [])]);
        expect(explained.missingInputs).toEqual(expected);
        expect(quick.missingInputs).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('counts, per theme, the systems missing it; most first; only themes some system misses', () => {
    fc.assert(
      fc.property(fc.array(usageArb, { minLength: 1, maxLength: 12 }), (raw) => {
        const usages = raw.map((u, i) => ({ ...u, id: `u${i}` }));
        const scores = usages.map((u) => scoreSystem(u, AS_OF, undefined, { explain: false }));
        const m = aggregateMunicipality({ municipalityCode: '101', asOf: AS_OF, usages, edges: [], totalItSpendDkk: null, referenceSystemCount: null }, scores.map(summarize));
        const summary = m.confidence.missingInputs;
        for (const line of summary) {
          expect(line.systems).toBe(scores.filter((s) => s.missingInputs.includes(line.input)).length);
          expect(line.systems).toBeGreaterThan(0);
          expect(line.systems).toBeLessThanOrEqual(m.systemCount);
        }
        const missedSomewhere = new Set(scores.flatMap((s) => s.missingInputs));
        expect(new Set(summary.map((l) => l.input))).toEqual(missedSomewhere);
        expect(summary.map((l) => l.systems)).toEqual([...summary.map((l) => l.systems)].sort((a, b) => b - a));
      }),
      { numRuns: 100 },
    );
  });

  it('has a Danish and an English label for every theme', () => {
    for (const line of missingInputSummary({ contract: 212, hosting: 40 })) {
      expect(line.label.da).not.toBe('');
      expect(line.label.en).not.toBe('');
    }
    expect(missingInputSummary({ contract: 212, hosting: 40, api: 0 }).map((l) => [l.input, l.systems])).toEqual([['contract', 212], ['hosting', 40]]);
  });
});
