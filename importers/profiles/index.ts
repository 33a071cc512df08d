// The profile registry: detect which profile a header row fits best, and turn header + profile +
// user mapping into a column plan (which parser runs on which column) computed once per file.
import type { Meter } from '../limits.ts';
import { msg } from '../messages.ts';
import type { ImportIssue, LocalizedText } from '../types.ts';
import { applyField, type CellContext, EXTRA_FIELD, type FieldDef, report, type RowState } from './fields.ts';
import { genericContracts, genericUsages } from './generic.ts';
import { kitosContracts } from './kitos-contracts.ts';
import { kitosSystems } from './kitos-systems.ts';
import { foldAlias, foldHeader, indexProfile, type Profile, type ProfileId } from './profile.ts';
import { personalColumns } from './roles.ts';

export type { Profile, ProfileId } from './profile.ts';
export { foldHeader } from './profile.ts';

/**
 * In tie-break order. A KITOS file wins on score anyway (its titles are exact there, only aliases
 * in the generic profiles); a tie means nothing tells them apart, and the generic profile is the
 * safer reading then.
 */
export const PROFILES: readonly Profile[] = [genericUsages, genericContracts, kitosSystems, kitosContracts];
const INDEX = new Map(PROFILES.map((p) => [p.id, indexProfile(p)]));

export function getProfile(id: string): Profile | undefined {
  return PROFILES.find((p) => p.id === id);
}

export type MappingHow = 'exact' | 'alias' | 'user' | 'unknown';

/**
 * How one source column was mapped. `target` is a field id, `extra` (kept verbatim), null
 * (unknown, kept verbatim), `roles_filled` (a role column: only whether it is filled) or
 * `dropped` (a person column, never kept).
 */
export interface ColumnMapping {
  source: string;
  target: string | null;
  how: MappingHow;
}

/** A user mapping: source header → field id (or `extra`). Headers match after folding. */
export type UserMapping = Readonly<Record<string, string>>;

/**
 * Parses CLI/API mapping text: `Systemnavn=system_name` pairs, one per argument or separated by `;`
 * or new lines. Commas are not separators because header titles contain them.
 */
export function parseMappingArg(...texts: string[]): { mapping: Record<string, string>; errors: LocalizedText[] } {
  const mapping: Record<string, string> = {};
  const errors: LocalizedText[] = [];
  for (const text of texts) {
    for (const item of text.split(/[\n;]/)) {
      if (!item.trim()) continue;
      const eq = item.lastIndexOf('=');
      const source = item.slice(0, eq).trim();
      const target = item.slice(eq + 1).trim();
      if (eq < 0 || !source || !target) errors.push(msg.invalidMappingSyntax(item.trim()));
      else mapping[source] = target;
    }
  }
  return { mapping, errors };
}

/** Which field a header means in a profile (null: unknown), and how sure we are. */
export function matchHeader(profile: Profile, header: string): { field: string | null; how: MappingHow } {
  const idx = INDEX.get(profile.id)!;
  const exact = idx.exact.get(foldHeader(header));
  if (exact) return { field: exact, how: 'exact' };
  const alias = idx.aliases.get(foldAlias(header));
  if (alias) return { field: alias, how: 'alias' };
  if (profile.knownPatterns.some((re) => re.test(header.trim()))) return { field: 'extra', how: 'exact' };
  return { field: null, how: 'unknown' };
}

/** Folded header → the first column that has it: one pass, so a mapping costs no scan per entry. */
function firstColumnOf(headers: readonly string[]): Map<string, number> {
  const first = new Map<string, number>();
  for (let i = 0; i < headers.length; i++) {
    const f = foldHeader(headers[i]!);
    if (!first.has(f)) first.set(f, i);
  }
  return first;
}

function userTargets(headers: readonly string[], mapping: UserMapping | undefined): Map<number, string> {
  const out = new Map<number, string>();
  if (!mapping) return out;
  const first = firstColumnOf(headers);
  for (const [source, target] of Object.entries(mapping)) {
    const i = first.get(foldHeader(source));
    if (i !== undefined) out.set(i, target);
  }
  return out;
}

