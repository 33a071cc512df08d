// Applies a column plan to table rows: one usage or contract record per row plus its issues.
// This is the hot loop of a million-row import: parse results are cached per column (a column
// repeats a few values), and nothing is compiled or copied per row that need not be.
import { isValidCvr } from '../server/src/domain/cvr.ts';
import { type ContractRecord, type IntegrationRecord, type PartyRef, type UsageRecord, usageKey } from '../server/src/domain/inventory.ts';
import { nameKey, UsageIndex } from './links.ts';
import { msg } from './messages.ts';
import {
  applyField,
  blankContract,
  blankUsage,
  type CellContext,
  failed,
  type FieldDef,
  putExtra,
  report,
  type RowState,
} from './profiles/fields.ts';
import type { Plan } from './profiles/index.ts';
import { finishKle } from './profiles/kle.ts';
import { dataLocationOfHint, detach, type Parsed } from './values.ts';
import { type ImportIssue, type TableRow, truncateValue } from './types.ts';

/** One data row of the file, mapped. A row with an error carries no record (strict import). */
export interface ImportRow {
  line: number;
  usage?: UsageRecord;
  contract?: ContractRecord;
  /** KITOS `IT Kontrakter`: the names of the contracts the usage is linked to (also kept in `extra`). */
  contract_names?: readonly string[];
  /**
   * A contract linked by `IT Systemer (UUID)`: the `name:` key of each system at the same
   * position in `IT Systemer`, for a usage file that had no UUIDs (the default export).
   */
  name_fallbacks?: readonly string[];
  /**
   * Dependency edges of this row whose target appeared earlier in the file (`Anvendte systemer`).
   * Edges to systems further down come from `finish()`; together they are all the edges.
   */
  integrations?: IntegrationRecord[];
  /** Shared and frozen when empty. */
  issues: readonly ImportIssue[];
}

export interface MapperOptions {
  fileName?: string;
  /** Rows the file probably has (from its size): sizes the key index once instead of growing it. */
  expectedRows?: number;
  maxCellChars: number;
  municipality?: string;
  headerLength: number;
}

const NO_ISSUES: readonly ImportIssue[] = Object.freeze([]);

/**
 * An ImportRow. Rows, records and edges are class instances rather than object literals: V8
 * decides per literal whether to allocate its objects straight in the old generation, and when a
 * consumer holds a few thousand rows at once (one database batch) it would tip every row of the
 * rest of the run into that mode: ~4× the page faults and the RSS over budget. Instances are
 * plain data all the same (own enumerable fields, JSON as usual).
 */
class Mapped implements ImportRow {
  usage?: UsageRecord = undefined;
  contract?: ContractRecord = undefined;
  contract_names?: readonly string[] = undefined;
  name_fallbacks?: readonly string[] = undefined;
  integrations?: IntegrationRecord[] = undefined;
  constructor(
    public line: number,
    public issues: readonly ImportIssue[],
  ) {}
}
const CRITICALITY_ORDER = ['low', 'medium', 'high', 'critical'] as const;

/**
 * KITOS's `Forretningskritisk IT-system = Ja` says the system is at least `high`; a criticality
 * column that says more (`critical`) stands. Raised, the value is the municipality's own
 * statement (`declared`), not a translation of its scale.
 */
export function raiseToHigh(u: UsageRecord): void {
  const now = u.criticality === null ? -1 : CRITICALITY_ORDER.indexOf(u.criticality);
  if (now >= CRITICALITY_ORDER.indexOf('high')) return;
  u.criticality = 'high';
  u.provenance.criticality = 'declared';
}

/** A column's cache is dropped when it stops paying: after this many lookups with under half hits. */
const CACHE_PROBE = 2048;
const CACHE_MAX = 4096;

/**
 * The copy a cache keeps. Cached results live long, and V8 learns lifetimes per allocation site:
 * if the parsers' own result objects were the cached ones, V8 would start allocating every
 * result of those parsers in the old generation ("pretenuring"), and a million short-lived
 * results would end up there. Copies made here come from one site of long-lived objects.
 */
