// Name normalisation for matching vendors and products across spellings: "Microsoft Danmark ApS",
// "MICROSOFT DANMARK APS" and "Microsoft Danmark" are one key. Pure; used by the reference
// loader, the importers' vendor resolution and the API's search.

/** Legal-form suffixes (and a few connectives) ignored when matching vendor names. */
const LEGAL_SUFFIXES = new Set([
  'a/s', 'as', 'aps', 'i/s', 'is', 'k/s', 'ks', 'p/s', 'ps', 'amba', 'a.m.b.a', 'smba', 'fmba',
  'ltd', 'limited', 'plc', 'llc', 'llp', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company',
  'gmbh', 'ag', 'kg', 'se', 'sa', 'sas', 'sarl', 'sia', 'srl', 'spa', 'bv', 'nv', 'ab', 'publ', 'asa',
  'oy', 'oyj', 'ehf', 'kft', 'sp', 'zoo', 'the', '&', 'and', 'og',
]);

/** Case-folds, drops punctuation and NBSPs, collapses spaces. Keeps æ, ø and å. */
export function foldName(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[“”"'’`´.,;:()[\]{}]/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The vendor matching key: folded name without legal-form suffixes anywhere in the name. */
export function normalizeVendorName(name: string): string {
  const words = foldName(name)
    .split(' ')
    .filter((w) => w && !LEGAL_SUFFIXES.has(w));
  return words.join(' ') || foldName(name);
}

/** The product matching key: folded name (legal suffixes are part of product names rarely enough). */
export function normalizeProductName(name: string): string {
  return foldName(name.replace(/\s*\((ikke tilgængeligt|udgået)\)\s*$/i, ''));
}

/** A Danish CVR number is eight digits. */
export function isCvr(value: string): boolean {
  return /^\d{8}$/.test(value);
}

/** The stable key of a catalogue entry from its name: ASCII kebab-case ("OX App Suite" → "ox-app-suite"). */
export function catalogueKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
