// publiccode.yml → an open-source catalogue entry, validated against the publiccode.yml
// vocabularies (data/reference/publiccode-vocabularies.json); every issue names the key path and line.
import { createRequire } from 'node:module';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { MAX_PUBLICCODE_BYTES, MAX_PUBLICCODE_ISSUES, MAX_YAML_ALIASES, MAX_YAML_DEPTH, type Meter } from './limits.ts';
import { msg } from './messages.ts';
import { bcp47Language, countryCode, graphemeCount, isDate, isEmail, isHttpUrl, isMimeType, isUri, logoProblem } from './publiccode-formats.ts';
import { type ImportIssue, type LocalizedText, truncateValue } from './types.ts';
import { parseSpdx } from './values.ts';

const require = createRequire(import.meta.url);
const VOCAB: {
  publiccodeYmlVersionsAcceptedByParser: string[];
  softwareType: string[];
  developmentStatus: string[];
  maintenanceType: string[];
  platformsSuggested: string[];
  categories: string[];
  intendedAudienceScope: string[];
  supportsAliases: Record<string, string>;
} = require('../data/reference/publiccode-vocabularies.json');

export interface AlternativeDescription {
  localised_name: string | null;
  short_description: string | null;
  long_description: string | null;
  features: string[];
  documentation: string | null;
}

/** The catalogue fields of one publiccode.yml, named as in the `alternatives` table. */
export interface AlternativeEntry {
  publiccode_yml_version: string;
  name: string;
  /** The repository (publiccode.yml's `url`). */
  url: string;
  repository_url: string;
  landing_url: string | null;
  application_suite: string | null;
  software_version: string | null;
  release_date: string | null;
  logo: string | null;
  software_type: string;
  development_status: string;
  /** `legal.license`, with SPDX identifiers in canonical case. */
  spdx_license: string;
  /** True: the expression parsed against the SPDX licence list (not that anyone checked the code). */
  license_verified: boolean;
  main_copyright_owner: string | null;
  maintenance_type: string;
  contractors: string[];
  /** `maintenance.contractors` with the contract's end (`until`, yyyy-mm-dd) and website: companies, not people. */
  maintenance_contractors: { name: string; until: string; website?: string }[];
  platforms: string[];
  categories: string[];
  used_by: string[];
  intended_audience_scope: string[];
  /** `localisation.localisationReady`: the software is ready to be translated. */
  localisation_ready: boolean;
  /** `localisation.availableLanguages`: BCP 47 tags, as the file writes them. */
  available_languages: string[];
  /** Per language key as the file writes it (`da`, `en`, `en-GB`, …). */
  description: Record<string, AlternativeDescription>;
  /**
   * The Danish and English short descriptions (long when there is no short one), each from the
   * block of that language: `da` itself, else a regional block such as `da-DK`.
   */
  description_da: string | null;
  description_en: string | null;
}

export interface PubliccodeResult {
  /** Null when the file has errors. */
  entry: AlternativeEntry | null;
  issues: ImportIssue[];
}

const TOP_LEVEL = new Set([
  'publiccodeYmlVersion', 'name', 'applicationSuite', 'url', 'landingURL', 'isBasedOn', 'softwareVersion', 'releaseDate', 'logo',
  'platforms', 'categories', 'usedBy', 'fundedBy', 'roadmap', 'developmentStatus', 'softwareType', 'intendedAudience', 'description',
  'legal', 'maintenance', 'localisation', 'dependsOn', 'organisation', 'supports',
]);
/** The keys of each nested mapping (schema.core.rst, 0.7); deprecated ones included (they warn). */
const KEYS = {
  description: new Set(['localisedName', 'genericName', 'shortDescription', 'longDescription', 'documentation', 'apiDocumentation', 'features', 'screenshots', 'videos', 'awards', 'freeTags']),
  legal: new Set(['license', 'mainCopyrightOwner', 'repoOwner', 'authorsFile']),
  maintenance: new Set(['type', 'contractors', 'contacts']),
  contractor: new Set(['name', 'email', 'website', 'until']),
  contact: new Set(['name', 'email', 'phone', 'affiliation']),
  localisation: new Set(['localisationReady', 'availableLanguages']),
  intendedAudience: new Set(['countries', 'unsupportedCountries', 'scope']),
  dependsOn: new Set(['open', 'proprietary', 'hardware']),
  dependency: new Set(['name', 'versionMin', 'versionMax', 'version', 'optional']),
  organisation: new Set(['name', 'uri']),
  fundedBy: new Set(['name', 'uri']),
  supports: new Set(['id']),
} satisfies Record<string, ReadonlySet<string>>;

