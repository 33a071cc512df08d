// The import page's pure logic, tested without a browser: the user's column mapping as the API's
// `map` arguments, the errors of a report or a refusal as table rows, which runs can be compared
// or rolled back to, and a version difference as rows.
import type { SessionView } from '../../../server/src/api-types.ts';
import type { ColumnMapping, ImportRunView, ProblemError, ReportIssue, VersionDiff } from '../data/imports.ts';

/** Who may import into (and roll back) the municipality: its architects and the admins (as auth/policy.ts canWriteInventory). */
export const canImport = (session: Pick<SessionView, 'grants'> | undefined, code: number): boolean =>
  !!session?.grants.some((g) => (g.role === 'architect' && g.municipalityCode === code) || g.role === 'admin');

/** The select value for "do not interpret this column": the API's `extra` (kept verbatim, never dropped). */
export const IGNORE = 'extra';

/** Targets of columns that name people (role and person columns): fixed by the server, never a field. */
export const PERSONAL_TARGETS: ReadonlySet<string> = new Set(['roles_filled', 'dropped']);

/** The target a column's select starts on: what the server mapped it to; unknown columns are ignored. */
export const selectedTarget = (c: ColumnMapping): string => c.target ?? IGNORE;

/**
 * The `Column=field` arguments for the user's choices: one per column whose choice differs from
 * what the server guessed (or that the user chose before, `how: user`, so a re-run keeps it).
 * Columns the syntax cannot name (blank titles, `;` or a line break in the title) are returned in
 * `unnamed` so the page can say so instead of silently sending nothing.
 */
export function mappingArgs(columns: readonly ColumnMapping[], choice: ReadonlyMap<string, string>): { map: string[]; unnamed: string[] } {
  const map: string[] = [];
  const unnamed: string[] = [];
  for (const c of columns) {
    const chosen = choice.get(c.source) ?? selectedTarget(c);
    if (chosen === selectedTarget(c) && c.how !== 'user') continue;
    if (!c.source.trim() || /[;\n\r]/.test(c.source)) {
      unnamed.push(c.source);
      continue;
    }
    map.push(`${c.source.trim()}=${chosen}`);
  }
  return { map, unnamed };
}

/** Fields chosen for more than one column (the server keeps the first and warns): field → columns. */
export function duplicateTargets(columns: readonly ColumnMapping[], choice: ReadonlyMap<string, string>): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const c of columns) {
    const t = choice.get(c.source) ?? selectedTarget(c);
    if (t === IGNORE || PERSONAL_TARGETS.has(t)) continue;
    by.set(t, [...(by.get(t) ?? []), c.source]);
  }
  return new Map([...by].filter(([, cols]) => cols.length > 1));
}

export interface IssueRow {
  line: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

const text = (m: ProblemError['message'], lang: 'da' | 'en') => (typeof m === 'string' ? m : m[lang] || m.da);

/** A report's issues or a refusal's errors as table rows, in the page's language. */
export function issueRows(list: readonly (ReportIssue | ProblemError)[], lang: 'da' | 'en'): IssueRow[] {
  return list.map((i) => ({
    line: i.line ?? null,
    column: i.column ?? ('field' in i && i.field ? i.field : null),
    value: i.value ?? null,
    message: text(i.message, lang),
  }));
}

/** Whole percent of an upload sent (null when the browser does not know the size). */
export const uploadPercent = (loaded: number, total: number | null): number | null =>
  total == null || total <= 0 ? null : Math.min(100, Math.round((loaded / total) * 100));

/** The version current now: the one the newest committed run (an import or a rollback) made current. */
export function currentVersionId(runsNewestFirst: readonly ImportRunView[]): number | null {
  return runsNewestFirst.find((r) => r.status === 'committed' && r.inventoryVersionId != null)?.inventoryVersionId ?? null;
}

/** Runs that produced a version (committed imports, rollbacks, unchanged re-imports): only these can be compared. */
export const comparable = (r: ImportRunView): boolean => r.inventoryVersionId != null;

/** Whether a run's version can be made current again (it has one, and it is not current already). */
export const canRollBackTo = (r: ImportRunView, current: number | null): boolean => r.inventoryVersionId != null && r.inventoryVersionId !== current;

/** Two chosen runs as (earlier, later) by run id; null unless exactly two are chosen. */
export function comparePair(chosen: Iterable<number>): [number, number] | null {
  const ids = [...new Set(chosen)].sort((a, b) => a - b);
  return ids.length === 2 ? [ids[0]!, ids[1]!] : null;
}

/** A stored value as text for the diff table: empty → "–", lists and objects as readable text. */
export function valueText(v: unknown): string {
  if (v == null || v === '') return '–';
  if (typeof v === 'string') {
    // JSON columns (lists, extra) are stored as text: show their content, not their syntax.
    if (/^[[{]/.test(v)) {
      try {
        return valueText(JSON.parse(v));
      } catch {
        return v;
      }
    }
    return v;
  }
  if (Array.isArray(v)) return v.length ? v.map(valueText).join(', ') : '–';
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length ? entries.map(([k, x]) => `${k}: ${valueText(x)}`).join('; ') : '–';
  }
  return String(v);
}

export interface DiffRow {
  name: string;
  change: 'added' | 'removed' | 'changed';
  field: string | null;
  from: string;
  to: string;
}

/** A version difference as one table: added and removed systems, then each changed field. */
export function diffRows(diff: VersionDiff): DiffRow[] {
  return [
    ...diff.added.map((u) => ({ name: u.name, change: 'added' as const, field: null, from: '–', to: '–' })),
    ...diff.removed.map((u) => ({ name: u.name, change: 'removed' as const, field: null, from: '–', to: '–' })),
    ...diff.changed.flatMap((u) => u.fields.map((f) => ({ name: u.name, change: 'changed' as const, field: f.field, from: valueText(f.from), to: valueText(f.to) }))),
  ];
}
