// The exit-plan checklist: completeness item by item, validation at the boundary, and the
// mapping onto F9's inputs — checked through the real F9 rule, so the documented outcomes hold.
import { describe, expect, it } from 'vitest';
import { f9ExitReadiness } from '../scoring/factors.ts';
import { aUsage, unknown } from '../scoring/test-builders.ts';
import {
  emptyExitPlan,
  exitPlanCompleteness,
  exitPlanLevel,
  exitPlanProblems,
  exitPlanSchema,
  exitReadinessInputs,
  type ExitPlanInput,
  prefilledExitPlan,
} from './exit-plan.ts';

const AS_OF = '2026-11-27';
const context = { integrations: [{ usageKey: 'id:oko-1', name: 'Økonomi' }, { usageKey: 'id:cpr', name: 'CPR-opslag' }] };
const full: ExitPlanInput = {
  owner: 'Systemejer, Digitalisering',
  noticeDate: '2027-04-30',
  transitionDays: 30,
  exportFormats: ['CSV', 'PDF/A'],
  exportTestedAt: '2026-09-01',
  integrations: [
    { usageKey: 'id:oko-1', name: 'Økonomi', action: 'Ny snitflade via OS2' },
    { usageKey: 'id:cpr', name: 'CPR-opslag', action: 'Serviceplatformen' },
  ],
  plannedSwitch: 'Udbud 2027, parallel drift i 30 dage',
  suddenLoss: 'Dagligt udtræk til eget arkiv; nødprocedure på papir',
  lastTestedAt: '2026-10-15',
  document: { name: 'Exitplan ESDH v2', url: 'https://intranet.kommune.dk/exitplan.pdf' },
};
const plan = (over: Partial<ExitPlanInput> = {}) => exitPlanSchema.parse({ ...full, ...over });
const f9 = (inputs: ReturnType<typeof exitReadinessInputs>) => {
  const r = f9ExitReadiness(aUsage(inputs), AS_OF);
  return { ...r, confidence: Math.round(r.confidence * 1e9) / 1e9 };
};

describe('the exit-plan schema', () => {
  it('accepts a full plan and an empty one, trimming empty texts to null', () => {
    expect(plan().owner).toBe('Systemejer, Digitalisering');
    expect(exitPlanSchema.parse({ owner: '   ', plannedSwitch: '' })).toEqual(emptyExitPlan());
  });

  it.each([
    ['an unknown field', { colour: 'red' }],
    ['a malformed date', { noticeDate: '30-04-2027' }],
    ['a zero transition period', { transitionDays: 0 }],
    ['a non-http link', { document: { name: null, url: 'javascript:alert(1)' } }],
    ['a document with neither name nor link', { document: { name: '', url: '' } }],
    ['an integration without a key', { integrations: [{ usageKey: '', name: 'x' }] }],
  ])('refuses %s', (_what, over) => {
    expect(exitPlanSchema.safeParse({ ...full, ...over }).success).toBe(false);
  });

  it('refuses test dates in the future against the given day', () => {
    expect(exitPlanProblems(plan({ lastTestedAt: '2026-11-28' }), AS_OF).map((p) => p.field)).toEqual(['lastTestedAt']);
    expect(exitPlanProblems(plan(), AS_OF)).toEqual([]);
  });
});

describe('completeness', () => {
  it('is complete when every item is filled in and every integration is covered', () => {
    const c = exitPlanCompleteness(plan(), context);
    expect(c).toMatchObject({ done: 10, total: 10, missing: [], complete: true });
  });

  it('names what is missing, including integrations the plan does not cover', () => {
    const c = exitPlanCompleteness(plan({ owner: null, document: null, integrations: [{ usageKey: 'id:oko-1', name: 'Økonomi', action: null }] }), context);
    expect(c.missing).toEqual(['owner', 'integrations', 'document']);
    expect(c.items.find((i) => i.id === 'integrations')!.note).toEqual({ da: 'Mangler: CPR-opslag', en: 'Missing: CPR-opslag' });
    expect(c.complete).toBe(false);
  });

  it('counts the integrations item as done for a system without integrations', () => {
    const c = exitPlanCompleteness(emptyExitPlan(), { integrations: [] });
    expect(c.done).toBe(1);
    expect(c.items.find((i) => i.id === 'integrations')!.done).toBe(true);
  });

  it('notes a transition period beyond the Data Act’s 30 days and beyond 7 months', () => {
    const note = (d: number) => exitPlanCompleteness(plan({ transitionDays: d }), context).items.find((i) => i.id === 'transitionDays')!.note;
    expect(note(30)).toBeNull();
    expect(note(90)!.en).toMatch(/requires 30 days/);
    expect(note(240)!.en).toMatch(/7 months/);
  });

  it('prefills a new plan with the usage’s integrations and the exit window’s notice date', () => {
    const p = prefilledExitPlan({ ...context, noticeBy: '2027-02-28' });
    expect(p.noticeDate).toBe('2027-02-28');
    expect(p.integrations.map((i) => i.usageKey)).toEqual(['id:oko-1', 'id:cpr']);
    expect(exitPlanCompleteness(p, context).items.find((i) => i.id === 'integrations')!.done).toBe(true);
  });
});