/** Keys the standard has deprecated (os2mo.publiccode.yml still uses some): a warning, not an error. */
const DEPRECATED: Record<string, string | undefined> = {
  monochromeLogo: 'logo',
  inputTypes: undefined,
  outputTypes: undefined,
  'legal.repoOwner': 'organisation',
  'legal.authorsFile': undefined,
  'description.*.genericName': undefined,
  'description.*.freeTags': undefined,
  it: 'IT',
};

const TEXT = { da: 'en tekst', en: 'a text' };
const LIST = { da: 'en liste', en: 'a list' };
const MAP = { da: 'en samling af nøgler', en: 'a mapping of keys' };
const BOOL = { da: 'true eller false', en: 'true or false' };
const TEXT_OR_LIST = { da: 'en tekst eller en liste', en: 'a text or a list' };
/** The forms a value must take, named in the messages. */
const FORM = {
  repoUrl: { da: 'en URL til et repository (https://, git://, ssh:// eller git@…)', en: 'a repository URL (https://, git://, ssh:// or git@…)' },
  httpUrl: { da: 'en http(s)-URL', en: 'an http(s) URL' },
  uri: { da: 'en URI med skema (fx https://… eller urn:…)', en: 'a URI with a scheme (e.g. https://… or urn:…)' },
  date: { da: 'en dato skrevet ÅÅÅÅ-MM-DD', en: 'a date written YYYY-MM-DD' },
  email: { da: 'en e-mailadresse', en: 'an e-mail address' },
  language: { da: 'et BCP 47-sprogkode (fx da, en, en-GB; ikke en_GB)', en: 'a BCP 47 language tag (e.g. da, en, en-GB; not en_GB)' },
  country: { da: 'en ISO 3166-1-landekode med to store bogstaver (fx DK)', en: 'an ISO 3166-1 two-letter country code in capitals (e.g. DK)' },
  mime: { da: 'en MIME-type (fx text/csv)', en: 'a MIME type (e.g. text/csv)' },
  logo: {
    absolute: { da: 'en relativ sti i repository’et eller en http(s)-URL, ikke en absolut sti', en: 'a relative path in the repository or an http(s) URL, not an absolute path' },
    'file-scheme': { da: 'en relativ sti i repository’et eller en http(s)-URL, ikke en file:-URL', en: 'a relative path in the repository or an http(s) URL, not a file: URL' },
    extension: { da: 'et billede i SVG eller PNG (.svg, .svgz, .png)', en: 'an SVG or PNG image (.svg, .svgz, .png)' },
  },
} satisfies Record<string, LocalizedText | Record<string, LocalizedText>>;

type Path = (string | number)[];
const pathText = (p: Path) => p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

