// The rules a proposed catalogue entry must meet, as publiccode.yml states them: the standard's
// vocabularies, an open SPDX licence expression, URLs, an ISO date and a description. Pure: the
// vocabularies and the SPDX check are passed in, so the server (full SPDX list) and the web form
// (syntax only, for fast feedback before the server's word) apply the same rules.
import { bcp47Language } from '../../../importers/publiccode-formats.ts';
import { isIsoDate } from '../exports/table.ts';
import type { FieldError, LocalizedText } from './field-error.ts';
import { catalogueKey } from './names.ts';

/** What a contributor proposes: publiccode.yml's facts under the catalogue's names, and the products it can replace. */
export interface AlternativeProposal {
  name: string;
  /** The landing page (publiccode.yml `landingURL`). */
  url?: string | null;
  /** The source repository (publiccode.yml `url`). */
  repositoryUrl?: string | null;
  softwareType?: string | null;
  developmentStatus?: string | null;
  spdxLicense: string;
  maintenanceType?: string | null;
  platforms?: string[];
  categories?: string[];
  descriptionDa?: string | null;
  descriptionEn?: string | null;
  /** publiccode.yml's `features` for the Danish and the English description (the export needs them). */
  featuresDa?: string[];
  featuresEn?: string[];
  /** publiccode.yml's `localisation`: ready for translation, and the languages (BCP 47) of the user interface. */
  localisationReady?: boolean | null;
  availableLanguages?: string[];
  stewardVendorId?: number | null;
  /** `yyyy-mm-dd` */
  lastReleaseAt?: string | null;
  /** Proprietary products the alternative can replace. */
  productIds?: number[];
  /** Why it fits those products (stored with each mapping). */
  fitNotes?: string | null;
}

/** The publiccode.yml vocabularies (data/reference/publiccode-vocabularies.json). */
export interface PubliccodeVocabulary {
  softwareType: readonly string[];
  developmentStatus: readonly string[];
  maintenanceType: readonly string[];
  platformsSuggested: readonly string[];
  categories: readonly string[];
}

/** An SPDX expression checked: normalised and whether it grants an open-source licence. */
export type SpdxCheck = (raw: string) => { ok: true; expression: string; open: boolean } | { ok: false; message: LocalizedText };

const REPO_URL = /^(https?|git|ssh):\/\/\S+$|^git@\S+:\S+$/;
const HTTP_URL = /^https?:\/\/\S+$/;

export const blank = (s: string | null | undefined): string | null => (s == null || s.trim() === '' ? null : s.trim());

const vocabError = (field: string, value: string, allowed: readonly string[]): FieldError => ({
  field,
  value,
  message: { da: `Værdien er ikke i publiccode.yml’s liste: ${allowed.join(', ')}`, en: `The value is not in publiccode.yml's list: ${allowed.join(', ')}` },
});

/**
 * Checks a proposal the way the publiccode.yml importer checks a file and returns every problem
 * at once (field names as the API's), with the normalised licence expression when it is valid.
 */
