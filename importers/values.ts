// Pure cell parsers: Danish and plain numbers, dates, yes/no, parties with CVR, lists, enums by
// Danish or English label, and the KITOS-specific values. No I/O; every failure says why in both languages.
import { createRequire } from 'node:module';
import parseSpdxExpression, { type SpdxNode } from 'spdx-expression-parse';
import {
  criticality as criticalityVocab,
  type Criticality,
  dataSensitivity,
  type LicenseModel,
  licenseModel as licenseModelVocab,
  EU_EEA_COUNTRIES,
  userCountBand,
  type UserCountBand,
} from '../server/src/domain/vocabulary.ts';
import { isValidCvr } from '../server/src/domain/cvr.ts';
import { msg } from './messages.ts';
import type { IssueCode, LocalizedText, Severity } from './types.ts';

export type Parsed<T> =
  | { ok: true; value: T; /** the value was guessed, not stated (provenance `inferred`) */ inferred?: boolean }
  | { ok: false; code: IssueCode; message: LocalizedText; /** default 'error' */ severity?: Severity };

const fail = (code: IssueCode, message: LocalizedText, severity?: Severity): Parsed<never> =>
  severity ? { ok: false, code, message, severity } : { ok: false, code, message };

/**
 * Copies a string out of the text chunk it was sliced from. V8 keeps a sliced string's whole
 * parent alive; what we keep beyond one chunk must not pin every chunk in memory.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Folding for label matching

/** Case-folds, turns NBSP/thin spaces, `_` and `-` into spaces and collapses runs: "On-premise" = "on premise". */
export function foldLabel(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u00a0\u2007\u202f_\-–]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Numbers

