// publiccode.yml (0.4) for an open-source catalogue entry, so the catalogue can give back to the
// standard's ecosystem. It never invents a fact: a required key the catalogue can't fill is an
// error naming that key, and the caller shows the errors instead of a half-true file.
import { readFileSync } from 'node:fs';
import { Document } from 'yaml';
import { bcp47Language, graphemeCount, isHttpUrl } from '../../../importers/publiccode-formats.ts';
import { parseSpdx } from '../../../importers/values.ts';
import type { AlternativeRow } from '../db/schema.ts';
import type { FieldError, LocalizedText } from '../domain/field-error.ts';
import { isIsoDate } from './table.ts';

const VOCAB: { softwareType: string[]; developmentStatus: string[]; maintenanceType: string[]; categories: string[] } = JSON.parse(
  readFileSync(new URL('../../../data/reference/publiccode-vocabularies.json', import.meta.url), 'utf8'),
);

/** One `description.<lang>` block as the standard names its keys (stored by a publiccode.yml import). */
export interface PubliccodeDescriptionBlock {
  shortDescription: string;
  longDescription: string;
  features: string[];
  localisedName?: string;
  documentation?: string;
}

/**
 * A catalogue row (the caller can pass a selected `alternatives` row as is, converting the
 * stored localisation) plus what the table doesn't store but the standard requires. Without
 * them the export says what is missing: localisation when unknown, contacts for
 * internal/community maintenance unless a steward is named, contractors for contract
 * maintenance, and a description block with features in at least one language.
 */
export type PubliccodeSource = Pick<
  AlternativeRow,
  | 'name'
  | 'url'
  | 'repository_url'
  | 'software_type'
  | 'development_status'
  | 'spdx_license'
  | 'maintenance_type'
  | 'platforms'
  | 'categories'
  | 'description_da'
  | 'description_en'
  | 'last_release_at'
> & {
  /** The description blocks a publiccode.yml import stored (JSON text, as the table keeps it). */
  publiccode_description?: string | null;
  /** The steward vendor's name: the maintenance contact for internal/community maintenance. */
  steward_name?: string | null;
  localisation_ready?: boolean | null;
  /** BCP 47 tags of the languages the software's user interface is available in. */
  available_languages?: readonly string[] | null;
  contacts?: readonly { name: string; email?: string }[] | null;
  /** `until`: the contract's end, `yyyy-mm-dd`. */
  contractors?: readonly { name: string; until: string; website?: string }[] | null;
};

export type PubliccodeExport =
  | { ok: true; yaml: string; warnings: FieldError[] }
  | { ok: false; errors: FieldError[]; warnings: FieldError[] };

export const PUBLICCODE_YML_VERSION = '0.4';
const LONG_MIN = 150;
const LONG_MAX = 10_000;
/** The importer's rule for `url` (importers/publiccode.ts); landingURL must be http(s). */
const REPO_URL = /^(https?|git|ssh):\/\/\S+$|^git@\S+:\S+$/;

const missing = (field: string, why: LocalizedText): FieldError => ({ field, message: why });