function forCache(r: Parsed<unknown>): Parsed<unknown> {
  const copy = { ...r } as Parsed<unknown> & { value?: unknown };
  const v = copy.value;
  if (Array.isArray(v)) copy.value = Object.freeze(v.slice());
  else if (v !== null && typeof v === 'object') copy.value = Object.freeze({ ...v });
  return copy;
}

const isCode = (s: string) => /^\s*\d{1,4}\s*$/.test(s);
/** Both municipality codes, or both names. */
const comparable = (a: string, b: string) => isCode(a) === isCode(b);
/** "Eksempelby Kommune", "eksempelby" and "0101"/"101" each match their own kind. */
function municipalityKey(s: string): string {
  if (isCode(s)) return String(Number(s));
  return nameKey(s).replace(/\s+(kommune|municipality)$/, '').replace(/^(kommune|municipality)\s+/, '');
}

interface Column {
  index: number;
  field: FieldDef;
  cx: CellContext;
  cache: Map<string, Parsed<unknown>> | null;
  lookups: number;
  hits: number;
}

export class RowMapper {
  readonly index: UsageIndex;
  rowsRead = 0;
  rowsRejected = 0;
  /** The municipality named by the file's own column, when it has one. */
  municipality: string | null = null;
  private readonly systemColumn: string;
  private readonly dependsColumn: string;
  private readonly columns: Column[];
  private readonly isUsage: boolean;
  private readonly scratch: RowState = {
    line: 0,
    usage: null,
    contract: null,
    dependsOn: null,
    contractNames: null,
    systems: null,
    systemUuids: null,
    supplierCvr: null,
    rightsHolderCvr: null,
    municipality: null,
    roles: null,
    kle: null,
    issues: null,
    errors: 0,
  };

  constructor(
    private readonly plan: Plan,
    private readonly options: MapperOptions,
  ) {
    this.isUsage = plan.profile.record === 'usage';
    this.index = new UsageIndex(options.expectedRows ?? 1024);
    this.systemColumn = plan.columnOf.get(this.isUsage ? 'system_name' : 'contract_name') ?? '';
    this.dependsColumn = plan.columnOf.get('depends_on') ?? '';
    this.columns = plan.columns.map((c) => ({ ...c, cache: c.field.parse ? new Map() : null, lookups: 0, hits: 0 }));
  }

  mapBatch(rows: TableRow[]): ImportRow[] {
    const out: ImportRow[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.mapRow(rows[i]!);
    return out;
  }

  mapRow(t: TableRow): ImportRow {
    const line = t.line;
    // One scratch object for every row: nothing keeps it, and a million fewer allocations
    // keep the young generation calm (see forCache on why that matters).
    const row = this.scratch;
    row.line = line;
    row.usage = this.isUsage ? blankUsage(line) : null;
    row.contract = this.isUsage ? null : blankContract(line);
    row.dependsOn = null;
    row.contractNames = null;
    row.systems = null;
    row.systemUuids = null;
    row.supplierCvr = null;
    row.rightsHolderCvr = null;
    row.municipality = null;
    row.roles = null;
    row.kle = null;
    row.issues = null;
    row.errors = 0;
    this.rowsRead++;
    if (t.issues) this.readerIssues(row, t);

    const cells = t.cells;
    const maxCell = this.options.maxCellChars;
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!;
      const v = cells[col.index];
      if (v === undefined || v === '') continue;
      if (v.length > maxCell) {
        report(row, col.cx, 'cell-too-long', msg.cellTooLong(v.length, maxCell), v);
        continue;
      }
      const cache = col.cache;
      if (cache === null) {
        applyField(col.field, v, row, col.cx);
        continue;
      }
      let r = cache.get(v);
      if (r === undefined) {
        // Parse a copy: a cached result must not hold slices of this chunk's text, or every
        // cached value would keep a whole chunk of the file alive.
        const own = detach(v);
        r = col.field.parse!(own, col.cx);
        if (cache.size < CACHE_MAX) cache.set(own, (r = forCache(r)));
      } else col.hits++;
      if (++col.lookups === CACHE_PROBE && col.hits * 2 < CACHE_PROBE) col.cache = null; // values hardly repeat
      if (r.ok) col.field.set!(row, r, col.cx, v);
      else {
        failed(row, col.cx, r, v);
        if (col.field.keepOnFailure) {
          const rec = col.field.record === 'usage' ? row.usage : (row.contract ??= blankContract(line));
          if (rec) putExtra(rec, col.cx.column, v);
        }
      }
    }
    if (cells.length !== this.options.headerLength) this.checkWidth(row, cells);
    return this.isUsage ? this.finishUsage(row) : this.finishContract(row);
  }