/**
 * Unique report keys for the columns: the header as written, `Kolonne N` for a blank one, and
 * `Name (2)`, `Name (3)` … for repeats. Linear: each name remembers the next number to try, and a
 * number only moves forwards, so all the probes together are at most twice the columns.
 */
export function columnKeys(header: readonly string[], meter?: Meter): string[] {
  const used = new Set<string>();
  const next = new Map<string, number>();
  const keys = new Array<string>(header.length);
  for (let index = 0; index < header.length; index++) {
    const base = header[index]!.trim() || `Kolonne ${index + 1}`;
    let key = base;
    if (used.has(key)) {
      let n = next.get(base) ?? 2;
      for (key = `${base} (${n})`; used.has(key); key = `${base} (${n})`) {
        n++;
        meter?.add(1);
      }
      next.set(base, n + 1);
    }
    meter?.add(1);
    used.add(key);
    keys[index] = key;
  }
  return keys;
}

export interface ProfileScore {
  profile: ProfileId;
  /** 2 per exactly known title, 1 per alias: a header row of the profile's own titles wins. */
  score: number;
  /** Required fields without a column. */
  missing: string[];
}

/** How well a header row fits a profile (used for detection and to pick an HTML table). */
export function scoreHeaders(headers: readonly string[], profile: Profile, mapping?: UserMapping): ProfileScore {
  const user = userTargets(headers, mapping);
  let score = 0;
  const found = new Set<string>();
  headers.forEach((h, i) => {
    const u = user.get(i);
    if (u !== undefined) {
      if (profile.fields.has(u)) {
        found.add(u);
        score += 2;
      }
      return;
    }
    if (!h.trim()) return;
    const m = matchHeader(profile, h);
    if (m.how === 'exact') score += 2;
    else if (m.how === 'alias') score += 1;
    if (m.field) found.add(m.field);
  });
  return { profile: profile.id, score, missing: profile.required.filter((f) => !found.has(f)) };
}

/** Picks the best profile: the highest score among those whose required columns are all present. */
export function detectProfile(headers: readonly string[], mapping?: UserMapping): { profile: Profile; scores: ProfileScore[] } {
  const scores = PROFILES.map((p) => scoreHeaders(headers, p, mapping));
  let best = -1;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s.missing.length === 0 && (best < 0 || s.score > scores[best]!.score)) best = i;
  }
  if (best < 0) for (let i = 0; i < scores.length; i++) if (best < 0 || scores[i]!.score > scores[best]!.score) best = i;
  return { profile: PROFILES[best]!, scores };
}

// ---------------------------------------------------------------------------------------------
// Column plan

export interface ColumnPlan {
  index: number;
  field: FieldDef;
  cx: CellContext;
}

export interface Plan {
  profile: Profile;
  columns: ColumnPlan[];
  mapping: ColumnMapping[];
  /** Header-level issues: unknown and duplicate columns (warnings), missing required columns and bad mappings (errors). */
  issues: ImportIssue[];
  /** The header makes the file unusable (a required column is missing, a mapping is invalid). */
  fatal: boolean;
  /** Column of each field id, for row-level messages about a field ("system name missing"). */
  columnOf: Map<string, string>;
  /** Whether a usage sheet carries contract terms (one contract per row). */
  hasContractTerms: boolean;
}

export interface PlanOptions {
  mapping?: UserMapping;
  fileName?: string;
  headerLine: number;
  excelSerial: boolean;
  /** Counts the work of the plan (tests bound it by the number of columns). */
  meter?: Meter;
}

/** A column without a name: silent while empty, one warning at its first value (Excel leaves many such columns). */
function blankColumnField(columnNumber: number): FieldDef {
  let warned = false;
  return {
    id: 'extra',
    record: 'usage',
    apply(value, row: RowState, cx) {
      if (!warned) {
        warned = true;
        report(row, cx, 'unknown-column', msg.blankHeader(columnNumber), value, 'warning');
      }
      applyField(EXTRA_FIELD, value, row, cx);
    },
  };
}