export function checkProposal(p: AlternativeProposal, vocab: PubliccodeVocabulary, checkSpdx: SpdxCheck): { errors: FieldError[]; spdx: string | null } {
  const errors: FieldError[] = [];
  if (!catalogueKey(p.name)) errors.push({ field: 'name', value: p.name, message: { da: 'Navnet skal indeholde bogstaver eller tal', en: 'The name needs letters or digits' } });
  const repo = blank(p.repositoryUrl);
  const url = blank(p.url);
  if (!repo && !url) errors.push({ field: 'repositoryUrl', message: { da: 'Angiv kildekodens repository eller en hjemmeside', en: 'Give the source repository or a website' } });
  if (repo && !REPO_URL.test(repo)) errors.push({ field: 'repositoryUrl', value: repo, message: { da: 'Ikke en gyldig repository-URL', en: 'Not a valid repository URL' } });
  if (url && !HTTP_URL.test(url)) errors.push({ field: 'url', value: url, message: { da: 'Hjemmesiden skal være en http(s)-URL', en: 'The website must be an http(s) URL' } });
  const st = blank(p.softwareType);
  if (st && !vocab.softwareType.includes(st)) errors.push(vocabError('softwareType', st, vocab.softwareType));
  const ds = blank(p.developmentStatus);
  if (ds && !vocab.developmentStatus.includes(ds)) errors.push(vocabError('developmentStatus', ds, vocab.developmentStatus));
  const mt = blank(p.maintenanceType);
  if (mt && !vocab.maintenanceType.includes(mt)) errors.push(vocabError('maintenanceType', mt, vocab.maintenanceType));
  (p.categories ?? []).forEach((c, i) => {
    if (!vocab.categories.includes(c)) errors.push({ field: `categories.${i}`, value: c, message: { da: 'Ikke en kategori i publiccode.yml’s liste', en: "Not a category in publiccode.yml's list" } });
  });
  (p.platforms ?? []).forEach((x, i) => {
    if (!x.trim()) errors.push({ field: `platforms.${i}`, message: { da: 'Tom platform', en: 'Empty platform' } });
  });
  let spdx: string | null = null;
  if (!blank(p.spdxLicense)) errors.push({ field: 'spdxLicense', message: { da: 'Angiv licensen som SPDX-udtryk, fx MPL-2.0', en: 'Give the licence as an SPDX expression, e.g. MPL-2.0' } });
  else {
    const r = checkSpdx(p.spdxLicense);
    if (!r.ok) errors.push({ field: 'spdxLicense', value: p.spdxLicense, message: r.message });
    else if (!r.open) errors.push({ field: 'spdxLicense', value: p.spdxLicense, message: { da: 'Licensen er ikke en open source-licens', en: 'The licence is not an open-source licence' } });
    else spdx = r.expression;
  }
  const released = blank(p.lastReleaseAt);
  if (released && !isIsoDate(released)) errors.push({ field: 'lastReleaseAt', value: released, message: { da: 'Datoen skal skrives åååå-mm-dd', en: 'Write the date as yyyy-mm-dd' } });
  for (const [lang, features, text] of [['Da', p.featuresDa, p.descriptionDa], ['En', p.featuresEn, p.descriptionEn]] as const) {
    (features ?? []).forEach((f, i) => {
      if (!f.trim()) errors.push({ field: `features${lang}.${i}`, message: { da: 'Tom funktion', en: 'Empty feature' } });
    });
    if ((features ?? []).length && !blank(text)) errors.push({ field: `description${lang}`, message: { da: 'Funktionerne hører til en beskrivelse på samme sprog', en: 'The features belong to a description in the same language' } });
  }
  (p.availableLanguages ?? []).forEach((l, i) => {
    if (!bcp47Language(l.trim())) errors.push({ field: `availableLanguages.${i}`, value: l, message: { da: 'Ikke en BCP 47-sprogkode (fx da, en, en-GB)', en: 'Not a BCP 47 language tag (e.g. da, en, en-GB)' } });
  });
  if (!blank(p.descriptionDa) && !blank(p.descriptionEn)) errors.push({ field: 'descriptionDa', message: { da: 'Beskriv alternativet på dansk eller engelsk', en: 'Describe the alternative in Danish or English' } });
  return { errors, spdx };
}

/**
 * The grammar of an SPDX expression without the licence list: ids joined by AND/OR, `WITH` an
 * exception, parentheses. For the browser's fast feedback; the server checks the ids themselves.
 */
export const spdxSyntax: SpdxCheck = (raw) => {
  const tokens = raw.trim().match(/\(|\)|[^\s()]+/g) ?? [];
  const bad = (): ReturnType<SpdxCheck> => ({ ok: false, message: { da: `»${raw.trim()}« er ikke et SPDX-udtryk (fx MPL-2.0 eller GPL-3.0-only OR MIT)`, en: `“${raw.trim()}” is not an SPDX expression (e.g. MPL-2.0 or GPL-3.0-only OR MIT)` } });
  let i = 0;
  const id = /^(LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9][A-Za-z0-9.-]*\+?)$/;
  const keyword = (t: string | undefined, k: string) => t !== undefined && t.toUpperCase() === k;
  // expression := term ((AND|OR) term)* ; term := '(' expression ')' | id (WITH id)?
  const term = (): boolean => {
    const t = tokens[i];
    if (t === '(') {
      i++;
      if (!expression() || tokens[i] !== ')') return false;
      i++;
      return true;
    }
    if (t === undefined || !id.test(t) || ['AND', 'OR', 'WITH'].includes(t.toUpperCase())) return false;
    i++;
    if (keyword(tokens[i], 'WITH')) {
      i++;
      const e = tokens[i];
      if (e === undefined || !id.test(e)) return false;
      i++;
    }
    return true;
  };
  const expression = (): boolean => {
    if (!term()) return false;
    while (keyword(tokens[i], 'AND') || keyword(tokens[i], 'OR')) {
      i++;
      if (!term()) return false;
    }
    return true;
  };
  return expression() && i === tokens.length ? { ok: true, expression: raw.trim(), open: true } : bad();
};