  private readerIssues(row: RowState, t: TableRow): void {
    const file = this.options.fileName;
    for (const d of t.issues!) {
      (row.issues ??= []).push(file !== undefined ? { file, ...d } : { ...d });
      if (d.severity === 'error') row.errors++;
    }
  }

  private indexIssues(row: RowState, drafts: Omit<ImportIssue, 'file'>[]): void {
    const file = this.options.fileName;
    for (const d of drafts) (row.issues ??= []).push(file !== undefined ? { file, ...d } : d);
  }

  private checkWidth(row: RowState, cells: string[]): void {
    const expected = this.options.headerLength;
    if (cells.length > expected) {
      for (let c = expected; c < cells.length; c++) {
        if (cells[c]!.trim() !== '') {
          this.rowIssue(row, 'too-many-cells', msg.tooManyCells(cells.length, expected), cells[c]!, `#${c + 1}`, 'error');
          return;
        }
      }
    } else if (cells.length < expected) {
      this.rowIssue(row, 'too-few-cells', msg.tooFewCells(cells.length, expected), '', `#${cells.length + 1}`, 'warning');
    }
  }

  private rowIssue(row: RowState, code: ImportIssue['code'], message: ImportIssue['message'], value: string, column: string, severity: 'error' | 'warning', field?: string) {
    const issue: ImportIssue = { severity, code, line: row.line, column, value: truncateValue(value), message };
    if (field) issue.field = field;
    if (this.options.fileName !== undefined) issue.file = this.options.fileName;
    (row.issues ??= []).push(issue);
    if (severity === 'error') row.errors++;
  }

  private checkMunicipality(row: RowState): void {
    const m = row.municipality!;
    const column = this.plan.columnOf.get('municipality') ?? '';
    const expected = this.options.municipality;
    // The import may name its municipality by name or by code ("101"); a name and a code cannot
    // be compared here (the reference list is the service's), so only like is checked with like.
    if (expected && comparable(expected, m) && municipalityKey(expected) !== municipalityKey(m)) {
      this.rowIssue(row, 'municipality-mismatch', msg.municipalityMismatch(m, expected), m, column, 'error', 'municipality');
    } else if (this.municipality === null) {
      this.municipality = detach(m.trim());
    } else if (comparable(this.municipality, m) && municipalityKey(this.municipality) !== municipalityKey(m)) {
      this.rowIssue(row, 'multiple-municipalities', msg.multipleMunicipalities(m, this.municipality), m, column, 'error', 'municipality');
    }
  }

  private finishUsage(row: RowState): ImportRow {
    const u = row.usage!;
    if (!u.product_name) this.rowIssue(row, 'missing-value', msg.missingValue('system_name'), '', this.systemColumn, 'error', 'system_name');
    if (row.supplierCvr) this.mergeCvr(row, u, 'supplier', row.supplierCvr, 'supplier_cvr');
    if (row.rightsHolderCvr) this.mergeCvr(row, u, 'rights_holder', row.rightsHolderCvr, 'rights_holder_cvr');
    if (u.hosted_by?.hint && u.data_location === null) this.locationFromHint(row, u);
    if (row.municipality) this.checkMunicipality(row);
    if (row.roles) u.roles_filled = row.roles.slice() as never;
    if (row.kle) u.kle = finishKle(row) as never;
    if (u.business_critical === true) raiseToHigh(u);

    const c = row.contract;
    let edges: IntegrationRecord[] | null = null;
    if (u.product_name) {
      const drafts: Omit<ImportIssue, 'file'>[] = [];
      const first = this.index.register(u.product_name, u.local_name, u.local_id, row.line, drafts);
      if (first !== null) {
        const key = usageKey(u);
        this.rowIssue(row, 'duplicate-usage', msg.duplicateUsage(key, first), u.product_name, this.systemColumn, 'error', 'system_name');
      } else if (row.dependsOn || c) {
        const key = usageKey(u);
        if (row.dependsOn) edges = this.index.depend(key, row.dependsOn, row.line, this.dependsColumn, drafts);
        if (c) {
          // A usage sheet's contract terms make one contract for the row's usage.
          if (!c.name) c.name = u.product_name;
          if (!c.supplier && u.supplier) c.supplier = { ...u.supplier };
          c.usage_keys = [key];
        }
      }
      if (drafts.length) this.indexIssues(row, drafts);
    }
    const out: ImportRow = new Mapped(row.line, row.issues ?? NO_ISSUES);
    if (row.contractNames) out.contract_names = row.contractNames;
    if (edges) out.integrations = edges;
    if (row.errors) this.rowsRejected++;
    else {
      out.usage = u;
      if (c) out.contract = c;
    }
    return out;
  }

