// The one number and date formatter for every page and export: da-DK (thousands separator ".",
// decimal comma) or en-GB under the language switch. Pages (web/src/format.ts, the charts) and the
// server's texts and exports use these, so "2.795 dage" and "6. dec. 2026" read the same everywhere.
import type { Lang } from './labels.ts';

export const locale = (lang: Lang = 'da'): string => (lang === 'da' ? 'da-DK' : 'en-GB');

// Making an Intl formatter costs a hundred times what formatting with one does (a score's
// explanation formats dates and numbers thousands of times): each is made once per language and options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function formatterOf<F>(made: Map<string, F>, key: string, make: () => F): F {
  let f = made.get(key);
  if (!f) made.set(key, (f = make()));
  return f;
}

/**
 * An Intl number formatter whose spaces are all U+00A0: ICU versions differ between U+00A0 and
 * U+202F before "%" and "kr.", and a snapshot must not depend on the ICU build.
 */
export function numberFormat(lang: Lang = 'da', options: Intl.NumberFormatOptions = {}): (n: number) => string {
  const f = formatterOf(numberFormats, `${lang}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale(lang), options));
  return (n) => f.format(n).replace(/[\u202f\u00a0 ]/g, '\u00a0');
}

/** A whole number with the thousands separator: 2795 → "2.795" (da) / "2,795" (en). */
export const formatCount = (n: number, lang: Lang = 'da'): string => numberFormat(lang, { maximumFractionDigits: 0 })(n);

/** A number with at most `digits` decimals (decimal comma in Danish): 21.83 → "21,8". */
export const formatDecimal = (n: number, lang: Lang = 'da', digits = 1): string => numberFormat(lang, { maximumFractionDigits: digits })(n);

/** A share 0–1 as a percentage with at most one decimal: 0.4213 → "42,1 %". */
export const formatShare = (share: number, lang: Lang = 'da', digits: 0 | 1 = 0): string =>
  numberFormat(lang, { style: 'percent', maximumFractionDigits: digits })(share);

/** A Herfindahl–Hirschman index (0–10,000) as an integer: 948.93 → "949". */
export const formatHhi = (hhi: number, lang: Lang = 'da'): string => formatCount(hhi, lang);

/** A calendar day (yyyy-mm-dd, or a timestamp's UTC day) as "6. dec. 2026" / "6 Dec 2026". */
export function formatDate(iso: string, lang: Lang = 'da'): string {
  return formatterOf(dateFormats, lang, () => new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }))
    .format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}
