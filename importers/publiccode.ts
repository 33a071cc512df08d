// publiccode.yml → an open-source catalogue entry, validated against the publiccode.yml
// vocabularies (data/reference/publiccode-vocabularies.json); every issue names the key path and line.
import { createRequire } from 'node:module';
import { LineCounter, parseDocument } from 'yaml';
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
export function parsePubliccode(input: Uint8Array | string, options: { fileName?: string } = {}): PubliccodeResult {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  const file = options.fileName;
  const issues: ImportIssue[] = [];
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });

  const base = (line: number | undefined) => ({ ...(file !== undefined ? { file } : {}), ...(line ? { line } : {}) });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line;
      issues.push({ ...base(line), severity: 'error', code: 'invalid-yaml', message: msg.invalidYaml(e.message.split('\n')[0] ?? e.code) });
    }
    return { entry: null, issues };
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

  const root: unknown = doc.toJS();
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
  if (issues.some((i) => i.severity === 'error')) return { entry: null, issues };
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
  return { entry, issues };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
