// An exit plan per system usage (*exitplan*): a checklist built from the EU Data Act's switching
// rules (Regulation (EU) 2023/2854, Arts. 23–31) and the Dutch exit-plan requirement (a
// self-tested plan for a planned switch and a sudden loss of service, updated yearly), its
// completeness item by item, and what it tells the scoring engine's F9 (exit readiness).
// Pure: no database, no clock — the caller passes the date and the usage's integrations.
import { z } from 'zod';
import type { Provenance } from '../domain/vocabulary.ts';
import type { LocalizedText } from '../domain/field-error.ts';
import type { ExitPlan as ExitPlanLevel } from '../domain/vocabulary.ts';
import { isoDate, type Input } from '../scoring/input.ts';

const text = (max: number) => z.string().trim().max(max);
/** An optional text: empty after trimming is the same as absent. */
const optionalText = (max: number) =>
  text(max)
    .nullable()
    .default(null)
    .transform((s) => (s ? s : null));

/** One integration to rebuild on leaving the system, by the partner usage's stable key. */
export const exitPlanIntegration = z.object({
  usageKey: z.string().min(1).max(300),
  name: text(300).min(1),
  /** How it will be rebuilt or replaced (free text; may be empty while undecided). */
  action: optionalText(2000),
});
export type ExitPlanIntegration = z.infer<typeof exitPlanIntegration>;

/** An attached document: the plan itself or its test report, by name and/or link. */
export const exitPlanDocument = z
  .object({
    name: optionalText(300),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .default(null)
      .or(z.literal('').transform(() => null)),
  })
  .refine((d) => d.name !== null || d.url !== null, { message: 'a document needs a name or a link' });

/**
 * The exit plan as an architect records it. Every item is optional: a plan may be saved while
 * incomplete, and its completeness says what is missing.
 */
export const exitPlanSchema = z
  .object({
    /** Named owner (person or role) who keeps the plan current — the F9 rubric's "named owner". */
    owner: optionalText(200),
    /** The date by which notice must be given to leave at the next exit (Data Act Art. 25(2)(d): at most 2 months' notice). */
    noticeDate: isoDate.nullable().default(null),
    /** Transition period with continued service, in days (Art. 25(2)(a): 30 days; Art. 25(4): at most 7 months). */
    transitionDays: z.number().int().min(1).max(730).nullable().default(null),
    /** Formats the data, metadata and configuration are exported in (Arts. 25(2)(e)–(f), 26, 30). */
    exportFormats: z.array(text(100).min(1)).max(30).default([]),
    /** When a full export was last tested. */
    exportTestedAt: isoDate.nullable().default(null),
    /** Integrations that must be rebuilt (prefilled from the usage's integration edges). */
    integrations: z.array(exitPlanIntegration).max(500).default([]),
    /** Scenario 1: a planned switch to another system at the exit window. */
    plannedSwitch: optionalText(5000),
    /** Scenario 2: sudden loss of service (vendor bankruptcy, sanctions, outage, termination by the vendor). */
    suddenLoss: optionalText(5000),
    /** When the plan was last tested (a walk-through or a disconnect test). */
    lastTestedAt: isoDate.nullable().default(null),
    /** The plan document or test report. */
    document: exitPlanDocument.nullable().default(null),
  })
  .strict();
export type ExitPlanData = z.infer<typeof exitPlanSchema>;
export type ExitPlanInput = z.input<typeof exitPlanSchema>;

/** A plan with nothing in it (what a new plan starts from). */
export const emptyExitPlan = (): ExitPlanData => exitPlanSchema.parse({});

/** The checklist items, in the order they are shown. */
export const exitPlanItems = [
  'owner',
  'noticeDate',
  'transitionDays',
  'exportFormats',
  'exportTestedAt',
  'integrations',
  'plannedSwitch',
  'suddenLoss',
  'lastTestedAt',
  'document',
] as const;
export type ExitPlanItemId = (typeof exitPlanItems)[number];