/** Parses and validates a publiccode.yml; never throws for bad input. */
export function parsePubliccode(input: Uint8Array | string, options: { fileName?: string; meter?: Meter } = {}): PubliccodeResult {
  const file = options.fileName;
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_PUBLICCODE_BYTES)
    return { entry: null, issues: [{ ...(file !== undefined ? { file } : {}), severity: 'error', code: 'file-too-large', message: msg.fileTooLarge(MAX_PUBLICCODE_BYTES, size) }] };
  const issues: ImportIssue[] = [];
  const lc = new LineCounter();
  const base = (line: number | undefined) => ({ ...(file !== undefined ? { file } : {}), ...(line ? { line } : {}) });
  const fatal = (message: LocalizedText, code: ImportIssue['code'], line?: number): PubliccodeResult => ({
    entry: null,
    issues: [{ ...base(line), severity: 'error', code, message }],
  });

  let text: string;
  try {
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return fatal(msg.notUtf8(), 'invalid-encoding');
  }

  // The yaml package recurses per nesting level and compiles a pattern per level: 20,000 nested
  // `[` exhaust the process's memory outright. A linear scan bounds the nesting first.
  const deepAt = yamlNestingPastLimit(text, MAX_YAML_DEPTH, options.meter);
  if (deepAt !== null) return fatal(msg.yamlTooDeep(MAX_YAML_DEPTH), 'nesting-too-deep', deepAt);

  // uniqueKeys off: the yaml package compares every key with every other (quadratic); the walk
  // below finds duplicates with a set. Its error texts never reach a report, only its codes.
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  } catch (e) {
    // The composer recurses: nesting deep enough to exhaust the stack lands here.
    return fatal(e instanceof RangeError ? msg.yamlTooDeep(MAX_YAML_DEPTH) : msg.invalidYaml('IMPOSSIBLE'), e instanceof RangeError ? 'nesting-too-deep' : 'invalid-yaml');
  }
  options.meter?.add(text.length);

  if (doc.errors.length) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line;
      issues.push({ ...base(line), severity: 'error', code: 'invalid-yaml', message: msg.invalidYaml(e.code) });
    }
    return { entry: null, issues: capIssues(issues, file) };
  }

  // One walk over the nodes, with an explicit stack: depth, aliases, duplicate keys and NUL.
  {
    const lineAt = (node: unknown) => {
      const range = (node as { range?: [number, number, number] } | null)?.range;
      return range ? lc.linePos(range[0]).line : undefined;
    };
    let aliases = 0;
    const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
    while (stack.length) {
      const { node, depth } = stack.pop()!;
      options.meter?.add(1);
      if (depth > MAX_YAML_DEPTH) return fatal(msg.yamlTooDeep(MAX_YAML_DEPTH), 'nesting-too-deep', lineAt(node));
      if (isAlias(node)) {
        if (++aliases > MAX_YAML_ALIASES) return fatal(msg.tooManyAliases(MAX_YAML_ALIASES), 'too-many-aliases', lineAt(node));
      } else if (isScalar(node)) {
        if (typeof node.value === 'string' && node.value.includes('\u0000'))
          issues.push({ ...base(lineAt(node)), severity: 'error', code: 'invalid-character', value: truncateValue(node.value), message: msg.invalidCharacter() });
      } else if (isMap(node)) {
        const seen = new Set<unknown>();
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? pair.key.value : pair.key;
          if (isScalar(pair.key) && seen.has(key))
            issues.push({ ...base(lineAt(pair.key)), severity: 'error', code: 'invalid-yaml', value: truncateValue(String(key)), message: msg.invalidYaml('DUPLICATE_KEY') });
          seen.add(key);
          stack.push({ node: pair.key, depth: depth + 1 }, { node: pair.value, depth: depth + 1 });
        }
      } else if (isSeq(node)) {
        for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
      }
    }
    if (issues.length) return { entry: null, issues: capIssues(issues, file) };
  }

  /** Line of the node at `path`, else of its nearest existing parent. */
  const lineOf = (path: Path): number | undefined => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = (p.length ? doc.getIn(p, true) : doc.contents) as { range?: [number, number, number] } | null | undefined;
      if (node && typeof node === 'object' && node.range) return lc.linePos(node.range[0]).line;
      if (!p.length) return undefined;
    }
  };
  const issue = (severity: 'error' | 'warning', code: ImportIssue['code'], path: Path, message: LocalizedText, value?: unknown) => {
    // Past the cap an issue is only counted (capIssues): no line lookup, which walks the mapping,
    // so 30,000 unknown keys stay linear work.
    if (issues.length >= MAX_PUBLICCODE_ISSUES) {
      issues.push({ ...base(undefined), severity, code, message });
      return;
    }
    const i: ImportIssue = { ...base(lineOf(path)), severity, code, column: pathText(path), field: pathText(path), message };
    if (value !== undefined) i.value = truncateValue(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
    issues.push(i);
  };

  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch {
    // The yaml package's own guard: aliases that would expand past the count.
    return fatal(msg.tooManyAliases(MAX_YAML_ALIASES), 'too-many-aliases');
  }
  if (!isObj(root)) {
    issue('error', 'invalid-type', [], msg.invalidType('publiccode.yml', MAP));
    return { entry: null, issues };
  }

  const get = (path: Path): unknown => path.reduce<unknown>((o, k) => (isObj(o) || Array.isArray(o) ? (o as Record<string | number, unknown>)[k] : undefined), root);
  const str = (path: Path, required: boolean): string | null => {
    const v = get(path);
    if (v === undefined || v === null || v === '') {
      if (required) issue('error', 'missing-key', path, msg.missingKey(pathText(path)));
      return null;
    }
    if (typeof v === 'number') {
      // e.g. `softwareVersion: 1.0`: as written, not as the number it parses to ("1").
      const node = doc.getIn(path, true);
      return isScalar(node) && typeof node.source === 'string' ? node.source.trim() : String(v);
    }
    if (typeof v !== 'string') {
      issue('error', 'invalid-type', path, msg.invalidType(pathText(path), TEXT), v);
      return null;
    }
    return v.trim();
  };
  const list = (path: Path, required: boolean): string[] => {
    const v = get(path);
    if (v === undefined || v === null) {
      if (required) issue('error', 'missing-key', path, msg.missingKey(pathText(path)));
      return [];
    }
    if (!Array.isArray(v)) {
      issue('error', 'invalid-type', path, msg.invalidType(pathText(path), LIST), v);
      return [];
    }
    const out: string[] = [];
    v.forEach((item, i) => {
      if (typeof item === 'string' || typeof item === 'number') out.push(String(item).trim());
      else issue('error', 'invalid-type', [...path, i], msg.invalidType(pathText([...path, i]), TEXT), item);
    });
    return out;
  };
  const oneOf = (path: Path, value: string | null, allowed: readonly string[]) => {
    if (value !== null && !allowed.includes(value)) issue('error', 'invalid-value', path, msg.invalidValue(pathText(path), value, allowed), value);
  };
  /** A value of the wrong YAML type: named with the type the standard wants. */
  const wrongType = (path: Path, expected: LocalizedText, v: unknown) => issue('error', 'invalid-type', path, msg.invalidType(pathText(path), expected), v);
  const badFormat = (path: Path, v: string, expected: LocalizedText) => issue('error', 'invalid-value', path, msg.invalidFormat(pathText(path), v, expected), v);
  /**
   * An optional mapping: undefined when absent, an error when of another type. With `keys`, a
   * key outside them is an error, as in the reference parser (a typo would otherwise vanish).
   */
  const optMap = (path: Path, keys?: ReadonlySet<string>): Record<string, unknown> | undefined => {
    const v = get(path);
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) {
      wrongType(path, MAP, v);
      return undefined;
    }
    if (keys) for (const k of Object.keys(v)) if (!keys.has(k)) issue('error', 'unknown-key', [...path, k], msg.unknownNestedKey(pathText([...path, k])));
    return v;
  };
  const url = (path: Path, required: boolean): string | null => {
    const v = str(path, required);
    if (v !== null && !/^(https?|git|ssh):\/\/\S+$|^git@\S+:\S+$/.test(v)) badFormat(path, v, FORM.repoUrl);
    return v;
  };
  const httpUrl = (path: Path, required = false): string | null => {
    const v = str(path, required);
    if (v !== null && !isHttpUrl(v)) badFormat(path, v, FORM.httpUrl);
    return v;
  };
  const date = (path: Path, required: boolean): string | null => {
    const v = get(path);
    if (v === '') {
      badFormat(path, v, FORM.date);
      return null;
    }
    const s = str(path, required);
    if (s !== null && !isDate(s)) badFormat(path, s, FORM.date);
    return s;
  };
  const email = (path: Path) => {
    const v = str(path, false);
    if (v !== null && !isEmail(v)) badFormat(path, v, FORM.email);
  };
  const uri = (path: Path, required: boolean) => {
    const v = str(path, required);
    if (v !== null && !isUri(v)) badFormat(path, v, FORM.uri);
  };
  const logo = (key: 'logo' | 'monochromeLogo'): string | null => {
    const v = str([key], false);
    const problem = v === null ? null : logoProblem(v);
    if (v !== null && problem) badFormat([key], v, FORM.logo[problem]);
    return v;
  };
  /** A list of languages (`availableLanguages`): every one a BCP 47 tag. */
  const languageList = (path: Path, required: boolean): string[] => {
    const v = list(path, required);
    if (required && Array.isArray(get(path)) && !v.length && !(get(path) as unknown[]).length) issue('error', 'missing-key', path, msg.emptyList(pathText(path)));
    v.forEach((tag, i) => {
      if (!bcp47Language(tag)) badFormat([...path, i], tag, FORM.language);
    });
    return v;
  };
  const countries = (path: Path) =>
    list(path, false).forEach((c, i) => {
      const verdict = countryCode(c);
      if (verdict === 'invalid') badFormat([...path, i], c, FORM.country);
      else if (verdict === 'lowercase') issue('warning', 'invalid-value', [...path, i], msg.lowercaseCountry(pathText([...path, i]), c), c);
    });

  // Unknown and deprecated keys. The standard's reference parser refuses a key it doesn't know
  // (a typo like `landingUrl` would otherwise vanish); country sections (two capitals) are kept.
  for (const key of Object.keys(root)) {
    if (key in DEPRECATED) issue('warning', 'deprecated-key', [key], msg.deprecatedKey(key, DEPRECATED[key]));
    else if (!TOP_LEVEL.has(key) && !/^[A-Z]{2}$/.test(key)) issue('error', 'unknown-key', [key], msg.unknownKeyRefused(key));
  }
  const legal = optMap(['legal'], KEYS.legal);
  for (const key of ['repoOwner', 'authorsFile']) if (legal?.[key] !== undefined) issue('warning', 'deprecated-key', ['legal', key], msg.deprecatedKey(`legal.${key}`, DEPRECATED[`legal.${key}`]));

  // publiccodeYmlVersion: a string; an unquoted number parses as a number, which we accept with a warning.
  let version: string | null = null;
  const rawVersion = get(['publiccodeYmlVersion']);
  if (typeof rawVersion === 'number') {
    version = String(rawVersion);
    issue('warning', 'invalid-type', ['publiccodeYmlVersion'], msg.versionAsNumber('publiccodeYmlVersion'), rawVersion);
  } else version = str(['publiccodeYmlVersion'], true);
  oneOf(['publiccodeYmlVersion'], version, VOCAB.publiccodeYmlVersionsAcceptedByParser);

  const name = str(['name'], true);
  const applicationSuite = str(['applicationSuite'], false);
  const repo = url(['url'], true);
  const landing = httpUrl(['landingURL']);
  httpUrl(['roadmap']);
  const softwareVersion = str(['softwareVersion'], false);
  const releaseDate = date(['releaseDate'], false);
  const logoPath = logo('logo');
  logo('monochromeLogo');

  // isBasedOn: one URL or a list of them.
  const basedOn = get(['isBasedOn']);
  if (typeof basedOn === 'string') {
    if (!isUri(basedOn.trim())) badFormat(['isBasedOn', 0], basedOn, FORM.uri);
  } else if (basedOn !== undefined && basedOn !== null && !Array.isArray(basedOn)) wrongType(['isBasedOn'], TEXT_OR_LIST, basedOn);
  else list(['isBasedOn'], false).forEach((u, i) => isUri(u) || badFormat(['isBasedOn', i], u, FORM.uri));
  for (const key of ['inputTypes', 'outputTypes'])
    list([key], false).forEach((t, i) => isMimeType(t) || badFormat([key, i], t, FORM.mime));

  // supports: the laws and platforms the software supports, each a URI or an `alias:` of the standard's list.
  const supports = get(['supports']);
  if (supports !== undefined && supports !== null && !Array.isArray(supports)) wrongType(['supports'], LIST, supports);
  else if (Array.isArray(supports))
    supports.forEach((_, i) => {
      if (!optMap(['supports', i], KEYS.supports)) return;
      const id = str(['supports', i, 'id'], true);
      if (id === null) return;
      if (id.startsWith('alias:')) oneOf(['supports', i, 'id'], id, Object.keys(VOCAB.supportsAliases).map((a) => `alias:${a}`));
      else if (!isUri(id)) badFormat(['supports', i, 'id'], id, FORM.uri);
    });

  const softwareType = str(['softwareType'], true);
  oneOf(['softwareType'], softwareType, VOCAB.softwareType);
  const developmentStatus = str(['developmentStatus'], true);
  oneOf(['developmentStatus'], developmentStatus, VOCAB.developmentStatus);
  // Platforms: the standard suggests values but allows others; at least one.
  const platforms = list(['platforms'], true);
  if (Array.isArray(get(['platforms'])) && !platforms.length) issue('error', 'missing-key', ['platforms'], msg.emptyList('platforms'));
  const categories = list(['categories'], false);
  categories.forEach((c, i) => oneOf(['categories', i], c, VOCAB.categories));
  const usedBy = list(['usedBy'], false);

  // Who made and paid for it: each with a URI (a URL or a URN).
  if (optMap(['organisation'], KEYS.organisation)) {
    str(['organisation', 'name'], false);
    uri(['organisation', 'uri'], true);
  }
  const fundedBy = get(['fundedBy']);
  if (fundedBy !== undefined && fundedBy !== null && !Array.isArray(fundedBy)) wrongType(['fundedBy'], LIST, fundedBy);
  else if (Array.isArray(fundedBy))
    fundedBy.forEach((_, i) => {
      if (!optMap(['fundedBy', i], KEYS.fundedBy)) return;
      str(['fundedBy', i, 'name'], false);
      uri(['fundedBy', i, 'uri'], true);
    });

  let scope: string[] = [];
  if (optMap(['intendedAudience'], KEYS.intendedAudience)) {
    scope = list(['intendedAudience', 'scope'], false);
    scope.forEach((s, i) => oneOf(['intendedAudience', 'scope', i], s, VOCAB.intendedAudienceScope));
    countries(['intendedAudience', 'countries']);
    countries(['intendedAudience', 'unsupportedCountries']);
  }

  // legal.license: an SPDX expression.
  const license = legal === undefined && get(['legal']) !== undefined && get(['legal']) !== null ? null : str(['legal', 'license'], true);
  let spdx: string | null = null;
  if (license !== null) {
    const r = parseSpdx(license);
    if (!r.ok) issue('error', 'invalid-license', ['legal', 'license'], r.message, license);
    else {
      spdx = r.value.expression;
      if (r.value.deprecated.length) issue('warning', 'deprecated-license', ['legal', 'license'], msg.deprecatedSpdx(r.value.deprecated), license);
    }
  }
  const copyrightOwner = legal ? str(['legal', 'mainCopyrightOwner'], false) : null;

  // maintenance: a type from the vocabulary; contractors for `contract` (and only then), contacts for internal/community.
  const maintenance = optMap(['maintenance'], KEYS.maintenance);
  const maintenanceType = maintenance || get(['maintenance']) === undefined || get(['maintenance']) === null ? str(['maintenance', 'type'], true) : null;
  oneOf(['maintenance', 'type'], maintenanceType, VOCAB.maintenanceType);
  const contractors: string[] = [];
  const contractorTerms: AlternativeEntry['maintenance_contractors'] = [];
  const rawContractors = maintenance?.contractors;
  if (rawContractors !== undefined && rawContractors !== null && !Array.isArray(rawContractors)) wrongType(['maintenance', 'contractors'], LIST, rawContractors);
  else if (maintenanceType === 'contract' && !Array.isArray(rawContractors)) issue('error', 'missing-key', ['maintenance', 'contractors'], msg.missingKey('maintenance.contractors'));
  else if (Array.isArray(rawContractors) && maintenanceType !== null && maintenanceType !== 'contract')
    issue('error', 'invalid-value', ['maintenance', 'contractors'], msg.contractorsOnlyForContract(maintenanceType));
  if (Array.isArray(rawContractors))
    rawContractors.forEach((_, i) => {
      const p = ['maintenance', 'contractors', i];
      if (!optMap(p, KEYS.contractor)) return;
      const n = str([...p, 'name'], true);
      if (n) contractors.push(n);
      const until = date([...p, 'until'], true);
      email([...p, 'email']);
      const website = httpUrl([...p, 'website']);
      if (n && until) contractorTerms.push({ name: n, until, ...(website ? { website } : {}) });
    });
  const rawContacts = maintenance?.contacts;
  if (rawContacts !== undefined && rawContacts !== null && !Array.isArray(rawContacts)) wrongType(['maintenance', 'contacts'], LIST, rawContacts);
  else if ((maintenanceType === 'internal' || maintenanceType === 'community') && !Array.isArray(rawContacts))
    issue('error', 'missing-key', ['maintenance', 'contacts'], msg.missingKey('maintenance.contacts'));
  if (Array.isArray(rawContacts))
    rawContacts.forEach((_, i) => {
      const p = ['maintenance', 'contacts', i];
      if (!optMap(p, KEYS.contact)) return;
      str([...p, 'name'], true);
      email([...p, 'email']);
      str([...p, 'phone'], false);
      str([...p, 'affiliation'], false);
    });

  // localisation
  const localisation = optMap(['localisation'], KEYS.localisation);
  let localisationReady: boolean | null = null;
  const ready = localisation?.localisationReady;
  if (ready === undefined || ready === null) issue('error', 'missing-key', ['localisation', 'localisationReady'], msg.missingKey('localisation.localisationReady'));
  else if (typeof ready !== 'boolean') issue('error', 'invalid-type', ['localisation', 'localisationReady'], msg.invalidType('localisation.localisationReady', BOOL), ready);
  else localisationReady = ready;
  const languages = localisation || get(['localisation']) === undefined || get(['localisation']) === null ? languageList(['localisation', 'availableLanguages'], true) : [];

  // description: per BCP 47 language, a short and a long description and the features.
  const description: Record<string, AlternativeDescription> = {};
  const rawDescription = get(['description']);
  if (rawDescription === undefined || rawDescription === null) issue('error', 'missing-key', ['description'], msg.missingKey('description'));
  else if (!isObj(rawDescription) || !Object.keys(rawDescription).length) issue('error', 'invalid-type', ['description'], msg.invalidType('description', MAP));
  else {
    for (const lang of Object.keys(rawDescription)) {
      const p = ['description', lang];
      if (!bcp47Language(lang)) badFormat(p, lang, FORM.language);
      if (!isObj(get(p))) {
        issue('error', 'invalid-type', p, msg.invalidType(pathText(p), MAP));
        continue;
      }
      optMap(p, KEYS.description);
      for (const key of ['genericName', 'freeTags']) if (get([...p, key]) !== undefined) issue('warning', 'deprecated-key', [...p, key], msg.deprecatedKey(`description.${lang}.${key}`));
      const genericName = str([...p, 'genericName'], false);
      if (genericName && graphemeCount(genericName, 35) > 35) issue('error', 'invalid-value', [...p, 'genericName'], msg.textTooLong(`description.${lang}.genericName`, 35), genericName);
      const short = str([...p, 'shortDescription'], true);
      const long = str([...p, 'longDescription'], true);
      if (short && graphemeCount(short, 150) > 150) issue('warning', 'invalid-value', [...p, 'shortDescription'], msg.textTooLong(`description.${lang}.shortDescription`, 150), short);
      if (long) {
        const n = graphemeCount(long, 10_000);
        if (n > 10_000) issue('error', 'invalid-value', [...p, 'longDescription'], msg.textTooLong(`description.${lang}.longDescription`, 10_000), long);
        else if (n < 150) issue('error', 'invalid-value', [...p, 'longDescription'], msg.textTooShort(`description.${lang}.longDescription`, 150, n), long);
      }
      const features = list([...p, 'features'], true);
      if (Array.isArray(get([...p, 'features'])) && !features.length) issue('error', 'missing-key', [...p, 'features'], msg.emptyList(`description.${lang}.features`));
      for (const key of ['awards', 'screenshots', 'freeTags']) list([...p, key], false);
      list([...p, 'videos'], false).forEach((v, i) => isHttpUrl(v) || badFormat([...p, 'videos', i], v, FORM.httpUrl));
      description[lang] = {
        localised_name: str([...p, 'localisedName'], false),
        short_description: short,
        long_description: long,
        features,
        documentation: httpUrl([...p, 'documentation']),
      };
      httpUrl([...p, 'apiDocumentation']);
    }
  }

  // dependsOn: versions may be written as numbers (`version: 23`); accepted as text.
  const dependsOn = optMap(['dependsOn'], KEYS.dependsOn);
  if (dependsOn)
    for (const kind of Object.keys(dependsOn)) {
      const items = dependsOn[kind];
      if (!Array.isArray(items)) {
        issue('error', 'invalid-type', ['dependsOn', kind], msg.invalidType(`dependsOn.${kind}`, LIST));
        continue;
      }
      items.forEach((_, i) => {
        if (!optMap(['dependsOn', kind, i], KEYS.dependency)) return;
        str(['dependsOn', kind, i, 'name'], true);
        for (const k of ['version', 'versionMin', 'versionMax']) str(['dependsOn', kind, i, k], false);
        const optional = get(['dependsOn', kind, i, 'optional']);
        if (optional !== undefined && optional !== null && typeof optional !== 'boolean') wrongType(['dependsOn', kind, i, 'optional'], BOOL, optional);
      });
    }

  issues.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  // Every field is read above, before this check: an entry is returned only without errors.
  if (issues.some((i) => i.severity === 'error')) return { entry: null, issues: capIssues(issues, file) };
  const entry: AlternativeEntry = {
    publiccode_yml_version: version!,
    name: name!,
    url: repo!,
    repository_url: repo!,
    landing_url: landing,
    application_suite: applicationSuite,
    software_version: softwareVersion,
    release_date: releaseDate,
    logo: logoPath,
    software_type: softwareType!,
    development_status: developmentStatus!,
    spdx_license: spdx!,
    license_verified: true,
    main_copyright_owner: copyrightOwner,
    maintenance_type: maintenanceType!,
    contractors,
    maintenance_contractors: contractorTerms,
    platforms,
    categories,
    used_by: usedBy,
    intended_audience_scope: scope,
    localisation_ready: localisationReady!,
    available_languages: languages,
    description,
    description_da: pickLanguage(description, 'da'),
    description_en: pickLanguage(description, 'en'),
  };
  return { entry, issues: capIssues(issues, file) };
}

