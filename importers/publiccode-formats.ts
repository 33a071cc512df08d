// The value formats publiccode.yml requires, checked offline: BCP 47 language tags, ISO 3166-1
// alpha-2 country codes, e-mail addresses, HTTP URLs, URIs, calendar dates and the logo's path.
// Each check is linear in its input. What needs the network or the files beside the YAML (is the
// URL reachable, does the logo exist, is a video oEmbed) is not checked here.

/**
 * The 249 officially assigned ISO 3166-1 alpha-2 codes (ISO 3166 Maintenance Agency). Written out
 * rather than asked of the runtime's ICU data, which also knows regions that are not countries
 * (EU, UN, XK, QO …) and changes with the Node version.
 */
const ISO_3166_1_ALPHA_2 = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
    'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** 'ok', 'lowercase' (accepted, deprecated by the standard) or 'invalid' ("Fr", "mouseton"). */
export function countryCode(value: string): 'ok' | 'lowercase' | 'invalid' {
  if (ISO_3166_1_ALPHA_2.has(value)) return 'ok';
  if (/^[a-z]{2}$/.test(value) && ISO_3166_1_ALPHA_2.has(value.toUpperCase())) return 'lowercase';
  return 'invalid';
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * A BCP 47 language tag: well-formed (`en_GB`, `no such language` are not) and with a language
 * subtag the runtime's language data knows (`xxx` is well-formed but no language). Private-use
 * languages (qaa–qtz) are allowed. Returns the primary language subtag in lower case, or null.
 */
export function bcp47Language(tag: string): string | null {
  if (tag.length > 64 || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return null;
  try {
    Intl.getCanonicalLocales(tag);
  } catch {
    return null;
  }
  const primary = tag.split('-')[0]!.toLowerCase();
  if (primary.length > 3) return null;
  if (/^q[a-t][a-z]$/.test(primary)) return primary;
  return LANGUAGE_NAMES.of(primary) ? primary : null;
}

/** An e-mail address: one @, no spaces, a dot in the domain. */
export function isEmail(value: string): boolean {
  return value.length <= 320 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value);
}

/** An http(s) URL with a host. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/[^\s/?#]+\S*$/i.test(value)) return false;
  return URL.canParse(value);
}

/** An absolute URI: a scheme, a colon and something after it (`urn:x:y`, `https://…`); "1" and "pcm" are not. */
export function isUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value);
}

/** A calendar date written `yyyy-mm-dd` (2019-02-30 is not one). */
export function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The image formats the standard allows for `logo` (and the deprecated `monochromeLogo`). */
const LOGO_EXTENSIONS = /\.(svg|svgz|png)$/i;

/**
 * Why a logo reference is refused, or null: the standard allows a relative path inside the
 * repository or an http(s) URL; never an absolute path or a `file:` URL, and only SVG or PNG.
 */
export function logoProblem(value: string): 'absolute' | 'file-scheme' | 'extension' | null {
  if (/^file:/i.test(value)) return 'file-scheme';
  if (value.startsWith('/') || value.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(value)) return 'absolute';
  const path = /^https?:\/\//i.test(value) ? value.replace(/[?#].*$/, '') : value;
  return LOGO_EXTENSIONS.test(path) ? null : 'extension';
}

/** A MIME type: `type/subtype`, as `inputTypes`/`outputTypes` list them. */
export function isMimeType(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/.test(value);
}

const GRAPHEMES = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Characters as a reader counts them (grapheme clusters), counting no further than `stop`. */
export function graphemeCount(text: string, stop = Number.POSITIVE_INFINITY): number {
  let n = 0;
  for (const _ of GRAPHEMES.segment(text)) if (++n > stop) break;
  return n;
}
