// Shared types of the importers: the issue shape every reader and profile reports, the table
// rows that format readers hand to profiles, and the one error class for unreadable files.

import type { FieldError } from '../server/src/domain/field-error.ts';
import { MAX_CELL_CHARS, MAX_FILE_BYTES } from './limits.ts';

export type { FieldError, LocalizedText } from '../server/src/domain/field-error.ts';

export type Severity = 'error' | 'warning';

/** Stable issue codes: the API and the UI key on them, so never rename one. */
export type IssueCode =
  // whole file
  | 'file-too-large'
  | 'empty-file'
  | 'no-header'
  | 'unsupported-format'
  | 'unreadable-file'
  | 'sheet-not-found'
  | 'no-table'
  | 'table-not-found'
  | 'invalid-mapping'
  | 'unknown-profile'
  | 'missing-column'
  | 'row-too-long'
  | 'too-many-columns'
  | 'too-many-rows'
  | 'nesting-too-deep'
  | 'too-many-nodes'
  | 'inflated-too-large'
  | 'too-many-entries'
  | 'too-many-aliases'
  | 'too-many-issues'
  // structure of one row or column
  | 'unknown-column'
  | 'duplicate-column'
  | 'invalid-encoding'
  | 'invalid-character'
  | 'malformed-quotes'
  | 'unterminated-quote'
  | 'cell-too-long'
  | 'too-many-cells'
  | 'too-few-cells'
  // values
  | 'missing-value'
  | 'invalid-date'
  | 'implausible-date'
  | 'invalid-number'
  | 'negative-number'
  | 'invalid-boolean'
  | 'invalid-enum'
  | 'invalid-cvr'
  | 'invalid-uuid'
  | 'invalid-license'
  | 'deprecated-license'
  | 'invalid-duration'
  | 'invalid-notice-period'
  | 'unmapped-criticality'
  | 'multiple-values'
  | 'cvr-without-name'
  | 'invalid-kle'
  | 'placeholder-cvr'
  | 'data-location-from-hint'
  | 'vendor-name-cvr-conflict'
  // across rows
  | 'duplicate-usage'
  | 'unresolved-dependency'
  | 'ambiguous-dependency'
  | 'self-dependency'
  | 'municipality-mismatch'
  | 'multiple-municipalities'
  // KITOS API v2 (importers/kitos-api): a usage whose catalogue system the read did not return
  | 'missing-catalogue-system'
  | 'duplicate-entity'
  // against the shared catalogue (written by the server, not the parsers)
  | 'catalogue-rights-holder-differs'
  | 'catalogue-value-differs'
  // publiccode.yml
  | 'invalid-yaml'
  | 'missing-key'
  | 'invalid-value'
  | 'invalid-type'
  | 'unknown-key'
  | 'deprecated-key';

export interface ImportIssue extends FieldError {
  severity: Severity;
  code: IssueCode;
}

/** An issue before the file name is known (format readers and value parsers create these). */
export type IssueDraft = Omit<ImportIssue, 'file'>;

/** One data row of a table: string cells and the 1-based physical line (CSV/HTML) or sheet row (xlsx). */
export interface TableRow {
  line: number;
  cells: string[];
  /** Problems the reader saw in this row (malformed quotes, undecodable bytes). */
  issues?: IssueDraft[];
}

/**
 * Builds a TableRow. A class, not an object literal: V8 decides per literal whether to allocate
 * its objects straight in the old generation, and short-lived rows must not tip it (see mapper.ts).
 */
class Row implements TableRow {
  constructor(
    public line: number,
    public cells: string[],
  ) {}
}
class RowWithIssues extends Row {
  constructor(
    line: number,
    cells: string[],
    public issues: IssueDraft[],
  ) {
    super(line, cells);
  }
}
export function tableRow(line: number, cells: string[], issues?: IssueDraft[]): TableRow {
  return issues ? new RowWithIssues(line, cells, issues) : new Row(line, cells);
}

export type FormatId = 'csv' | 'xlsx' | 'html';
/** Where an import's rows came from: a file format, or KITOS's API v2 read directly (importers/kitos-api). */
export type SourceFormatId = FormatId | 'kitos-api';
export type EncodingId = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface TableMeta {
  format: FormatId;
  /** Text encoding as detected (CSV, HTML). For UTF-8 guessed from ASCII it may turn into
   *  windows-1252 while reading; the value is final once the rows have been read. */
  encoding: EncodingId | null;
  delimiter: string | null;
  /** Header cells as written (trimmed). */
  header: string[];
  headerLine: number;
  sheet: string | null;
  /** For HTML: which table was read (CSS-like description) and its header score. */
  table: string | null;
}

/** What every format reader returns: the header, then the data rows in batches. */
export interface TableReader {
  meta: TableMeta;
  /** Data rows in file order, in batches (one batch per decoded chunk for CSV). */
  batches(): AsyncGenerator<TableRow[]>;
  /** File-level problems found while reading the rows (complete once batches() ends). */
  readonly issues: IssueDraft[];
}

/** A file that cannot be imported at all; `issues` explains why (each with a line where one applies). */
export class ImportFileError extends Error {
  readonly issues: ImportIssue[];
  /** What was learnt before giving up (format, header, column mapping), for the report. */
  meta: unknown;
  constructor(issues: ImportIssue[], options?: ErrorOptions & { meta?: unknown }) {
    super(issues.filter((i) => i.severity === 'error').map((i) => i.message.en).join('; ') || 'The file cannot be imported', options);
    this.name = 'ImportFileError';
    this.issues = issues;
    this.meta = options?.meta ?? null;
  }
}

/** Byte source of an import: the whole file or a stream of chunks (a Node Readable qualifies). */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array>;

export const DEFAULT_MAX_BYTES = MAX_FILE_BYTES;
/** Excel's own limit for one cell. */
export const DEFAULT_MAX_CELL_CHARS = MAX_CELL_CHARS;
const VALUE_MAX = 120;

/**
 * Truncates an offending value for a report: reports must stay small whatever the file holds.
 * A NUL character becomes U+FFFD: no report carries one to a database that cannot store it.
 */
export function truncateValue(value: string): string {
  const v = value.length > VALUE_MAX ? `${value.slice(0, VALUE_MAX)}…` : value;
  return v.includes('\u0000') ? v.replaceAll('\u0000', '\ufffd') : v;
}