describe('the mapping onto F9', () => {
  it('grades the plan by the scenarios it describes', () => {
    expect(exitPlanLevel(emptyExitPlan())).toBe('none');
    expect(exitPlanLevel(exitPlanSchema.parse({ owner: 'X' }))).toBe('high_level');
    // The prefilled form (notice date, integrations without a decision) saved untouched is no plan.
    const prefilled = prefilledExitPlan({ integrations: [{ usageKey: 'k', name: 'ESDH' }], noticeBy: '2027-03-01' });
    expect(exitPlanLevel(prefilled)).toBe('none');
    expect(exitPlanLevel({ ...prefilled, integrations: [{ usageKey: 'k', name: 'ESDH', action: 'Genopbyg mod OS2 API' }] })).toBe('high_level');
    expect(exitPlanLevel(exitPlanSchema.parse({ suddenLoss: 'Nødplan' }))).toBe('one_scenario');
    expect(exitPlanLevel(plan())).toBe('both_scenarios');
  });

  it('is declared, dated the day it was saved, while the test date or the document is missing', () => {
    for (const p of [plan({ document: null }), plan({ lastTestedAt: null })]) {
      const inputs = exitReadinessInputs(p, '2026-11-20');
      expect(inputs.exitPlan).toEqual({ value: 'both_scenarios', provenance: 'declared', observedAt: '2026-11-20' });
      expect(inputs.exitPlanOwner.provenance).toBe('declared');
    }
  });

  it('is evidence, dated by the test, with a test date and a document', () => {
    const inputs = exitReadinessInputs(plan(), '2026-11-20');
    expect(inputs).toEqual({
      exitPlan: { value: 'both_scenarios', provenance: 'evidence', observedAt: '2026-10-15' },
      exitPlanTestedAt: { value: '2026-10-15', provenance: 'evidence', observedAt: '2026-10-15' },
      exitPlanOwner: { value: 'Systemejer, Digitalisering', provenance: 'evidence', observedAt: '2026-10-15' },
    });
  });

  it('moves F9 and its confidence as documented in docs/methodology.md', () => {
    const noPlan = f9ExitReadiness(aUsage({ exitPlan: unknown(), exitPlanTestedAt: unknown(), exitPlanOwner: unknown() }), AS_OF);
    expect([noPlan.value, noPlan.rule, noPlan.confidence]).toEqual([100, 'F9.unknown', 0]);

    const oneScenario = f9(exitReadinessInputs(plan({ plannedSwitch: null, lastTestedAt: null }), AS_OF));
    expect([oneScenario.value, oneScenario.rule, oneScenario.confidence]).toEqual([66, 'F9.one-scenario', 0.8]);

    const untested = f9(exitReadinessInputs(plan({ lastTestedAt: null }), AS_OF));
    expect([untested.value, untested.rule, untested.confidence]).toEqual([33, 'F9.both-untested', 0.8]);

    const declaredTested = f9(exitReadinessInputs(plan({ document: null }), AS_OF));
    expect([declaredTested.value, declaredTested.rule, declaredTested.confidence]).toEqual([0, 'F9.both-tested', 0.8]);

    const evidence = f9(exitReadinessInputs(plan(), AS_OF));
    expect([evidence.value, evidence.rule, evidence.confidence]).toEqual([0, 'F9.both-tested', 1]);

    // A test older than 12 months: both scenarios but untested on the rubric, and the evidence
    // is 13 months old, so it weighs 1.0 × 0.8.
    const old = f9(exitReadinessInputs(plan({ lastTestedAt: '2025-10-15' }), AS_OF));
    expect([old.value, old.rule]).toEqual([33, 'F9.both-untested']);
    expect(old.confidence).toBeCloseTo(0.8, 10);

    const noOwner = f9(exitReadinessInputs(plan({ owner: null }), AS_OF));
    expect([noOwner.value, noOwner.rule]).toEqual([33, 'F9.both-untested']);
  });
});
