// What the catalogue services and lists share: the policy questions asked outside HTTP, the
// publiccode.yml vocabularies a contribution is checked against, and the maturity score (AMS)
// of an entry as the alternatives of a system show it.
import { readFileSync } from 'node:fs';
import { canModerate, canReadOverview, isSignedIn, municipalitiesOf, type Principal } from '../auth/policy.ts';
import type { AlternativeRow } from '../db/schema.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import { isIsoDate } from '../exports/table.ts';
import type { ContentScope, ProductScope } from '../repositories/catalogue.repository.ts';
import { type MaturityScore, maturityScore } from '../scoring/index.ts';
import { today } from './scores.ts';

/** Throws unless allowed: 401 for a stranger, 403 for a signed-in user (as `allow` in HTTP). */
export function demand(principal: Principal, allowed: boolean, what: string): Principal {
  if (allowed) return principal;
  if (!isSignedIn(principal)) throw new UnauthenticatedError(`Sign in to ${what}`);
  throw new ForbiddenError(`Your roles do not allow you to ${what}`);
}

export const demandOverview = (principal: Principal, what: string) => demand(principal, canReadOverview(principal), what);

/** Moderators see every entry; everyone else the public ones and their own. */
export const contentScope = (principal: Principal): ContentScope => (canModerate(principal) ? { all: true } : { all: false, userId: principal.userId });

/**
 * A product local to a municipality (first seen in its file, not yet adopted into the shared
 * catalogue) is seen by that municipality's own people and by moderators; never by another
 * municipality, even one allowed to read its inventory (there the usage shows its own name).
 */
export const productScope = (principal: Principal): ProductScope =>
  canModerate(principal) ? { all: true } : { all: false, municipalities: municipalitiesOf(principal) };

/** The publiccode.yml vocabularies (the same file the importer and the exporter read). */
export const PUBLICCODE_VOCAB: {
  softwareType: [string, ...string[]];
  developmentStatus: [string, ...string[]];
  maintenanceType: [string, ...string[]];
  platformsSuggested: string[];
  categories: string[];
} = JSON.parse(readFileSync(new URL('../../../data/reference/publiccode-vocabularies.json', import.meta.url), 'utf8'));

/** The JSON text lists of the catalogue tables, read leniently (a broken list reads as empty). */
export function jsonList(text: string | null): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

type MaturityColumns = Pick<AlternativeRow, 'id' | 'scorecard_score' | 'last_release_at' | 'elephant_factor' | 'os2_level' | 'development_status' | 'eu_public_adopters' | 'eu_support_providers' | 'spdx_license'>;

/** The Alternative Maturity Score (0–100) from the same inputs GET /usages/{id}/alternatives uses. */
export const amsOf = (a: MaturityColumns, asOf = today()): number => maturityOf(a, asOf).ams;

/** The maturity score with its components (metric, value, weight, rule and unknown inputs). */
export function maturityOf(a: MaturityColumns, asOf = today()): MaturityScore {
  const released = a.last_release_at?.slice(0, 10) ?? null;
  return maturityScore(
    {
      id: String(a.id),
      scorecardScore: a.scorecard_score != null && a.scorecard_score >= 0 && a.scorecard_score <= 10 ? a.scorecard_score : null,
      lastReleaseAt: released && isIsoDate(released) ? released : null,
      elephantFactor: a.elephant_factor != null && a.elephant_factor >= 0 ? a.elephant_factor : null,
      os2Level: a.os2_level === 1 || a.os2_level === 2 || a.os2_level === 3 ? a.os2_level : null,
      publiccodeDevelopmentStatus: a.development_status,
      euPublicBodies: a.eu_public_adopters != null && a.eu_public_adopters >= 0 ? a.eu_public_adopters : null,
      euSupportProviders: a.eu_support_providers != null && a.eu_support_providers >= 0 ? a.eu_support_providers : null,
      osiApproved: a.spdx_license ? true : null,
    },
    asOf,
  );
}