const itemTexts: Record<ExitPlanItemId, { label: LocalizedText; basis: LocalizedText }> = {
  owner: {
    label: { da: 'Navngiven ejer af planen', en: 'Named owner of the plan' },
    basis: { da: 'Hollandsk exitplan-krav; F9', en: 'Dutch exit-plan requirement; F9' },
  },
  noticeDate: {
    label: { da: 'Dato for opsigelse', en: 'Notice date' },
    basis: { da: 'Data Act art. 25, stk. 2, litra d (højst 2 måneders varsel)', en: 'Data Act Art. 25(2)(d) (at most 2 months’ notice)' },
  },
  transitionDays: {
    label: { da: 'Overgangsperiode', en: 'Transition period' },
    basis: { da: 'Data Act art. 25, stk. 2, litra a, og stk. 4 (30 dage, højst 7 måneder)', en: 'Data Act Art. 25(2)(a) and 25(4) (30 days, at most 7 months)' },
  },
  exportFormats: {
    label: { da: 'Dataformater ved eksport', en: 'Data export formats' },
    basis: { da: 'Data Act art. 25, stk. 2, litra e–f, art. 26 og 30', en: 'Data Act Arts. 25(2)(e)–(f), 26 and 30' },
  },
  exportTestedAt: {
    label: { da: 'Dato for test af dataeksport', en: 'Data export test date' },
    basis: { da: 'Data Act art. 25 og 30; F1', en: 'Data Act Arts. 25 and 30; F1' },
  },
  integrations: {
    label: { da: 'Integrationer der skal genopbygges', en: 'Integrations to rebuild' },
    basis: { da: 'Data Act art. 23; F3', en: 'Data Act Art. 23; F3' },
  },
  plannedSwitch: {
    label: { da: 'Scenarie: planlagt skift', en: 'Scenario: planned switch' },
    basis: { da: 'Hollandsk exitplan-krav (to scenarier); F9', en: 'Dutch exit-plan requirement (two scenarios); F9' },
  },
  suddenLoss: {
    label: { da: 'Scenarie: pludseligt bortfald af tjenesten', en: 'Scenario: sudden loss of service' },
    basis: { da: 'Hollandsk exitplan-krav (to scenarier); F9', en: 'Dutch exit-plan requirement (two scenarios); F9' },
  },
  lastTestedAt: {
    label: { da: 'Seneste test af planen', en: 'Last test of the plan' },
    basis: { da: 'Hollandsk krav om selvtestet plan, årligt; F9 (højst 12 måneder gammel)', en: 'Dutch self-tested plan, yearly; F9 (at most 12 months old)' },
  },
  document: {
    label: { da: 'Vedhæftet dokument (navn eller link)', en: 'Attached document (name or link)' },
    basis: { da: 'Dokumentation: giver proveniens »dokumenteret« sammen med en testdato', en: 'Documentation: gives provenance “evidence” together with a test date' },
  },
};

export interface ExitPlanItem {
  id: ExitPlanItemId;
  done: boolean;
  label: LocalizedText;
  basis: LocalizedText;
  /** Why the item is not done (or a caveat when it is), null when there is nothing to say. */
  note: LocalizedText | null;
}

export interface ExitPlanCompleteness {
  items: ExitPlanItem[];
  done: number;
  total: number;
  missing: ExitPlanItemId[];
  complete: boolean;
}

/** The integrations of the usage in the current inventory: what the plan must cover. */
export interface PlanContext {
  integrations: readonly { usageKey: string; name: string }[];
}

/** Data Act Art. 25(2)(a) transitional period and Art. 25(4)'s longest extension (7 months). */
export const DATA_ACT_TRANSITION_DAYS = 30;
export const DATA_ACT_MAX_TRANSITION_DAYS = 7 * 30;

/** Which checklist items are done, with a note on what is missing. */
export function exitPlanCompleteness(plan: ExitPlanData, context: PlanContext): ExitPlanCompleteness {
  const covered = new Set(plan.integrations.map((i) => i.usageKey));
  const uncovered = context.integrations.filter((i) => !covered.has(i.usageKey));
  const check = (id: ExitPlanItemId): { done: boolean; note: LocalizedText | null } => {
    switch (id) {
      case 'owner':
        return { done: plan.owner !== null, note: null };
      case 'noticeDate':
        return { done: plan.noticeDate !== null, note: null };
      case 'transitionDays': {
        const d = plan.transitionDays;
        if (d === null) return { done: false, note: null };
        if (d > DATA_ACT_MAX_TRANSITION_DAYS) {
          return { done: true, note: { da: `${d} dage er mere end Data Act’ens højst 7 måneder`, en: `${d} days is more than the Data Act’s 7 months at most` } };
        }
        if (d > DATA_ACT_TRANSITION_DAYS) {
          return { done: true, note: { da: `${d} dage: Data Act’en kræver 30 dage, medmindre det teknisk ikke kan lade sig gøre`, en: `${d} days: the Data Act requires 30 days unless technically unfeasible` } };
        }
        return { done: true, note: null };
      }
      case 'exportFormats':
        return { done: plan.exportFormats.length > 0, note: null };
      case 'exportTestedAt':
        return { done: plan.exportTestedAt !== null, note: null };
      case 'integrations':
        if (uncovered.length === 0) return { done: true, note: context.integrations.length === 0 && plan.integrations.length === 0 ? { da: 'Systemet har ingen registrerede integrationer', en: 'The system has no recorded integrations' } : null };
        return {
          done: false,
          note: { da: `Mangler: ${uncovered.map((i) => i.name).join(', ')}`, en: `Missing: ${uncovered.map((i) => i.name).join(', ')}` },
        };
      case 'plannedSwitch':
        return { done: plan.plannedSwitch !== null, note: null };
      case 'suddenLoss':
        return { done: plan.suddenLoss !== null, note: null };
      case 'lastTestedAt':
        return { done: plan.lastTestedAt !== null, note: null };
      case 'document':
        return { done: plan.document !== null, note: null };
    }
  };
  const items = exitPlanItems.map((id) => ({ id, ...itemTexts[id], ...check(id) }));
  const missing = items.filter((i) => !i.done).map((i) => i.id);
  return { items, done: items.length - missing.length, total: items.length, missing, complete: missing.length === 0 };
}

