// The contribution form's values as the API's proposal, checked in the browser by the same rules
// the server applies (server/src/domain/alternative-proposal.ts) against the same publiccode.yml
// vocabularies, so most mistakes show at once; the server's answer (its SPDX list, duplicates,
// unknown products) is shown at the same fields. Pure.
import vocabulary from '../../../data/reference/publiccode-vocabularies.json' with { type: 'json' };
import { type AlternativeProposal, checkProposal, type PubliccodeVocabulary, spdxSyntax } from '../../../server/src/domain/alternative-proposal.ts';
import type { FieldError, LocalizedText } from '../../../server/src/domain/field-error.ts';

export const PUBLICCODE_VOCABULARY: PubliccodeVocabulary = vocabulary;

/** The form's fields, in the order they are shown (errors are focused in this order too). */
export const PROPOSAL_FIELDS = [
  'name',
  'repositoryUrl',
  'url',
  'spdxLicense',
  'softwareType',
  'developmentStatus',
  'maintenanceType',
  'categories',
  'platforms',
  'lastReleaseAt',
  'descriptionDa',
  'descriptionEn',
  'featuresDa',
  'featuresEn',
  'localisationReady',
  'availableLanguages',
  'productIds',
  'fitNotes',
] as const;
export type ProposalField = (typeof PROPOSAL_FIELDS)[number];

/** The raw values of the form (text inputs and selects as strings, multi-selects as lists). */
export interface ProposalForm {
  name: string;
  repositoryUrl: string;
  url: string;
  spdxLicense: string;
  softwareType: string;
  developmentStatus: string;
  maintenanceType: string;
  categories: string[];
  /** Comma-separated. */
  platforms: string;
  lastReleaseAt: string;
  descriptionDa: string;
  descriptionEn: string;
  /** One feature a line. */
  featuresDa: string;
  featuresEn: string;
  /** '' (not given), 'true' or 'false'. */
  localisationReady: string;
  /** Comma-separated BCP 47 tags. */
  availableLanguages: string;
  productIds: number[];
  fitNotes: string;
}

const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** The proposal the API receives from the form's values. */
export function toProposal(f: ProposalForm): AlternativeProposal {
  return {
    name: f.name.trim(),
    repositoryUrl: orNull(f.repositoryUrl),
    url: orNull(f.url),
    spdxLicense: f.spdxLicense.trim(),
    softwareType: orNull(f.softwareType),
    developmentStatus: orNull(f.developmentStatus),
    maintenanceType: orNull(f.maintenanceType),
    categories: f.categories,
    platforms: f.platforms.split(',').map((p) => p.trim()).filter((p) => p !== ''),
    lastReleaseAt: orNull(f.lastReleaseAt),
    descriptionDa: orNull(f.descriptionDa),
    descriptionEn: orNull(f.descriptionEn),
    ...optionalList('featuresDa', lines(f.featuresDa)),
    ...optionalList('featuresEn', lines(f.featuresEn)),
    ...(f.localisationReady === '' ? {} : { localisationReady: f.localisationReady === 'true' }),
    ...optionalList('availableLanguages', f.availableLanguages.split(',').map((l) => l.trim()).filter((l) => l !== '')),
    productIds: f.productIds,
    fitNotes: orNull(f.fitNotes),
  };
}

const lines = (s: string) => s.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
/** A list field of the proposal, left out when empty (the API body stays as before for those who skip it). */
const optionalList = <K extends string>(key: K, values: string[]) => (values.length ? ({ [key]: values } as Record<K, string[]>) : {});

/** The form field an API error belongs to ("categories.2" → categories); null when none does. */
export function fieldOf(apiField: string | undefined): ProposalField | null {
  const head = apiField?.split('.')[0] ?? '';
  return (PROPOSAL_FIELDS as readonly string[]).includes(head) ? (head as ProposalField) : null;
}

/** Messages per form field, in field order, from a list of API field errors (several per field joined). */
export function errorsByField(errors: readonly Pick<FieldError, 'field' | 'message'>[]): { field: ProposalField | null; messages: LocalizedText[] }[] {
  const by = new Map<ProposalField | null, LocalizedText[]>();
  for (const e of errors) {
    const f = fieldOf(e.field);
    const list = by.get(f) ?? [];
    if (!list.some((m) => m.da === e.message.da)) list.push(e.message);
    by.set(f, list);
  }
  const order = (f: ProposalField | null) => (f === null ? PROPOSAL_FIELDS.length : PROPOSAL_FIELDS.indexOf(f));
  return [...by].sort((a, b) => order(a[0]) - order(b[0])).map(([field, messages]) => ({ field, messages }));
}

/** The browser's check: the server's rules with a syntax-only SPDX check, plus the length limits of the API. */
export function validateProposal(f: ProposalForm): FieldError[] {
  const p = toProposal(f);
  const { errors } = checkProposal(p, PUBLICCODE_VOCABULARY, spdxSyntax);
  const tooLong = (field: ProposalField, value: string, max: number) => {
    if (value.length > max) errors.push({ field, message: { da: `Højst ${max} tegn`, en: `At most ${max} characters` } });
  };
  if (!p.name) errors.unshift({ field: 'name', message: { da: 'Skriv alternativets navn', en: 'Enter the name of the alternative' } });
  tooLong('name', p.name, 200);
  tooLong('url', p.url ?? '', 2000);
  tooLong('repositoryUrl', p.repositoryUrl ?? '', 2000);
  tooLong('descriptionDa', p.descriptionDa ?? '', 10_000);
  tooLong('descriptionEn', p.descriptionEn ?? '', 10_000);
  tooLong('fitNotes', p.fitNotes ?? '', 2000);
  if ((p.categories ?? []).length > 20) errors.push({ field: 'categories', message: { da: 'Højst 20 kategorier', en: 'At most 20 categories' } });
  if ((p.platforms ?? []).length > 20) errors.push({ field: 'platforms', message: { da: 'Højst 20 platforme', en: 'At most 20 platforms' } });
  // An empty name gives the server's "needs letters or digits" too: keep the clearer one.
  return p.name ? errors : errors.filter((e, i) => !(e.field === 'name' && i > 0));
}