/**
 * A linear over-estimate of a YAML text's nesting, without parsing it: open flow brackets (`[`,
 * `{`) outside quotes and comments, plus the block indentation levels and compact `- ` entries of
 * each line. Block scalars (`|`, `>`) and quoted scalars are skipped. Where a character's role is
 * unclear it counts as nesting, so the estimate errs high, never low. Returns the line on which
 * the nesting passes `limit`, or null.
 */
export function yamlNestingPastLimit(text: string, limit: number, meter?: Meter): number | null {
  const n = text.length;
  const indents: number[] = [];
  let flow = 0;
  let line = 1;
  let blockScalarIndent = -1;
  let i = 0;
  const eol = () => {
    while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  };
  const newline = () => {
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i++;
    i++;
    line++;
  };
  while (i < n) {
    meter?.add(1);
    let indent = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      indent++;
      i++;
    }
    if (i >= n) break;
    let c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      newline();
      continue;
    }
    if (blockScalarIndent >= 0) {
      if (indent > blockScalarIndent) {
        eol();
        continue;
      }
      blockScalarIndent = -1;
    }
    if (c === 35 /* # */) {
      eol();
      continue;
    }
    if (flow === 0) {
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
    }
    let compact = 0;
    let scalarStart = true;
    let prevSpace = true;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      if (c === 10 || c === 13) break;
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 10;
      const spaceNext = next === 32 || next === 10 || next === 13 || next === 9;
      if (c === 32 || c === 9) {
        prevSpace = true;
        continue;
      }
      if (c === 35 && prevSpace) {
        eol();
        break;
      }
      prevSpace = false;
      if ((c === 34 || c === 39) && scalarStart) {
        // A quoted scalar, possibly over several lines: `\"` escapes in double quotes, `''` in single.
        for (i++; i < n; i++) {
          const q = text.charCodeAt(i);
          if (q === 10 || (q === 13 && text.charCodeAt(i + 1) !== 10)) line++;
          if (c === 34 && q === 92) i++;
          else if (q === c) {
            if (c === 39 && text.charCodeAt(i + 1) === 39) i++;
            else break;
          }
        }
        scalarStart = false;
        continue;
      }
      if (c === 91 || c === 123) {
        flow++;
        if (flow + indents.length + compact > limit) return line;
        scalarStart = true;
      } else if (c === 93 || c === 125) {
        if (flow > 0) flow--;
        scalarStart = false;
      } else if (c === 44 && flow > 0) scalarStart = true;
      else if (c === 45 && scalarStart && spaceNext && flow === 0) {
        if (flow + indents.length + ++compact > limit) return line;
      }
      else if ((c === 58 || c === 63) && (spaceNext || flow > 0)) scalarStart = true;
      else if ((c === 124 || c === 62) && scalarStart && flow === 0) {
        blockScalarIndent = indent;
        eol();
        break;
      } else if (c === 38 || c === 33 || c === 42) {
        // an anchor, tag or alias: its name, then (for anchors and tags) the node
        while (i + 1 < n && ![32, 9, 10, 13, 44, 91, 93, 123, 125].includes(text.charCodeAt(i + 1))) i++;
      } else scalarStart = false;
    }
    if (flow + indents.length + compact > limit) return line;
    if (i < n) newline();
  }
  return null;
}

/** At most MAX_PUBLICCODE_ISSUES issues, then one that counts the rest (an error if any of them is). */
function capIssues(issues: ImportIssue[], file: string | undefined): ImportIssue[] {
  if (issues.length <= MAX_PUBLICCODE_ISSUES) return issues;
  const rest = issues.slice(MAX_PUBLICCODE_ISSUES);
  return [
    ...issues.slice(0, MAX_PUBLICCODE_ISSUES),
    {
      ...(file !== undefined ? { file } : {}),
      severity: rest.some((i) => i.severity === 'error') ? 'error' : 'warning',
      code: 'too-many-issues',
      message: msg.tooManyIssues(MAX_PUBLICCODE_ISSUES, rest.length),
    },
  ];
}

/** The short (else long) description of a language: its own block (`da`), else a regional one (`da-DK`). */
function pickLanguage(description: Record<string, AlternativeDescription>, lang: string): string | null {
  const key = lang in description ? lang : Object.keys(description).find((k) => k.split('-')[0]!.toLowerCase() === lang);
  const d = key === undefined ? undefined : description[key];
  return d?.short_description ?? d?.long_description ?? null;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
