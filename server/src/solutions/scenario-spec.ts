// What a scenario is at the boundary (API body, CLI flags, stored JSON) and who may do what with
// it. Pure: zod schemas and rules over a principal, like auth/policy.ts.
import { z } from 'zod';
import { isAdmin, type Principal } from '../auth/policy.ts';

const isoDate = z.iso.date();

const named = z.string().trim().min(1).max(200);

/**
 * One replacement as a person writes it: WHAT is replaced and WITH WHAT, each by name, catalogue
 * key or reference, optionally from a date.
 * - What: `product` (one product of the inventory: all its usages — the original shape, still
 *   valid), `products` (several at once: Microsoft 365's Exchange Online, Teams, SharePoint …),
 *   and/or `usages` (a subset, by the inventory's own names — system or local name — or usage key,
 *   also as `usage:<key>`). The union is replaced.
 * - With what: `alternative` (one candidate — the original shape) and/or `alternatives` (several:
 *   each replaced usage is split into one part per candidate). A candidate is any catalogue
 *   product or public alternative (published or unverified) by key, name or reference
 *   (`product:<id>`, `alternative:<id>`); a suite such as openDesk is named as the suite.
 */
export const replacementSpec = z
  .object({
    product: named.optional(),
    products: z.array(named).max(200).optional(),
    usages: z.array(named).max(1000).optional(),
    alternative: named.optional(),
    alternatives: z.array(named).max(20).optional(),
    from: isoDate.nullable().optional(),
  })
  .refine((r) => !!r.product || !!r.products?.length || !!r.usages?.length, { path: ['product'], message: 'Name what is replaced: product, products or usages' })
  .refine((r) => !!r.alternative || !!r.alternatives?.length, { path: ['alternative'], message: 'Name what replaces it: alternative or alternatives' });
export type ReplacementSpec = z.infer<typeof replacementSpec>;

/** What a replacement names, in one list each: products, usages, candidates (duplicates kept; the service refuses them). */
export function namesOf(r: ReplacementSpec): { products: string[]; usages: string[]; candidates: string[] } {
  return {
    products: [...(r.product ? [r.product] : []), ...(r.products ?? [])],
    usages: r.usages ?? [],
    candidates: [...(r.alternative ? [r.alternative] : []), ...(r.alternatives ?? [])],
  };
}

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

const storedRef = z.object({ ref: z.string(), name: z.string() });

/**
 * A replacement as stored: resolved references, with the names shown at the time. `product`,
 * `productName`, `alternative` and `alternativeName` are always there (scenarios saved before
 * suites and subsets have only them): for a wider replacement they summarise it — the first
 * product and candidate refs, every name joined — and `products`, `usages` (refs
 * `usage:<usage_key>`, stable across inventory versions) and `alternatives` hold the whole of it.
 */
export const storedReplacement = z.object({
  product: z.string(),
  productName: z.string(),
  alternative: z.string(),
  alternativeName: z.string(),
  from: isoDate.nullable(),
  products: z.array(storedRef).optional(),
  usages: z.array(storedRef).optional(),
  alternatives: z.array(storedRef).optional(),
});
export type StoredReplacement = z.infer<typeof storedReplacement>;

/** A stored replacement as a spec again (to recompute a saved scenario on today's inventory). */
export function specOfStored(r: StoredReplacement): ReplacementSpec {
  if (!r.products && !r.usages && !r.alternatives) return { product: r.product, alternative: r.alternative, from: r.from };
  return {
    products: (r.products ?? []).map((p) => p.ref),
    usages: (r.usages ?? []).map((u) => u.ref),
    alternatives: (r.alternatives ?? [{ ref: r.alternative, name: r.alternativeName }]).map((a) => a.ref),
    from: r.from,
  };
}

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