  private finishContract(row: RowState): ImportRow {
    const c = row.contract!;
    if (!c.name) this.rowIssue(row, 'missing-value', msg.missingValue('contract_name'), '', this.systemColumn, 'error', 'contract_name');
    if (row.supplierCvr) this.mergeCvr(row, c, 'supplier', row.supplierCvr, 'supplier_cvr');
    if (row.roles) c.roles_filled = row.roles.slice() as never;
    let fallbacks: string[] | null = null;
    if (row.systemUuids) {
      // KITOS's `IT Systemer (UUID)`: the catalogue UUIDs link whatever the systems are called.
      c.usage_keys = row.systemUuids.map((u) => `uuid:${u}`) as never;
      // Names pair with the UUIDs only when the ", "-lists split alike (a name may hold ", ").
      if (row.systems && row.systems.length === row.systemUuids.length) fallbacks = row.systems.map((s) => `name:${s.trim().toLowerCase()}`);
    } else if (row.systems) {
      // The same key usageKey() gives a usage without a local id: `name:<lower-cased name>`.
      const keys: string[] = [];
      for (const s of row.systems) {
        const k = `name:${s.trim().toLowerCase()}`;
        if (!keys.includes(k)) keys.push(k);
      }
      c.usage_keys = keys;
    }
    const out: ImportRow = new Mapped(row.line, row.issues ?? NO_ISSUES);
    if (row.errors) this.rowsRejected++;
    else {
      out.contract = c;
      if (fallbacks) out.name_fallbacks = fallbacks;
    }
    return out;
  }

  /**
   * `Microsoft Azure (EU)` in the hosted-by column of a row without a data location: the suffix
   * fills it, marked inferred and reported (the file's own data-location column stays the authority).
   */
  private locationFromHint(row: RowState, u: UsageRecord): void {
    const host = u.hosted_by!;
    const location = dataLocationOfHint(host.hint!);
    u.data_location = location;
    u.provenance.data_location = 'inferred';
    const column = this.plan.columnOf.get('hosted_by') ?? 'hosted_by';
    this.rowIssue(row, 'data-location-from-hint', msg.dataLocationFromHint(host.name, host.hint!, location), `${host.name} (${host.hint})`, column, 'warning', 'data_location');
  }

  /** A separate CVR column completes the party of the same row; without a party name it is kept verbatim. */
  private mergeCvr(row: RowState, rec: UsageRecord | ContractRecord, slot: 'supplier' | 'rights_holder', cvr: string, field: string): void {
    const party = (rec as unknown as Record<string, PartyRef | null>)[slot];
    const column = this.plan.columnOf.get(field) ?? field;
    if (party) {
      if (party.cvr || party.cvr_as_written) return;
      // The CVR rule (cvr.ts): a placeholder or a failed check is kept as written, never matched on.
      if (isValidCvr(cvr)) party.cvr = cvr;
      else {
        party.cvr_as_written = cvr;
        this.rowIssue(row, 'placeholder-cvr', msg.placeholderCvr(cvr, party.name), cvr, column, 'warning', field);
      }
      return;
    }
    putExtra(rec, column, cvr);
    this.rowIssue(row, 'cvr-without-name', msg.cvrWithoutName(cvr), cvr, column, 'warning', field);
  }
}