export function toPubliccodeYml(entry: PubliccodeSource): PubliccodeExport {
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const out: Record<string, unknown> = { publiccodeYmlVersion: PUBLICCODE_YML_VERSION, name: entry.name.trim() };
  if (!out.name) errors.push(missing('name', { da: 'Posten har intet navn.', en: 'The entry has no name.' }));

  // url is the source repository; the catalogue's `url` is the landing page (see import-publiccode.ts).
  const repo = entry.repository_url?.trim();
  if (!repo)
    errors.push(missing('url', { da: 'Kataloget kender ikke kildekodens repository-URL.', en: "The catalogue doesn't know the source repository URL." }));
  else if (!REPO_URL.test(repo)) errors.push({ field: 'url', value: repo, message: { da: 'Repository-URL’en er ikke en gyldig URL.', en: 'The repository URL is not a valid URL.' } });
  else out.url = repo;
  const landing = entry.url?.trim();
  if (landing && landing !== repo) {
    if (isHttpUrl(landing)) out.landingURL = landing;
    else warnings.push({ field: 'landingURL', value: landing, message: { da: 'Hjemmesiden er ikke en http(s)-URL og er udeladt.', en: 'The landing page is not an http(s) URL and was left out.' } });
  }
  const released = entry.last_release_at?.slice(0, 10);
  if (released && isIsoDate(released)) out.releaseDate = released;

  const platforms = jsonList(entry.platforms);
  if (platforms === null) errors.push({ field: 'platforms', value: entry.platforms, message: { da: 'Platformslisten kan ikke læses.', en: 'The platform list cannot be read.' } });
  else if (!platforms.length) errors.push(missing('platforms', { da: 'Kataloget angiver ingen platforme; standarden kræver mindst én.', en: 'The catalogue lists no platforms; the standard requires at least one.' }));
  else out.platforms = platforms;

  const categories = jsonList(entry.categories) ?? [];
  const known = categories.filter((c) => VOCAB.categories.includes(c));
  const unknown = categories.filter((c) => !VOCAB.categories.includes(c));
  if (unknown.length)
    warnings.push({
      field: 'categories',
      value: unknown.join(', '),
      message: { da: 'Kategorier uden for publiccode.yml’s liste er udeladt.', en: "Categories outside publiccode.yml's list were left out." },
    });
  if (known.length) out.categories = known;

  out.developmentStatus = oneOf('developmentStatus', entry.development_status, VOCAB.developmentStatus, errors);
  out.softwareType = oneOf('softwareType', entry.software_type, VOCAB.softwareType, errors);

  // description: the blocks an import stored, each as the standard requires it (a long
  // description of 150–10,000 characters and at least one feature). The catalogue's own Danish
  // and English texts have no features, so a language known only from them is left out, with a
  // warning; without any complete block the export names what is missing.
  const description: Record<string, PubliccodeDescriptionBlock> = {};
  for (const [lang, block] of Object.entries(descriptionBlocks(entry.publiccode_description))) {
    const problem = blockProblem(lang, block);
    if (problem) warnings.push(problem);
    else description[lang] = block;
  }
  for (const [lang, text] of [['da', entry.description_da], ['en', entry.description_en]] as const) {
    if (!text?.trim() || Object.keys(description).some((k) => bcp47Language(k) === lang)) continue;
    warnings.push({
      field: `description.${lang}.features`,
      message: {
        da: 'Kataloget har en beskrivelse på dette sprog, men ikke programmets funktioner (features), som standarden kræver; sproget er udeladt.',
        en: 'The catalogue has a description in this language but not the features the standard requires; the language was left out.',
      },
    });
  }
  if (Object.keys(description).length) out.description = description;
  else
    errors.push(
      missing('description', {
        da: 'Posten har ingen beskrivelse med en lang tekst på 150–10.000 tegn og mindst én funktion (features) på noget sprog.',
        en: 'The entry has no description with a long text of 150–10,000 characters and at least one feature in any language.',
      }),
    );

  const spdx = entry.spdx_license?.trim();
  if (!spdx) errors.push(missing('legal.license', { da: 'Kataloget kender ikke licensen.', en: "The catalogue doesn't know the licence." }));
  else {
    const r = parseSpdx(spdx);
    if (!r.ok) errors.push({ field: 'legal.license', value: spdx, message: r.message });
    else {
      out.legal = { license: r.value.expression };
      if (r.value.deprecated.length)
        warnings.push({ field: 'legal.license', value: r.value.deprecated.join(', '), message: { da: 'Licensen bruger forældede SPDX-id’er.', en: 'The licence uses deprecated SPDX ids.' } });
    }
  }

  const maintenanceType = oneOf('maintenance.type', entry.maintenance_type, VOCAB.maintenanceType, errors);
  if (maintenanceType === 'contract') {
    const contractors = entry.contractors ?? [];
    const bad = contractors.find((c) => !c.name.trim() || !isIsoDate(c.until));
    if (!contractors.length || bad)
      errors.push(
        missing('maintenance.contractors', {
          da: 'Vedligehold på kontrakt kræver leverandørens navn og kontraktens slutdato (until), som kataloget ikke har.',
          en: "Contract maintenance needs the contractor's name and the contract's end date (until), which the catalogue doesn't have.",
        }),
      );
    else out.maintenance = { type: maintenanceType, contractors: contractors.map((c) => ({ name: c.name.trim(), until: c.until, ...(c.website ? { website: c.website } : {}) })) };
  } else if (maintenanceType === 'internal' || maintenanceType === 'community') {
    const contacts = entry.contacts?.length ? entry.contacts : entry.steward_name?.trim() ? [{ name: entry.steward_name.trim() }] : [];
    if (!contacts.length || contacts.some((c) => !c.name.trim()))
      errors.push(missing('maintenance.contacts', { da: 'Vedligeholdet kræver en kontakt; kataloget har ingen forvalter.', en: 'Maintenance needs a contact; the catalogue has no steward.' }));
    else out.maintenance = { type: maintenanceType, contacts: contacts.map((c) => ({ name: c.name.trim(), ...(c.email ? { email: c.email } : {}) })) };
  } else if (maintenanceType === 'none') out.maintenance = { type: 'none' };

  const languages = entry.available_languages ?? [];
  if (typeof entry.localisation_ready !== 'boolean')
    errors.push(missing('localisation.localisationReady', { da: 'Kataloget ved ikke, om programmet er klar til oversættelse.', en: "The catalogue doesn't know whether the software is ready for localisation." }));
  if (!languages.length)
    errors.push(missing('localisation.availableLanguages', { da: 'Kataloget ved ikke, hvilke sprog programmet findes på.', en: "The catalogue doesn't know which languages the software is available in." }));
  for (const l of languages) if (!bcp47Language(l)) errors.push({ field: 'localisation.availableLanguages', value: l, message: { da: 'Ikke en BCP 47-sprogkode.', en: 'Not a BCP 47 language tag.' } });
  out.localisation = { localisationReady: entry.localisation_ready, availableLanguages: [...languages] };

  if (errors.length) return { ok: false, errors, warnings };
  // YAML 1.1 rules for quoting, so `releaseDate`, `yes`/`no` and the like stay strings for the
  // standard's Go parser and other YAML 1.1 readers too; the output is still plain YAML 1.2.
  const doc = new Document(out, { version: '1.1' });
  doc.commentBefore = ` publiccode.yml ${PUBLICCODE_YML_VERSION}, exported from the handlefrihed open-source catalogue.`;
  return { ok: true, yaml: doc.toString({ lineWidth: 100 }), warnings };
}

