// What the catalogue services and lists share: the policy questions asked outside HTTP, the
// publiccode.yml vocabularies a contribution is checked against, and the maturity score (AMS)
// of an entry as the alternatives of a system show it.
import { readFileSync } from 'node:fs';
import { canModerate, canReadOverview, isSignedIn, municipalitiesOf, type Principal } from '../auth/policy.ts';
import type { AlternativeRow } from '../db/schema.ts';
import { EU_EEA_COUNTRIES } from '../domain/vocabulary.ts';
import type { FactLike } from '../reference/candidate-inputs.ts';
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

type MaturityColumns = Pick<AlternativeRow, 'id' | 'scorecard_score' | 'last_release_at' | 'elephant_factor' | 'os2_level' | 'development_status' | 'maintenance_type' | 'eu_public_adopters' | 'eu_support_providers' | 'spdx_license'>;

/** A sourced fact of an alternative as AMS reads it (`alternative_facts`). */
type MaturityFact = Pick<FactLike, 'fact' | 'value' | 'qualifiers'>;

/** The Alternative Maturity Score (0–100; null = unknown) from the same inputs GET /usages/{id}/alternatives uses. */
export const amsOf = (a: MaturityColumns, facts: readonly MaturityFact[], asOf = today()): number | null => maturityOf(a, facts, asOf).ams;

/**
 * AMS's inputs from the sourced facts where the entry's own columns do not state them: EU public
 * adopters = the distinct `used_by` rows with an EU/EEA country; EU support providers = the
 * distinct `supplier` rows with an EU/EEA country that deliver, host or support it (not only
 * develop); the last release; maintained = maintenance type other than `none`; the elephant
 * factor's lower bound from code governance (one company → 1, several organisations → at least 2).
 * A fact the alternative lacks stays unknown.
 */
export function maturityFromFacts(facts: readonly MaturityFact[]) {
  const euRows = (fact: string, keep: (f: MaturityFact) => boolean = () => true) => {
    const rows = facts.filter((f) => f.fact === fact);
    if (!rows.length) return null;
    return new Set(rows.filter((f) => !!f.qualifiers.country && EU_EEA_COUNTRIES.has(f.qualifiers.country) && keep(f)).map((f) => f.value)).size;
  };
  const one = (fact: string) => facts.find((f) => f.fact === fact)?.value ?? null;
  const governance = one('code_governance');
  return {
    euPublicBodies: euRows('used_by'),
    euSupportProviders: euRows('supplier', (f) => {
      const roles = (f.qualifiers.roles ?? '').split('+').filter(Boolean);
      return roles.length === 0 || roles.some((r) => r === 'delivers' || r === 'hosts' || r === 'supports');
    }),
    lastReleaseAt: one('last_release'),
    maintenanceType: one('maintenance_type'),
    elephantFactor: governance === 'single_company' ? 1 : governance === 'multi_organisation' ? 2 : null,
  };
}

/** The maturity score with its components (metric, value, weight, rule and unknown inputs), from the entry's columns and its sourced facts. */
export function maturityOf(a: MaturityColumns, facts: readonly MaturityFact[], asOf = today()): MaturityScore {
  const f = maturityFromFacts(facts);
  const released = (a.last_release_at ?? f.lastReleaseAt)?.slice(0, 10) ?? null;
  const maintenance = a.maintenance_type ?? f.maintenanceType;
  return maturityScore(
    {
      id: String(a.id),
      scorecardScore: a.scorecard_score != null && a.scorecard_score >= 0 && a.scorecard_score <= 10 ? a.scorecard_score : null,
      lastReleaseAt: released && isIsoDate(released) ? released : null,
      elephantFactor: a.elephant_factor != null && a.elephant_factor >= 0 ? a.elephant_factor : f.elephantFactor,
      os2Level: a.os2_level === 1 || a.os2_level === 2 || a.os2_level === 3 ? a.os2_level : null,
      publiccodeDevelopmentStatus: a.development_status,
      publiccodeMaintained: maintenance == null ? null : maintenance !== 'none',
      euPublicBodies: a.eu_public_adopters != null && a.eu_public_adopters >= 0 ? a.eu_public_adopters : f.euPublicBodies,
      euSupportProviders: a.eu_support_providers != null && a.eu_support_providers >= 0 ? a.eu_support_providers : f.euSupportProviders,
      osiApproved: a.spdx_license ? true : null,
    },
    asOf,
  );
}
