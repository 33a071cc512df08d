// publiccode.yml → an open-source catalogue entry, validated against the publiccode.yml
// vocabularies (data/reference/publiccode-vocabularies.json); every issue names the key path and line.
import { createRequire } from 'node:module';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { MAX_PUBLICCODE_BYTES, MAX_PUBLICCODE_ISSUES, MAX_YAML_ALIASES, MAX_YAML_DEPTH, type Meter } from './limits.ts';
import { msg } from './messages.ts';
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
  platforms: string[];
  categories: string[];
  used_by: string[];
  intended_audience_scope: string[];
  available_languages: string[];
  /** Per language code (`da`, `en`, …). */
  description: Record<string, AlternativeDescription>;
  /** The Danish and English short descriptions (long when there is no short one). */
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
  'legal', 'maintenance', 'localisation', 'dependsOn', 'organisation',
]);
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

type Path = (string | number)[];
const pathText = (p: Path) => p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

/** Parses and validates a publiccode.yml; never throws for bad input. */
export function parsePubliccode(input: Uint8Array | string, options: { fileName?: string; meter?: Meter } = {}): PubliccodeResult {
  const file = options.fileName;
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_PUBLICCODE_BYTES)
    return { entry: null, issues: [{ ...(file !== undefined ? { file } : {}), severity: 'error', code: 'file-too-large', message: msg.fileTooLarge(MAX_PUBLICCODE_BYTES, size) }] };
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  const issues: ImportIssue[] = [];
  const lc = new LineCounter();
  const base = (line: number | undefined) => ({ ...(file !== undefined ? { file } : {}), ...(line ? { line } : {}) });
  const fatal = (message: LocalizedText, code: ImportIssue['code'], line?: number): PubliccodeResult => ({
    entry: null,
    issues: [{ ...base(line), severity: 'error', code, message }],
  });

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
    if (typeof v === 'number') return String(v); // e.g. `softwareVersion: 1.0`
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
  const url = (path: Path, required: boolean): string | null => {
    const v = str(path, required);
    if (v !== null && !/^(https?|git|ssh):\/\/\S+$|^git@\S+:\S+$/.test(v)) issue('error', 'invalid-value', path, msg.invalidValue(pathText(path), v), v);
    return v;
  };

  // Unknown and deprecated keys.
  for (const key of Object.keys(root)) {
    if (key in DEPRECATED) issue('warning', 'deprecated-key', [key], msg.deprecatedKey(key, DEPRECATED[key]));
    else if (!TOP_LEVEL.has(key) && !/^[A-Z]{2}$/.test(key)) issue('warning', 'unknown-key', [key], msg.unknownKey(key));
  }
  for (const key of ['repoOwner', 'authorsFile']) if (get(['legal', key]) !== undefined) issue('warning', 'deprecated-key', ['legal', key], msg.deprecatedKey(`legal.${key}`, DEPRECATED[`legal.${key}`]));

  // publiccodeYmlVersion: a string; an unquoted number parses as a number, which we accept with a warning.
  let version: string | null = null;
  const rawVersion = get(['publiccodeYmlVersion']);
  if (typeof rawVersion === 'number') {
    version = String(rawVersion);
    issue('warning', 'invalid-type', ['publiccodeYmlVersion'], msg.versionAsNumber('publiccodeYmlVersion'), rawVersion);
  } else version = str(['publiccodeYmlVersion'], true);
  oneOf(['publiccodeYmlVersion'], version, VOCAB.publiccodeYmlVersionsAcceptedByParser);

  const name = str(['name'], true);
  const repo = url(['url'], true);
  const landing = url(['landingURL'], false);
  const releaseDate = str(['releaseDate'], false);
  if (releaseDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(releaseDate)) issue('error', 'invalid-value', ['releaseDate'], msg.invalidValue('releaseDate', releaseDate), releaseDate);

  const softwareType = str(['softwareType'], true);
  oneOf(['softwareType'], softwareType, VOCAB.softwareType);
  const developmentStatus = str(['developmentStatus'], true);
  oneOf(['developmentStatus'], developmentStatus, VOCAB.developmentStatus);
  // Platforms: the standard suggests values but allows others.
  const platforms = list(['platforms'], true);
  const categories = list(['categories'], false);
  categories.forEach((c, i) => oneOf(['categories', i], c, VOCAB.categories));
  const scope = list(['intendedAudience', 'scope'], false);
  scope.forEach((s, i) => oneOf(['intendedAudience', 'scope', i], s, VOCAB.intendedAudienceScope));

  // legal.license: an SPDX expression.
  const license = str(['legal', 'license'], true);
  let spdx: string | null = null;
  if (license !== null) {
    const r = parseSpdx(license);
    if (!r.ok) issue('error', 'invalid-license', ['legal', 'license'], r.message, license);
    else {
      spdx = r.value.expression;
      if (r.value.deprecated.length) issue('warning', 'deprecated-license', ['legal', 'license'], msg.deprecatedSpdx(r.value.deprecated), license);
    }
  }

  // maintenance: a type from the vocabulary; contractors for `contract`, contacts for internal/community.
  const maintenanceType = str(['maintenance', 'type'], true);
  oneOf(['maintenance', 'type'], maintenanceType, VOCAB.maintenanceType);
  const contractors: string[] = [];
  const rawContractors = get(['maintenance', 'contractors']);
  if (maintenanceType === 'contract' && !Array.isArray(rawContractors)) issue('error', 'missing-key', ['maintenance', 'contractors'], msg.missingKey('maintenance.contractors'));
  if (Array.isArray(rawContractors))
    rawContractors.forEach((_, i) => {
      const n = str(['maintenance', 'contractors', i, 'name'], true);
      if (n) contractors.push(n);
      str(['maintenance', 'contractors', i, 'until'], true);
    });
  if ((maintenanceType === 'internal' || maintenanceType === 'community') && !Array.isArray(get(['maintenance', 'contacts'])))
    issue('error', 'missing-key', ['maintenance', 'contacts'], msg.missingKey('maintenance.contacts'));

  // localisation
  const ready = get(['localisation', 'localisationReady']);
  if (ready === undefined) issue('error', 'missing-key', ['localisation', 'localisationReady'], msg.missingKey('localisation.localisationReady'));
  else if (typeof ready !== 'boolean') issue('error', 'invalid-type', ['localisation', 'localisationReady'], msg.invalidType('localisation.localisationReady', BOOL), ready);
  const languages = list(['localisation', 'availableLanguages'], true);

  // description: per language, a short and a long description.
  const description: Record<string, AlternativeDescription> = {};
  const rawDescription = get(['description']);
  if (rawDescription === undefined) issue('error', 'missing-key', ['description'], msg.missingKey('description'));
  else if (!isObj(rawDescription) || !Object.keys(rawDescription).length) issue('error', 'invalid-type', ['description'], msg.invalidType('description', MAP));
  else {
    for (const lang of Object.keys(rawDescription)) {
      const p = ['description', lang];
      if (!isObj(get(p))) {
        issue('error', 'invalid-type', p, msg.invalidType(pathText(p), MAP));
        continue;
      }
      for (const key of ['genericName', 'freeTags']) if (get([...p, key]) !== undefined) issue('warning', 'deprecated-key', [...p, key], msg.deprecatedKey(`description.${lang}.${key}`));
      const short = str([...p, 'shortDescription'], true);
      const long = str([...p, 'longDescription'], true);
      if (short && short.length > 150) issue('warning', 'invalid-value', [...p, 'shortDescription'], msg.textTooLong(`description.${lang}.shortDescription`, 150), short);
      if (long && long.length > 10_000) issue('warning', 'invalid-value', [...p, 'longDescription'], msg.textTooLong(`description.${lang}.longDescription`, 10_000), long);
      description[lang] = {
        localised_name: str([...p, 'localisedName'], false),
        short_description: short,
        long_description: long,
        features: list([...p, 'features'], false),
        documentation: url([...p, 'documentation'], false),
      };
    }
  }

  // dependsOn: versions may be written as numbers (`version: 23`); accepted as text.
  const dependsOn = get(['dependsOn']);
  if (dependsOn !== undefined && !isObj(dependsOn)) issue('error', 'invalid-type', ['dependsOn'], msg.invalidType('dependsOn', MAP));
  else if (isObj(dependsOn))
    for (const kind of Object.keys(dependsOn)) {
      const items = dependsOn[kind];
      if (!Array.isArray(items)) {
        issue('error', 'invalid-type', ['dependsOn', kind], msg.invalidType(`dependsOn.${kind}`, LIST));
        continue;
      }
      items.forEach((_, i) => {
        str(['dependsOn', kind, i, 'name'], true);
        for (const k of ['version', 'versionMin', 'versionMax']) str(['dependsOn', kind, i, k], false);
      });
    }

  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (issues.some((i) => i.severity === 'error')) return { entry: null, issues: capIssues(issues, file) };
  const pick = (lang: string) => description[lang]?.short_description ?? description[lang]?.long_description ?? null;
  const entry: AlternativeEntry = {
    publiccode_yml_version: version!,
    name: name!,
    url: repo!,
    repository_url: repo!,
    landing_url: landing,
    application_suite: str(['applicationSuite'], false),
    software_version: str(['softwareVersion'], false),
    release_date: releaseDate,
    logo: str(['logo'], false),
    software_type: softwareType!,
    development_status: developmentStatus!,
    spdx_license: spdx!,
    license_verified: true,
    main_copyright_owner: str(['legal', 'mainCopyrightOwner'], false),
    maintenance_type: maintenanceType!,
    contractors,
    platforms,
    categories,
    used_by: list(['usedBy'], false),
    intended_audience_scope: scope,
    available_languages: languages,
    description,
    description_da: pick('da'),
    description_en: pick('en'),
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

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