function oneOf(field: string, value: string | null, allowed: readonly string[], errors: FieldError[]): string | undefined {
  if (value && allowed.includes(value)) return value;
  errors.push(
    value
      ? { field, value, message: { da: `Værdien er ikke i standardens liste: ${allowed.join(', ')}.`, en: `The value is not in the standard's list: ${allowed.join(', ')}.` } }
      : missing(field, { da: 'Kataloget kender ikke værdien.', en: "The catalogue doesn't know the value." }),
  );
  return undefined;
}

/** The stored description blocks by language; {} when none are stored or the text isn't JSON. */
function descriptionBlocks(text: string | null | undefined): Record<string, PubliccodeDescriptionBlock> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, PubliccodeDescriptionBlock>) : {};
  } catch {
    return {};
  }
}

/** Why a stored block can't be written as the standard requires, or null. */
function blockProblem(lang: string, b: PubliccodeDescriptionBlock): FieldError | null {
  const field = `description.${lang}`;
  if (!bcp47Language(lang)) return { field, value: lang, message: { da: 'Ikke en BCP 47-sprogkode; sproget er udeladt.', en: 'Not a BCP 47 language tag; the language was left out.' } };
  const long = typeof b.longDescription === 'string' ? graphemeCount(b.longDescription.trim(), LONG_MAX) : 0;
  const ok =
    typeof b.shortDescription === 'string' &&
    b.shortDescription.trim() !== '' &&
    long >= LONG_MIN &&
    long <= LONG_MAX &&
    Array.isArray(b.features) &&
    b.features.some((f) => typeof f === 'string' && f.trim() !== '');
  return ok
    ? null
    : {
        field,
        message: {
          da: `Beskrivelsen opfylder ikke standarden (kort tekst, lang tekst på ${LONG_MIN}–${LONG_MAX} tegn og mindst én funktion); sproget er udeladt.`,
          en: `The description does not meet the standard (short text, long text of ${LONG_MIN}–${LONG_MAX} characters and at least one feature); the language was left out.`,
        },
      };
}

/** A JSON text list of strings, as the table stores it; null when it isn't one. */
function jsonList(text: string): string[] | null {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v.map((s) => s.trim()).filter(Boolean) : null;
  } catch {
    return null;
  }
}

const SHORT_MAX = 150;

/**
 * A description block from the catalogue's text and the features someone stated: the full text
 * is the long description; the short one (≤ 150 characters) is the text itself when it fits,
 * else cut at a word boundary with an ellipsis.
 */
export function descriptionBlock(text: string, features: readonly string[]): PubliccodeDescriptionBlock {
  const long = text.trim();
  const line = long.replace(/\s+/g, ' ');
  return { shortDescription: [...line].length > SHORT_MAX ? cutAtWord(line, SHORT_MAX) : line, longDescription: long, features: features.map((f) => f.trim()).filter(Boolean) };
}

/** Abbreviations whose full stop does not end a sentence (Danish and English). */
const ABBREVIATION = /(?:^|\s)(?:f\.eks|bl\.a|m\.fl|m\.m|osv|ca|inkl|ekskl|jf|evt|dvs|mv|nr|e\.g|i\.e|etc|incl|approx|vs|dr)\.$/i;

/**
 * publiccode.yml's shortDescription (at most 150 characters) from a description: its first
 * sentence when that fits, else the text cut at a word boundary with an ellipsis. Never cuts a
 * word in two.
 */
export function shortDescriptionOf(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  const sentence = /[.!?](?=\s|$)/g;
  for (let m = sentence.exec(line); m; m = sentence.exec(line)) {
    const first = line.slice(0, m.index + 1);
    if (ABBREVIATION.test(first)) continue;
    if ([...first].length <= SHORT_MAX) return first;
    break;
  }
  return [...line].length <= SHORT_MAX ? line : cutAtWord(line, SHORT_MAX);
}

/**
 * `line` cut to at most `max` characters, the ellipsis included, at the last word boundary; a
 * single word longer than that (no boundary at all) is the only thing cut inside.
 */
function cutAtWord(line: string, max: number): string {
  const chars = [...line];
  const head = chars.slice(0, max - 1).join('');
  const endsWord = chars.length < max || /\s/.test(chars[max - 1]!);
  const space = head.lastIndexOf(' ');
  const kept = endsWord || space <= 0 ? head : head.slice(0, space);
  return `${kept.replace(/[\s,;:.–-]+$/, '')}…`;
}
