// Applies data/reference/alternative-facts.csv (one sourced fact per row) to the catalogue built
// from alternatives.csv: fills the columns the alternatives table has for those facts and creates
// the alternatives that only the facts file names (by their `name` fact). Pure: rows in, entries out.
// Every fact with its own source and date is stored apart, in `alternative_facts`
// (alternatives.repository.ts `syncReferenceAlternativeFacts`); the model reads it from there.
import { ReferenceDataError } from '../errors.ts';
import type { ReferenceAlternative } from '../repositories/alternatives.repository.ts';
import { candidateInputCoverage, publishable, unpublishableNote } from './candidate-inputs.ts';
import { localisationReadyOf, publiccodeDescriptions } from './publiccode-description.ts';
import type { AlternativeFactRow } from './schemas.ts';

export const FACTS_SOURCE = 'data/reference/alternative-facts.csv — sourced facts per alternative (source URL, date and verified flag per row)';

export function applyAlternativeFacts(alternatives: ReferenceAlternative[], facts: AlternativeFactRow[]): ReferenceAlternative[] {
  const byKey = new Map<string, AlternativeFactRow[]>();
  for (const f of facts) byKey.set(f.alternative_key, [...(byKey.get(f.alternative_key) ?? []), f]);
  const out = new Map(alternatives.map((a) => [a.key, { ...a }]));
  const problems: string[] = [];
  for (const [key, rows] of byKey) {
    const one = (fact: AlternativeFactRow['fact']) => rows.find((r) => r.fact === fact);
    const all = (fact: AlternativeFactRow['fact']) => [...new Set(rows.filter((r) => r.fact === fact).map((r) => r.value))].sort();
    let alt = out.get(key);
    if (!alt) {
      const name = one('name');
      if (!name) {
        problems.push(`alternative-facts.csv: ${key} is neither in alternatives.csv nor named by a name fact`);
        continue;
      }
      alt = { ...blankReferenceAlternative(key, name.value, FACTS_SOURCE), verified: name.verified };
      out.set(key, alt);
    }
    const licence = one('spdx_license');
    if (licence) {
      // alternatives.csv's licence without `?` counted as verified before; a sourced fact confirms or replaces it.
      alt.licenseVerified = licence.verified || (alt.licenseVerified && alt.spdxLicense === licence.value);
      alt.spdxLicense = licence.value;
    }
    alt.url = one('homepage_url')?.value ?? alt.url;
    alt.descriptionDa = one('description_da')?.value ?? alt.descriptionDa;
    alt.descriptionEn = one('description_en')?.value ?? alt.descriptionEn;
    alt.repositoryUrl = one('repository_url')?.value ?? alt.repositoryUrl;
    alt.softwareType = one('software_type')?.value ?? alt.softwareType;
    alt.developmentStatus = one('development_status')?.value ?? alt.developmentStatus;
    alt.maintenanceType = one('maintenance_type')?.value ?? alt.maintenanceType;
    const platforms = all('platform');
    if (platforms.length) alt.platforms = platforms;
    const languages = all('available_language');
    if (languages.length) alt.availableLanguages = languages;
    // What publiccode.yml needs beyond the columns above: localisation and description blocks.
    alt.localisationReady = localisationReadyOf(rows);
    alt.publiccodeDescription = publiccodeDescriptions(rows, { da: alt.descriptionDa, en: alt.descriptionEn });
  }
  if (problems.length) throw new ReferenceDataError(`Reference data does not hold together:\n  ${problems.join('\n  ')}`);
  // Published only when publishable (candidate-inputs.ts); otherwise public as unverified, with a
  // note naming what it lacks (so one published by an older load is demoted with the reason).
  for (const alt of out.values()) {
    const verdict = publishable(alt, byKey.get(alt.key) ?? []);
    alt.moderationState = verdict.publishable ? 'published' : 'unverified';
    alt.moderationNote = unpublishableNote(verdict);
  }
  return [...out.values()];
}

/** How many reference alternatives are published and unverified, and how many know n of the 9 candidate inputs. */
export interface PublicationSummary {
  published: number;
  unverified: number;
  /** Number of alternatives by known candidate inputs (index 0–9). */
  coverage: number[];
}

export function publicationSummary(alternatives: ReferenceAlternative[], facts: AlternativeFactRow[]): PublicationSummary {
  const byKey = new Map<string, AlternativeFactRow[]>();
  for (const f of facts) byKey.set(f.alternative_key, [...(byKey.get(f.alternative_key) ?? []), f]);
  const coverage = Array.from({ length: 10 }, () => 0);
  for (const a of alternatives) coverage[candidateInputCoverage(byKey.get(a.key) ?? []).known.length]!++;
  return {
    published: alternatives.filter((a) => a.moderationState === 'published').length,
    unverified: alternatives.filter((a) => a.moderationState === 'unverified').length,
    coverage,
  };
}

/**
 * A reference alternative that knows only its key and name (the rest unknown, public as unverified
 * until applyAlternativeFacts decides): the starting point for alternatives.csv rows and for those
 * only the facts file names.
 */
export function blankReferenceAlternative(key: string, name: string, source: string): ReferenceAlternative {
  return {
    key,
    name,
    url: null,
    spdxLicense: null,
    licenseVerified: false,
    categories: [],
    descriptionDa: null,
    descriptionEn: null,
    repositoryUrl: null,
    softwareType: null,
    developmentStatus: null,
    maintenanceType: null,
    platforms: [],
    availableLanguages: null,
    // Decided by applyAlternativeFacts (published only when publishable).
    moderationState: 'unverified',
    moderationNote: null,
    source,
    verified: false,
    notes: null,
  };
}