export function buildPlan(header: readonly string[], profile: Profile, options: PlanOptions): Plan {
  const issues: ImportIssue[] = [];
  const file = options.fileName;
  const at = (issue: Omit<ImportIssue, 'file' | 'line'>): ImportIssue => ({ ...(file !== undefined ? { file } : {}), line: options.headerLine, ...issue });
  let fatal = false;

  // The user's mapping: every source must exist and every target must be a field of the profile.
  const allowed = [...profile.fields.keys(), 'extra'];
  const allowedSet = new Set(allowed);
  const first = options.mapping ? firstColumnOf(header) : new Map<string, number>();
  const user = new Map<number, string>();
  for (const [source, target] of Object.entries(options.mapping ?? {})) {
    const i = first.get(foldHeader(source)) ?? -1;
    if (!allowedSet.has(target)) {
      issues.push(at({ severity: 'error', code: 'invalid-mapping', column: source, value: target, message: msg.invalidMappingTarget(source, target, allowed) }));
      fatal = true;
    } else if (i < 0) {
      issues.push(at({ severity: 'error', code: 'invalid-mapping', column: source, message: msg.mappingSourceMissing(source) }));
      fatal = true;
    } else user.set(i, target);
  }

  const columns: ColumnPlan[] = [];
  const mapping: ColumnMapping[] = [];
  const taken = new Map<string, string>(); // field id → the column that has it
  const columnOf = new Map<string, string>();
  // Role and person columns: their values never reach a record (see roles.ts).
  const personal = personalColumns(header, profile);
  // Extra keys must be unique and non-empty; the column name in reports is the same key.
  const keys = columnKeys(header, options.meter);
  header.forEach((h, index) => {
    const name = h.trim();
    const key = keys[index]!;
    const cx: CellContext = { file, column: key, field: 'extra', kitos: profile.kitos, excelSerial: options.excelSerial };

    const u = user.get(index);
    let target: string | null;
    let how: MappingHow;
    const person = personal.get(index);
    if (person) {
      // Persons' names and addresses are never read into a field, whatever a mapping says.
      mapping.push({ source: h, target: person.id, how: 'exact' });
      columns.push({ index, field: person, cx });
      return;
    }
    if (u !== undefined) {
      target = u;
      how = 'user';
    } else if (!name) {
      mapping.push({ source: h, target: null, how: 'unknown' });
      columns.push({ index, field: blankColumnField(index + 1), cx });
      return;
    } else {
      const m = matchHeader(profile, name);
      target = m.field;
      how = m.how;
    }

    if (target && target !== 'extra' && taken.has(target)) {
      // Two columns for one field: the first one wins, the other is kept verbatim.
      issues.push(at({ severity: 'warning', code: 'duplicate-column', column: key, field: target, message: msg.duplicateColumn(name, key) }));
      mapping.push({ source: h, target: 'extra', how });
      columns.push({ index, field: EXTRA_FIELD, cx });
      return;
    }
    if (target === null) {
      issues.push(at({ severity: 'warning', code: 'unknown-column', column: key, message: msg.unknownColumn(name) }));
      mapping.push({ source: h, target: null, how: 'unknown' });
      columns.push({ index, field: EXTRA_FIELD, cx });
      return;
    }
    if (target !== 'extra') {
      taken.set(target, key);
      columnOf.set(target, key);
      cx.field = target;
    }
    if (name !== key && how !== 'user') {
      // A repeated header text that maps to nothing new: say so, like an unknown column.
      issues.push(at({ severity: 'warning', code: 'duplicate-column', column: key, message: msg.duplicateColumn(name, key) }));
    }
    mapping.push({ source: h, target, how });
    columns.push({ index, field: target === 'extra' ? EXTRA_FIELD : profile.fields.get(target)!, cx });
  });

  for (const field of profile.required) {
    if (taken.has(field)) continue;
    const examples = [
      ...Object.entries(profile.exact).filter(([, f]) => f === field).map(([t]) => t),
      ...Object.entries(profile.aliases).filter(([, f]) => f === field).map(([t]) => t),
    ].slice(0, 4);
    issues.push(at({ severity: 'error', code: 'missing-column', column: field, field, message: msg.missingColumn(field, examples) }));
    fatal = true;
  }

  const hasContractTerms =
    profile.record === 'usage' && columns.some((c) => c.field !== EXTRA_FIELD && c.field.record === 'contract');
  return { profile, columns, mapping, issues, fatal, columnOf, hasContractTerms };
}
