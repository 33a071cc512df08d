// What a scenario is at the boundary (API body, CLI flags, stored JSON) and who may do what with
// it. Pure: zod schemas and rules over a principal, like auth/policy.ts.
import { z } from 'zod';
import { isAdmin, type Principal } from '../auth/policy.ts';

const isoDate = z.iso.date();

/**
 * One replacement as a person writes it: the product in the municipality's inventory and its
 * replacement, each by name, catalogue key or reference (`product:<id>`, `alternative:<id>`),
 * optionally from a date.
 */
export const replacementSpec = z.object({
  product: z.string().trim().min(1).max(200),
  alternative: z.string().trim().min(1).max(200),
  from: isoDate.nullable().optional(),
});
export type ReplacementSpec = z.infer<typeof replacementSpec>;

export const scenarioSpec = z.object({
  replacements: z.array(replacementSpec).min(1).max(50),
  /** The date the scenario starts: the default `from` of every replacement. */
  startDate: isoDate.nullable().optional(),
});
export type ScenarioSpec = z.infer<typeof scenarioSpec>;

export const newScenario = scenarioSpec.extend({
  name: z.string().trim().min(1).max(120),
  shared: z.boolean().default(false),
});
export type NewScenario = z.infer<typeof newScenario>;

export const scenarioUpdate = z.object({ name: z.string().trim().min(1).max(120).optional(), shared: z.boolean().optional() });
export type ScenarioUpdate = z.infer<typeof scenarioUpdate>;

/** A replacement as stored: resolved references, with the names shown at the time. */
export const storedReplacement = z.object({
  product: z.string(),
  productName: z.string(),
  alternative: z.string(),
  alternativeName: z.string(),
  from: isoDate.nullable(),
});
export type StoredReplacement = z.infer<typeof storedReplacement>;

export interface ScenarioOwnership {
  municipalityCode: number;
  createdByUserId: number | null;
  shared: boolean;
}

/** A leader or architect of the municipality. */
export const isColleague = (p: Principal, code: number): boolean =>
  p.grants.some((g) => (g.role === 'leader' || g.role === 'architect') && g.municipalityCode === code);

/** Save scenarios for a municipality: its leaders and architects (and admins). */
export const canCreateScenario = (p: Principal, code: number): boolean => isColleague(p, code) || isAdmin(p);

/**
 * A saved scenario: its author always; a shared one also the author's colleagues in the same
 * municipality and admins (and anyone while the database holds only demo data). Private ones
 * stay private.
 */
export function canSeeScenario(p: Principal, s: ScenarioOwnership): boolean {
  if (p.userId !== null && p.userId === s.createdByUserId) return true;
  return s.shared && (isColleague(p, s.municipalityCode) || isAdmin(p) || p.demoMode);
}

/** Rename, share, unshare or delete: the author (and admins). */
export const canChangeScenario = (p: Principal, s: ScenarioOwnership): boolean => (p.userId !== null && p.userId === s.createdByUserId) || isAdmin(p);