/** Problems a plan can only have against a date: tests cannot lie in the future. */
export function exitPlanProblems(plan: ExitPlanData, today: string): { field: string; message: LocalizedText }[] {
  const out: { field: string; message: LocalizedText }[] = [];
  if (plan.lastTestedAt !== null && plan.lastTestedAt > today) {
    out.push({ field: 'lastTestedAt', message: { da: 'Testdatoen ligger i fremtiden', en: 'The test date is in the future' } });
  }
  if (plan.exportTestedAt !== null && plan.exportTestedAt > today) {
    out.push({ field: 'exportTestedAt', message: { da: 'Testdatoen ligger i fremtiden', en: 'The test date is in the future' } });
  }
  return out;
}

/** The three F9 inputs of the scoring engine (ScoringUsage.exitPlan, exitPlanTestedAt, exitPlanOwner). */
export interface ExitReadinessInputs {
  exitPlan: Input<ExitPlanLevel>;
  exitPlanTestedAt: Input<string>;
  exitPlanOwner: Input<string>;
}

/**
 * How far the plan gets on the F9 rubric's plan scale. What the form prefills from the inventory
 * — the contract's notice date and the list of integrations — is not planning: saving the
 * untouched form is still no plan. An integration counts once it says what is to happen to it.
 */
export function exitPlanLevel(plan: ExitPlanData): ExitPlanLevel {
  const scenarios = (plan.plannedSwitch !== null ? 1 : 0) + (plan.suddenLoss !== null ? 1 : 0);
  if (scenarios === 2) return 'both_scenarios';
  if (scenarios === 1) return 'one_scenario';
  const anything =
    plan.owner !== null ||
    plan.transitionDays !== null ||
    plan.exportFormats.length > 0 ||
    plan.exportTestedAt !== null ||
    plan.integrations.some((i) => i.action !== null) ||
    plan.lastTestedAt !== null ||
    plan.document !== null;
  return anything ? 'high_level' : 'none';
}

/** `evidence` when the plan has been tested and a document is attached; `declared` otherwise. */
export function exitPlanProvenance(plan: ExitPlanData): Extract<Provenance, 'evidence' | 'declared'> {
  return plan.lastTestedAt !== null && plan.document !== null ? 'evidence' : 'declared';
}

/**
 * A saved plan as F9's inputs. All three take the plan's provenance. `observedAt` (which drives
 * the staleness multiplier) is the test date for evidence — the evidence is as old as the test —
 * and the day the plan was saved for a declaration. A missing owner or test date is a known
 * "none" (the plan says so), not unknown.
 */
export function exitReadinessInputs(plan: ExitPlanData, savedOn: string): ExitReadinessInputs {
  const provenance = exitPlanProvenance(plan);
  const observedAt = provenance === 'evidence' ? plan.lastTestedAt : savedOn;
  return {
    exitPlan: { value: exitPlanLevel(plan), provenance, observedAt },
    exitPlanTestedAt: { value: plan.lastTestedAt, provenance, observedAt },
    exitPlanOwner: { value: plan.owner, provenance, observedAt },
  };
}

/**
 * A new plan prefilled from what the inventory already knows: the integrations to rebuild (from
 * the usage's integration edges) and the notice date (from the exit window), when known.
 */
export function prefilledExitPlan(context: PlanContext & { noticeBy?: string | null }): ExitPlanData {
  return {
    ...emptyExitPlan(),
    noticeDate: context.noticeBy ?? null,
    integrations: context.integrations.map((i) => ({ usageKey: i.usageKey, name: i.name, action: null })),
  };
}
