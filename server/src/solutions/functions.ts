// Matching by what a system does (issue #14): a usage's function terms (its product's terms and
// the terms its KLE numbers map onto), and the pairs the catalogue must never propose. Pure: the
// service reads data/reference and the database and passes plain lists in.

/** A KLE number or prefix → a function term (data/reference/kle-functions.csv). */
export interface KleFunction {
  kle: string;
  function: string;
}

/** The terms a usage's KLE numbers map onto: every row whose number equals one of them or is a prefix of it. */
export function termsOfKle(map: readonly KleFunction[], numbers: readonly string[]): string[] {
  const terms = new Set<string>();
  for (const n of numbers) for (const r of map) if (n === r.kle || n.startsWith(`${r.kle}.`)) terms.add(r.function);
  return [...terms].sort();
}

/** A usage's function terms: its product's terms ∪ its KLE numbers' terms, sorted. */
export function usageTerms(productTerms: readonly string[], kleTerms: readonly string[]): string[] {
  return [...new Set([...productTerms, ...kleTerms])].sort();
}

/** One side of a wrong pair as function-wrong-pairs.csv writes it: `product:<key>`, `alternative:<key>`, `function:<term>`. */
export interface WrongPair {
  subject: string;
  other: string;
}

/** The wrong pairs as a lookup: each pair in both directions. */
export type WrongPairIndex = ReadonlySet<string>;

export function wrongPairIndex(pairs: readonly WrongPair[]): WrongPairIndex {
  const out = new Set<string>();
  for (const p of pairs) {
    out.add(`${p.subject}\u0000${p.other}`);
    out.add(`${p.other}\u0000${p.subject}`);
  }
  return out;
}

/**
 * Whether proposing a candidate for a usage would be a wrong pair. Each side is what names it:
 * the usage's `product:<key>` and `function:<term>` of its terms; the candidate's
 * `alternative:<key>`/`product:<key>` and `function:<term>` of its terms. A pair is wrong when a
 * name of one side and a name of the other are listed together (never two terms: a pair's subject is
 * never a term). So `alternative:os2korrespondance ↔ function:omsorgsjournal` keeps
 * OS2korrespondance away from every system that keeps care records, and `product:sd-lon ↔
 * function:tidsregistrering` keeps time registration away from SD Løn.
 */
export function isWrongPair(index: WrongPairIndex, usageSide: readonly string[], candidateSide: readonly string[]): boolean {
  for (const a of usageSide) for (const b of candidateSide) if (index.has(`${a}\u0000${b}`)) return true;
  return false;
}

/** The names of one side for isWrongPair: its keys (`product:k`, `alternative:k`) and its terms (`function:t`). */
export const pairSide = (keys: readonly string[], terms: readonly string[]): string[] => [...keys, ...terms.map((t) => `function:${t}`)];

/** The terms two sides share, sorted. */
export function sharedTerms(a: readonly string[], b: readonly string[]): string[] {
  const bs = new Set(b);
  return [...new Set(a.filter((t) => bs.has(t)))].sort();
}