const DA_THOUSANDS = /^\d{1,3}(\.\d{3})+$/;
const DA_THOUSANDS_DECIMAL = /^\d{1,3}(\.\d{3})+,\d+$/;
const EN_THOUSANDS = /^\d{1,3}(,\d{3}){2,}$/;
const EN_THOUSANDS_DECIMAL = /^\d{1,3}(,\d{3})+\.\d+$/;
const DA_DECIMAL = /^\d+,\d+$/;
const PLAIN = /^\d+(\.\d+)?(e[+-]?\d+)?$/i;
const CURRENCY = /^(?:kr\.?|dkk)\s*|\s*(?:kr\.?|dkk|,-|\.-)$/gi;
const GROUP_SPACES = /(\d)[ \u00a0\u2009\u202f'](?=\d)/g;

/**
 * Reads `1.234.567,50` (Danish), `1234567.50` (plain), `1,234,567.50` (English), `1 234 567,50`,
 * with `kr.`/`DKK` before or after and a Danish `,-`. A lone group like `1.234` is read as
 * Danish thousands (1234): costs in DKK with three decimals do not occur, thousands do.
 */
export function parseNumber(raw: string): Parsed<number> {
  let s = raw.trim();
  if (!s) return fail('invalid-number', msg.invalidNumber(raw));
  if (/[a-z]|[,.]-$/i.test(s)) s = s.replace(CURRENCY, '').trim();
  let sign = 1;
  if (s[0] === '-' || s[0] === '−') {
    sign = -1;
    s = s.slice(1).trim();
  } else if (s[0] === '+') s = s.slice(1).trim();
  if (/\d[ \u00a0\u2009\u202f']\d/.test(s)) s = s.replace(GROUP_SPACES, '$1');
  let n: number;
  if (/^\d+$/.test(s)) n = Number(s);
  else if (DA_THOUSANDS.test(s)) n = Number(s.replaceAll('.', ''));
  else if (DA_THOUSANDS_DECIMAL.test(s)) n = Number(s.replaceAll('.', '').replace(',', '.'));
  else if (DA_DECIMAL.test(s)) n = Number(s.replace(',', '.'));
  else if (EN_THOUSANDS.test(s)) n = Number(s.replaceAll(',', ''));
  else if (EN_THOUSANDS_DECIMAL.test(s)) n = Number(s.replaceAll(',', ''));
  else if (PLAIN.test(s)) n = Number(s);
  else return fail('invalid-number', msg.invalidNumber(raw));
  if (!Number.isFinite(n)) return fail('invalid-number', msg.invalidNumber(raw));
  return { ok: true, value: sign * n };
}

/** An amount in DKK: a number that must not be negative. */
export function parseAmount(raw: string): Parsed<number> {
  const r = parseNumber(raw);
  if (r.ok && r.value < 0) return fail('negative-number', msg.negativeNumber(raw));
  return r;
}

// ---------------------------------------------------------------------------------------------
// Dates

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
// Prebuilt pieces: building "2024-01-31" from numbers per cell costs more than the parse itself.
const YEARS = Array.from({ length: 300 }, (_, i) => String(1900 + i));
const MONTH_DAYS = Array.from({ length: 13 * 32 }, (_, i) => `-${String(i >> 5).padStart(2, '0')}-${String(i & 31).padStart(2, '0')}`);
const DMY = /^(\d{1,2})([-./])(\d{1,2})\2(\d{4}|\d{2})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SERIAL = /^\d{1,7}(\.\d+)?$/;

function digit2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function ymd(raw: string, y: number, m: number, d: number): Parsed<string | null> {
  if (m < 1 || m > 12 || d < 1 || d > (m === 2 && isLeap(y) ? 29 : DAYS[m - 1]!)) return fail('invalid-date', msg.impossibleDate(raw));
  // .NET writes DateTime.MinValue (01-01-0001) where a date is unset: a placeholder, not a date.
  if (y < 1900) return fail('implausible-date', msg.implausibleDate(raw), 'warning');
  if (y > 2199) return fail('invalid-date', msg.dateOutOfRange(raw));
  return { ok: true, value: YEARS[y - 1900]! + MONTH_DAYS[(m << 5) | d]! };
}

/** Excel's day count: serial 1 is 1900-01-01, and 60 is the 29-02-1900 Lotus bug, so later serials count from 1899-12-30. */
export function excelSerialToIso(serial: number): string | null {
  const day = Math.floor(serial);
  if (day < 1 || day > 2958465 || day === 60) return null;
  const ms = Date.UTC(1899, 11, day < 60 ? 31 : 30) + day * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Dates as Danish files write them: `dd-mm-yyyy` (KITOS), `dd.mm.yyyy`, `d.m.yyyy`, `dd/mm/yyyy`,
 * two-digit years (`31-01-24`: 00–68 → 20xx, 69–99 → 19xx, as POSIX does) and ISO `yyyy-mm-dd`
 * (a time part is ignored). Day first always: `01/02/2025` is 1 February. Impossible dates
 * (31-02-2025) are errors; years before 1900 are read as "no date" with a warning.
 * With `excelSerial`, a bare number is an Excel date serial (xlsx cells not formatted as dates).
 */
export function parseDate(raw: string, options: { excelSerial?: boolean } = {}): Parsed<string | null> {
  const s = raw.trim();
  // Fast path for the KITOS shape dd-mm-yyyy and its dotted twin.
  if (s.length === 10 && s[2] === s[5] && (s[2] === '-' || s[2] === '.' || s[2] === '/')) {
    const d = digit2(s, 0);
    const m = digit2(s, 3);
    const y1 = digit2(s, 6);
    const y2 = digit2(s, 8);
    if (d >= 0 && m >= 0 && y1 >= 0 && y2 >= 0) return ymd(raw, y1 * 100 + y2, m, d);
  }
  let match = ISO.exec(s);
  if (match) return ymd(raw, Number(match[1]), Number(match[2]), Number(match[3]));
  match = DMY.exec(s);
  if (match) {
    let y = Number(match[4]);
    if (match[4]!.length === 2) y += y <= 68 ? 2000 : 1900;
    return ymd(raw, y, Number(match[3]), Number(match[1]));
  }
  if (options.excelSerial && SERIAL.test(s)) {
    const iso = excelSerialToIso(Number(s));
    if (iso) return ymd(raw, Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
  }
  return fail('invalid-date', msg.invalidDate(raw));
}

// ---------------------------------------------------------------------------------------------
// Yes / no / don't know

const YES_NO = new Map<string, boolean | null>();
for (const w of ['ja', 'j', 'yes', 'y', 'true', 'sand', '1', 'x']) YES_NO.set(w, true);
for (const w of ['nej', 'n', 'no', 'false', 'falsk', '0']) YES_NO.set(w, false);
// `dontknow` is KITOS API v2's `DontKnow` (YesNoDontKnowChoice), which the export writes `Ved ikke`.
for (const w of ['ved ikke', 'vides ikke', "don't know", 'don’t know', 'dont know', 'dontknow', 'do not know', 'unknown', 'ukendt', '?'])
  YES_NO.set(w, null);

/** `Ja`/`Nej`/`Ved ikke`, `Yes`/`No`/`Don't know`, `true`/`false`, `1`/`0`; "don't know" is null (unknown). */
export function parseYesNo(raw: string): Parsed<boolean | null> {
  const v = YES_NO.get(raw.trim().toLowerCase());
  if (v === undefined) {
    const folded = foldLabel(raw);
    const w = YES_NO.get(folded);
    if (w !== undefined) return { ok: true, value: w };
    return fail('invalid-boolean', msg.invalidBoolean(raw));
  }
  return { ok: true, value: v };
}

// ---------------------------------------------------------------------------------------------
// Parties and CVR

export interface PartyValue {
  name: string;
  /** A valid CVR number (cvr.ts): the only CVR the catalogue matches on. */
  cvr: string | null;
  /** An eight-digit number that is no valid CVR (`00000000`, a failed check), kept as written. */
  cvr_as_written?: string;
  /** A country or data-location suffix, `Zoom (US)`, `Microsoft Azure (EU)`: read, not part of the name. */
  hint?: PartyHint;
}

/** KITOS suffixes for disabled catalogue systems and obsolete organisations. */
const STATUS_SUFFIX = /\s*\((?:ikke tilgængeligt|udgået)\)\s*$/i;
const TRAILING_PARENS = /^(.*?)\s*\(([^()]*)\)\s*$/s;

/** Strips KITOS's ` (Ikke tilgængeligt)` and ` (udgået)` (repeatedly, whatever the case). */
export function stripStatusSuffix(name: string): string {
  let s = name.trim();
  if (s.charCodeAt(s.length - 1) !== 41) return s; // no ')' at the end: nothing to strip
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(STATUS_SUFFIX, '');
  }
  return s;
}

/** A Danish CVR number from `12345678`, `12 34 56 78`, `DK12345678` or `CVR: 12345678` (eight digits; validity is cvr.ts's). */
export function parseCvr(raw: string): Parsed<string> {
  const digits = raw.replace(/^\s*(?:cvr(?:-?nr\.?|-nummer)?[:.]?\s*)?(?:dk[\s-]?)?/i, '').replace(/[\s.-]/g, '');
  if (/^\d{8}$/.test(digits)) return { ok: true, value: digits };
  return fail('invalid-cvr', msg.invalidCvrStrict(raw));
}

/** An ISO country code, or `EU`/`EEA`, as a party suffix gives it (`USA` → `US`, `UK` → `GB`, `EØS` → `EEA`). */
export type PartyHint = string;

/**
 * Suffixes read as a country or data-location hint: EU/EEA and the countries seen in municipal
 * files, upper case only. `IT` is left out: "Egen drift (IT)" names the IT department, not Italy.
 */
const HINTS: ReadonlyMap<string, PartyHint> = new Map<string, PartyHint>([
  ...[...EU_EEA_COUNTRIES, 'US', 'GB', 'CH', 'CA', 'JP', 'CN', 'IN', 'AU', 'IL', 'KR', 'SG', 'EU', 'EEA'].filter((c) => c !== 'IT').map((c) => [c, c] as const),
  ['USA', 'US'], ['UK', 'GB'], ['EØS', 'EEA'], ['EOS', 'EEA'],
]);

/** The data location a hint implies (`dk`, `eu` for EU/EEA, else `non_eu`). */
export function dataLocationOfHint(hint: PartyHint): 'dk' | 'eu' | 'non_eu' {
  if (hint === 'DK') return 'dk';
  return hint === 'EU' || hint === 'EEA' || EU_EEA_COUNTRIES.has(hint) ? 'eu' : 'non_eu';
}

/** `Name (US)` → `{ name: 'Name', hint: 'US' }`; anything else is returned as it is. */
function splitHint(s: string): { name: string; hint?: PartyHint } {
  const m = TRAILING_PARENS.exec(s);
  const hint = m ? HINTS.get(m[2]!.trim()) : undefined;
  return hint && m![1]!.trim() ? { name: m![1]!.trim(), hint } : { name: s };
}

function partyOf(name: string, cvr: string | null, asWritten?: string): PartyValue {
  const { name: bare, hint } = splitHint(name);
  const p: PartyValue = { name: bare, cvr };
  if (asWritten !== undefined) p.cvr_as_written = asWritten;
  if (hint !== undefined) p.hint = hint;
  return p;
}

/**
 * A party as KITOS writes it, `Navn (CVR)`, optionally followed by ` (udgået)`. A country or
 * data-location suffix (`Zoom (US)`, `Microsoft Azure (EU)`) becomes the party's hint; other
 * trailing parentheses ("Firma (Danmark)") stay part of the name. Eight digits that are no valid
 * CVR (a placeholder such as `00000000`, a failed modulus-11 check) are kept as written, never
 * matched on, with a warning; a numeric parenthesis that is not eight digits is dropped with a warning.
 */
export type PartyParsed = Parsed<PartyValue | null> & { warning?: { code: IssueCode; message: LocalizedText } };

export function parseParty(raw: string): PartyParsed {
  const s = stripStatusSuffix(raw);
  if (!s) return { ok: true, value: null };
  if (s.charCodeAt(s.length - 1) !== 41) return { ok: true, value: { name: s, cvr: null } };
  const m = TRAILING_PARENS.exec(s);
  if (!m) return { ok: true, value: { name: s, cvr: null } };
  const inner = m[2]!;
  const name = m[1]!.trim();
  if (!/\d/.test(inner) || /[a-zæøå]{3,}/i.test(inner.replace(/^\s*cvr/i, ''))) return { ok: true, value: partyOf(s, null) };
  const cvr = parseCvr(inner);
  if (!name) {
    return cvr.ok
      ? fail('cvr-without-name', msg.cvrWithoutName(raw), 'warning')
      : fail('invalid-cvr', msg.invalidCvrStrict(raw));
  }
  if (!cvr.ok) return { ok: true, value: partyOf(name, null), warning: { code: 'invalid-cvr', message: msg.invalidCvr(inner) } };
  return partyWithCvr(name, cvr.value);
}

/**
 * A party from a name and an eight-digit CVR number given apart (`Navn (CVR)` once split, or
 * KITOS API v2's `{name, cvr}`): a valid CVR is matched on, any other is kept as written with a
 * warning; a country suffix on the name becomes its hint.
 */
export function partyWithCvr(name: string, cvr: string | null): PartyParsed {
  if (cvr === null) return { ok: true, value: partyOf(name, null) };
  if (isValidCvr(cvr)) return { ok: true, value: partyOf(name, cvr) };
  return { ok: true, value: partyOf(name, null, cvr), warning: { code: 'placeholder-cvr', message: msg.placeholderCvr(cvr, name) } };
}

// ---------------------------------------------------------------------------------------------
// Lists

/** KITOS joins lists with ", " (`string.Join(", ", …)`); names containing ", " split wrongly, which the export cannot avoid. */
export function splitKitosList(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(', ')) {
    const t = part.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** A list in a hand-made sheet: split on `;` or line breaks if any, else on `,`. */
export function splitList(raw: string): string[] {
  const parts = /[;\n]/.test(raw) ? raw.split(/[;\r\n]+/) : raw.split(',');
  const out: string[] = [];
  for (const part of parts) {
    const t = part.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Enums

export interface EnumMatch<T extends string> {
  value: T;
  inferred: boolean;
}

export interface EnumParser<T extends string> {
  (raw: string): Parsed<T>;
  /** The labels to show when a value is not recognised. */
  readonly shown: readonly string[];
}

/**
 * An enum parser accepting the canonical value, the Danish and the English label from
 * vocabulary.ts (case, space, `-`/`_` insensitive) plus extra synonyms; a synonym marked
 * `inferred` is a guess and yields provenance `inferred`.
 */
export function enumParser<T extends string>(
  vocab: { values: readonly T[]; labels: Record<T, { da: string; en: string }> },
  synonyms: Record<string, T | { value: T; inferred: true }> = {},
): EnumParser<T> {
  const table = new Map<string, EnumMatch<T>>();
  for (const v of vocab.values) {
    table.set(foldLabel(v), { value: v, inferred: false });
    table.set(foldLabel(vocab.labels[v].da), { value: v, inferred: false });
    table.set(foldLabel(vocab.labels[v].en), { value: v, inferred: false });
  }
  for (const [word, target] of Object.entries(synonyms)) {
    const m = typeof target === 'string' ? { value: target, inferred: false } : target;
    if (!table.has(foldLabel(word))) table.set(foldLabel(word), m);
  }
  const shown = vocab.values.map((v) => vocab.labels[v].da);
  const parse = ((raw: string): Parsed<T> => {
    const hit = table.get(foldLabel(raw));
    if (!hit) return fail('invalid-enum', msg.invalidEnum(raw, shown));
    return hit.inferred ? { ok: true, value: hit.value, inferred: true } : { ok: true, value: hit.value };
  }) as EnumParser<T>;
  Object.defineProperty(parse, 'shown', { value: shown });
  return parse;
}

/**
 * KITOS `DataType`: a ", "-list of the four Danish levels. The export writes `… persondata`
 * (`SensitiveDataLevel.GetReadableName()`); only KITOS's filter menu says `… personoplysninger`.
 * One level; KITOS API v2's DataSensitivityLevelChoice names (`None`, `PersonData`,
 * `SensitiveData`, `LegalData`) are keys of the same table.
 */
export const parseSensitivity = enumParser(dataSensitivity, {
  'ingen persondata': 'none',
  'almindelige persondata': 'personal',
  'følsomme persondata': 'sensitive',
  persondata: 'personal',
  'ingen personoplysninger': 'none',
  personoplysninger: 'personal',
  'følsomme oplysninger': 'sensitive',
  'straffedomme': 'criminal',
  'personal': 'personal',
  'sensitive': 'sensitive',
  'criminal': 'criminal',
  sensitivedata: 'sensitive',
  legaldata: 'criminal',
});
type Sensitivity = (typeof dataSensitivity.values)[number];
export function parseSensitivityList(raw: string, kitos: boolean): Parsed<Sensitivity[]> {
  const out: Array<(typeof dataSensitivity.values)[number]> = [];
  for (const item of kitos ? splitKitosList(raw) : splitList(raw)) {
    const r = parseSensitivity(item);
    if (!r.ok) return r;
    if (!out.includes(r.value)) out.push(r.value);
  }
  return { ok: true, value: out };
}

// ---------------------------------------------------------------------------------------------
// KITOS user bands, notice periods and durations

const bandByLabel = enumParser(userCountBand, {
  '0-9': 'lt10',
  'under 10': 'lt10',
  'færre end 10': 'lt10',
  'less than 10': 'lt10',
  '500+': '500+',
  '>=500': '500+',
  '≥500': '500+',
  'over 500': '500+',
  'more than 500': '500+',
  'mere end 500': '500+',
});

/** KITOS `Antal brugere` bands (`<10`, `10-49`, `50-99`, `100-499`, `>500`), or a head count put in its band. */
export function parseUserBand(raw: string): Parsed<UserCountBand> {
  const byLabel = bandByLabel(raw.replace(/\s+/g, ''));
  if (byLabel.ok) return byLabel;
  const n = parseNumber(raw);
  if (n.ok && Number.isInteger(n.value) && n.value >= 0) {
    const v = n.value;
    return { ok: true, value: v < 10 ? 'lt10' : v < 50 ? '10-49' : v < 100 ? '50-99' : v < 500 ? '100-499' : '500+' };
  }
  return fail('invalid-enum', msg.invalidEnum(raw, bandByLabel.shown));
}

/** KITOS `Opsigelse (måneder)` is an option name such as `3`; also `3 måneder`, `3 mdr.`, `3 months`, `Ingen`. */
export function parseNoticeMonths(raw: string): Parsed<number> {
  const s = raw.trim().toLowerCase();
  if (s === 'ingen' || s === 'none') return { ok: true, value: 0 };
  const m = /^(\d{1,3})(?:\s*(?:måned(?:er)?|mdr\.?|md\.?|months?|mo\.?|m))?$/.exec(s);
  if (!m) return fail('invalid-notice-period', msg.invalidNoticePeriod(raw));
  const n = Number(m[1]);
  if (n > 120) return fail('invalid-notice-period', msg.invalidNoticePeriod(raw));
  return { ok: true, value: n };
}

export interface Duration {
  months: number | null;
  continuous: boolean;
}

/** KITOS `Varighed`: `2 år og 6 måneder`, `1 måned`, `Løbende` (open-ended); English too. */
export function parseDuration(raw: string): Parsed<Duration> {
  const s = raw.trim().toLowerCase();
  if (['løbende', 'ongoing', 'continuous', 'open-ended', 'indtil videre'].includes(s)) return { ok: true, value: { months: null, continuous: true } };
  const m = /^(?:(\d+)\s*(?:år|years?))?\s*(?:og|and|,)?\s*(?:(\d+)\s*(?:måned(?:er)?|months?|mdr\.?))?$/.exec(s);
  if (!m || (m[1] === undefined && m[2] === undefined)) return fail('invalid-duration', msg.invalidDuration(raw), 'warning');
  return { ok: true, value: { months: Number(m[1] ?? 0) * 12 + Number(m[2] ?? 0), continuous: false } };
}

// ---------------------------------------------------------------------------------------------
// Criticality

/** The canonical scale plus the words organisations use in KITOS's own `Kritikalitet` options. */
const criticalityWords: Record<string, { value: Criticality; inferred: true }> = {};
for (const [words, value] of [
  // `notcritical`/`veryhigh`: KITOS API v2's gdprCriticality (13.3–13.5) NotCritical … VeryHigh.
  [['lav', 'low', 'ikke kritisk', 'not critical', 'notcritical', 'minor', 'lille', 'begrænset'], 'low'],
  [['middel', 'mellem', 'medium', 'moderat', 'moderate', 'normal', 'mellemhøj'], 'medium'],
  [['høj', 'hoj', 'high', 'stor', 'væsentlig', 'forretningskritisk', 'business critical'], 'high'],
  [['kritisk', 'critical', 'meget høj', 'very high', 'veryhigh', 'samfundskritisk', 'meget kritisk', 'højeste', 'vital'], 'critical'],
] as const) {
  for (const w of words) criticalityWords[w] = { value, inferred: true };
}
const criticalityExact = enumParser(criticalityVocab);
const criticalityAny = enumParser(criticalityVocab, criticalityWords);

const NO_LEVEL = new Set(['nej', 'no', 'ved ikke', "don't know", 'ukendt', 'unknown']);

/**
 * Criticality. KITOS's `Kritikalitet` is an organisation-defined option list, so any match there
 * is a translation (`inferred`); in a generic sheet the canonical labels are stated (`declared`)
 * and only the looser words are inferred. Text like "Risiko: lav (3)" is tried word by word.
 */
export function parseCriticality(raw: string, kitos: boolean): Parsed<Criticality | null> {
  // A yes/no answer in a criticality column (`Nej`, `Ved ikke`) says no level.
  if (NO_LEVEL.has(foldLabel(raw))) return { ok: true, value: null };
  const exact = criticalityExact(raw);
  if (exact.ok) return kitos ? { ok: true, value: exact.value, inferred: true } : exact;
  const loose = criticalityAny(raw);
  if (loose.ok) return loose;
  const stripped = foldLabel(raw)
    .replace(/^(kritikalitet|criticality|niveau|level)\s*[:.]?\s*/, '')
    .replace(/\s*\(?\d+\)?$/, '');
  const again = criticalityAny(stripped);
  if (again.ok) return { ok: true, value: again.value, inferred: true };
  return fail('unmapped-criticality', msg.unmappedCriticality(raw), 'warning');
}

// ---------------------------------------------------------------------------------------------
// Licences: a licence model word or an SPDX expression

const require = createRequire(import.meta.url);
const SPDX_IDS: string[] = require('spdx-license-ids');
const SPDX_DEPRECATED: string[] = require('spdx-license-ids/deprecated.json');
const SPDX_BY_LOWER = new Map<string, string>([...SPDX_IDS, ...SPDX_DEPRECATED].map((id) => [id.toLowerCase(), id]));
const SPDX_DEPRECATED_SET = new Set(SPDX_DEPRECATED);

/** Licences on the SPDX list that are not open source (no commercial use, no derivatives, SSPL-style). */
const NOT_OPEN = [/^BUSL-/, /^SSPL-/, /^Elastic-/, /^CC-BY-NC/, /^CC-BY-ND/, /^PolyForm-/, /^Commons-Clause/, /^LicenseRef-/, /^DocumentRef-/];

export interface SpdxResult {
  /** The expression with the identifiers in their canonical case. */
  expression: string;
  /** Identifiers that SPDX has deprecated (still valid, worth a warning). */
  deprecated: string[];
  /** Whether the expression grants an open-source licence (an OR branch suffices). */
  open: boolean;
}

/** Validates an SPDX licence expression with spdx-expression-parse; identifiers are matched case-insensitively. */
export function parseSpdx(raw: string): Parsed<SpdxResult> {
  const fixed = raw
    .trim()
    .replace(/[A-Za-z0-9.+-]+/g, (tok) => {
      const plus = tok.endsWith('+') && !SPDX_BY_LOWER.has(tok.toLowerCase());
      const base = plus ? tok.slice(0, -1) : tok;
      const hit = SPDX_BY_LOWER.get(base.toLowerCase());
      return hit ? hit + (plus ? '+' : '') : /^(and|or|with)$/i.test(tok) ? tok.toUpperCase() : tok;
    });
  let ast: SpdxNode;
  try {
    ast = parseSpdxExpression(fixed);
  } catch (e) {
    return fail('invalid-license', msg.invalidSpdx(raw, e instanceof Error ? e.message : String(e)));
  }
  const deprecated: string[] = [];
  const open = (n: SpdxNode): boolean => {
    if ('license' in n) {
      if (SPDX_DEPRECATED_SET.has(n.license) && !deprecated.includes(n.license)) deprecated.push(n.license);
      return !NOT_OPEN.some((re) => re.test(n.license));
    }
    const l = open(n.left);
    const r = open(n.right);
    return n.conjunction === 'or' ? l || r : l && r;
  };
  return { ok: true, value: { expression: fixed, deprecated, open: open(ast) } };
}

/** One licence model word; KITOS API v2's LicensingAndCodeModelChoice (`OpenSource`, `Freeware`, `Proprietary`) included. */
export const parseLicenseModel = enumParser(licenseModelVocab, {
  'open-source': 'open_source',
  opensource: 'open_source',
  oss: 'open_source',
  foss: 'open_source',
  'fri software': 'open_source',
  'åben kildekode': 'open_source',
  'free software': 'open_source',
  'closed source': 'proprietary',
  lukket: 'proprietary',
  'lukket kildekode': 'proprietary',
  kommerciel: 'proprietary',
  commercial: 'proprietary',
  proprietær: 'proprietary',
  proprietaer: 'proprietary',
  proprietary: 'proprietary',
  gratis: 'freeware',
});

/** Most binding first: a file that lists several models is scored on the one that binds most. */
const LICENSE_RANK: Record<LicenseModel, number> = { proprietary: 3, freeware: 2, open_source: 1 };

export interface LicenseValue {
  model: LicenseModel;
  /** The SPDX expression, when the cell held one. */
  spdx: string | null;
  /** Several models were listed; `model` is the most binding. */
  several: boolean;
  deprecated: string[];
}

/**
 * A list of licence model words (KITOS's `Licens- og kodegrundlag` split, or API v2's
 * `licensingAndCodeModels`): the most binding model, `several` when more than one is listed.
 * Null when the list is empty or any item is no model word.
 */
export function licenseOfModels(items: readonly string[]): Parsed<LicenseValue> | null {
  if (!items.length) return null;
  let best: LicenseModel | null = null;
  for (const i of items) {
    const r = parseLicenseModel(i);
    if (!r.ok) return null;
    if (best === null || LICENSE_RANK[r.value] > LICENSE_RANK[best]) best = r.value;
  }
  return { ok: true, value: { model: best!, spdx: null, several: items.length > 1, deprecated: [] } };
}

/**
 * `Licens- og kodegrundlag` (a KITOS ", "-list of Open Source / Freeware / Proprietær) or a
 * generic licence cell: a model word or an SPDX expression. An SPDX expression implies the model
 * (open source unless its licences forbid commercial use or derivatives) and is a guess (`inferred`).
 */
export function parseLicense(raw: string, kitos: boolean): Parsed<LicenseValue> {
  const whole = parseLicenseModel(raw);
  if (whole.ok) return { ok: true, value: { model: whole.value, spdx: null, several: false, deprecated: [] } };
  const items = kitos ? splitKitosList(raw) : splitList(raw);
  const listed = items.length > 1 ? licenseOfModels(items) : null;
  if (listed) return listed;
  const spdx = parseSpdx(raw);
  if (!spdx.ok) {
    const detail = spdx.message.en.replace(/^.*\((.*)\)\.$/s, '$1');
    return fail('invalid-license', msg.invalidLicense(raw, detail));
  }
  return {
    ok: true,
    inferred: true,
    value: { model: spdx.value.open ? 'open_source' : 'proprietary', spdx: spdx.value.expression, several: false, deprecated: spdx.value.deprecated },
  };
}
