// Public API of the importers: open an inventory file (CSV, xlsx or HTML; KITOS or generic
// profile) as a stream of mapped rows, or parse a small file in one go. Pure: no database, no network.
import { type ContractRecord, type InventoryRecords, type IntegrationRecord, type UsageRecord, usageKey } from '../server/src/domain/inventory.ts';
import { openCsv } from './csv.ts';
import { openHtml } from './html.ts';
import { MAX_COLUMNS, MAX_ROWS, type Meter } from './limits.ts';
import { type ImportRow, RowMapper } from './mapper.ts';
import { msg } from './messages.ts';
import {
  buildPlan,
  type ColumnMapping,
  detectProfile,
  getProfile,
  PROFILES,
  type ProfileId,
  type ProfileScore,
  type UserMapping,
} from './profiles/index.ts';
import {
  type ByteSource,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_CELL_CHARS,
  type EncodingId,
  type FormatId,
  ImportFileError,
  type ImportIssue,
  type SourceFormatId,
  type TableReader,
  truncateValue,
} from './types.ts';
import { looksLikeXls, looksLikeXlsx, openXlsx } from './xlsx.ts';

export type { ImportRow } from './mapper.ts';
export type { ColumnMapping, MappingHow, ProfileId, ProfileScore, UserMapping } from './profiles/index.ts';
export { detectProfile, getProfile, parseMappingArg, PROFILES } from './profiles/index.ts';

/** The targets a user mapping may name for a profile (its field ids, and `extra` = keep verbatim). */
export function mappingTargets(profile: ProfileId): string[] {
  const p = getProfile(profile);
  return p ? [...p.fields.keys(), 'extra'] : [];
}
export { parsePubliccode, type AlternativeEntry, type PubliccodeResult } from './publiccode.ts';
export { templateFor, type Template } from './templates.ts';
export { detectEncoding } from './encoding.ts';
export * as limits from './limits.ts';
export { Meter } from './limits.ts';
export {
  type ByteSource,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_CELL_CHARS,
  type EncodingId,
  type FormatId,
  ImportFileError,
  type ImportIssue,
  type IssueCode,
  type LocalizedText,
  type SourceFormatId,
} from './types.ts';

export interface OpenInventoryOptions {
  /** The uploaded file's name: reports name it, and its extension picks the format. */
  fileName: string;
  source: ByteSource;
  /** Declared size in bytes (e.g. Content-Length): refuses an oversize file before reading it. */
  size?: number;
  format?: FormatId;
  profile?: ProfileId;
  /** xlsx: sheet name or 1-based number (default: the first sheet). */
  sheet?: string | number;
  /** HTML: CSS selector of the table to read (default: the best-matching table). */
  tableSelector?: string;
  /** Source header → field id (or `extra`); overrides the guessed mapping. */
  mapping?: UserMapping;
  /** Default 50 MB. */
  maxBytes?: number;
  /** Default 32,767 (Excel's own cell limit). */
  maxCellChars?: number;
  /**
   * The municipality the import is for, by name ("Eksempelby Kommune") or code ("101"); a file
   * column naming another one is an error. A name is compared with names, a code with codes.
   */
  municipality?: string;
  /** CSV only: force a delimiter or an encoding instead of detecting them. */
  delimiter?: string;
  encoding?: EncodingId;
  /** Default MAX_ROWS (2,000,000): data rows past it are not read, and the file is refused. */
  maxRows?: number;
  /** Counts the parsers' work (tests bound it by the input's size; see limits.ts). */
  meter?: Meter;
}

export interface ImportMeta {
  fileName: string;
  /** `kitos-api`: rows read from KITOS's API v2 (importers/kitos-api), not from a file. */
  format: SourceFormatId;
  /** Final once the rows have been read (a UTF-8 guess from ASCII may become windows-1252). */
  encoding: EncodingId | null;
  delimiter: string | null;
  sheet: string | null;
  table: string | null;
  /** `kitos-api`: the one mapping of KITOS API v2 entities (importers/kitos-api/map.ts), no header profile. */
  profile: ProfileId | 'kitos-api';
  profileScores: ProfileScore[];
  header: string[];
  headerLine: number;
  columns: ColumnMapping[];
}

export interface ImportFinish {
  /**
   * Dependency edges (`Anvendte systemer`) to systems further down the file, resolvable only
   * after the last row. Edges to systems earlier in the file came with their row (`ImportRow.integrations`).
   */
  integrations: IntegrationRecord[];
  /** File-level issues met while reading (oversize, unclosed quote) and dependency warnings. */
  issues: ImportIssue[];
  /** The municipality named in the file's own column, if it has one. */
  municipality: string | null;
  rowsRead: number;
  rowsRejected: number;
}

export interface ImportStream {
  meta: ImportMeta;
  /** Header-level issues, known at once: unknown and duplicate columns (warnings). */
  headerIssues: ImportIssue[];
  /** Mapped rows in file order, in batches; memory does not grow with the file. Read once. */
  batches(): AsyncGenerator<ImportRow[]>;
  /** The same rows one by one. */
  rows(): AsyncGenerator<ImportRow>;
  /** After the rows: what needs the whole file. */
  finish(): ImportFinish;
}

const EXTENSIONS: Record<string, FormatId | 'xls' | 'other'> = {
  csv: 'csv',
  txt: 'csv',
  tsv: 'csv',
  tab: 'csv',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  xls: 'xls',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  ods: 'other',
  numbers: 'other',
  pdf: 'other',
  docx: 'other',
};

/**
 * The header's own limits, checked before any plan is built on it: at most MAX_COLUMNS columns,
 * no cell over the cell limit, no NUL. Returns the first problem (with its column), or null.
 */
function checkHeader(header: readonly string[], maxCellChars: number): Omit<ImportIssue, 'file' | 'line'> | null {
  if (header.length > MAX_COLUMNS)
    return { severity: 'error', code: 'too-many-columns', column: `#${MAX_COLUMNS + 1}`, message: msg.tooManyColumns(header.length, MAX_COLUMNS) };
  for (let c = 0; c < header.length; c++) {
    const h = header[c]!;
    if (h.length > maxCellChars)
      return { severity: 'error', code: 'cell-too-long', column: `#${c + 1}`, value: truncateValue(h), message: msg.cellTooLong(h.length, maxCellChars) };
    if (h.includes('\u0000')) return { severity: 'error', code: 'invalid-character', column: `#${c + 1}`, value: truncateValue(h), message: msg.invalidCharacter() };
  }
  return null;
}

function baseMeta(fileName: string, reader: TableReader) {
  return {
    fileName,
    format: reader.meta.format,
    encoding: reader.meta.encoding,
    delimiter: reader.meta.delimiter,
    sheet: reader.meta.sheet,
    table: reader.meta.table,
    headerLine: reader.meta.headerLine,
  };
}

/** Reads the first chunk of a stream and puts it back in front, to sniff the format. */
async function peek(source: ByteSource): Promise<{ head: Uint8Array; source: ByteSource }> {
  if (source instanceof Uint8Array) return { head: source.subarray(0, 512), source };
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Uint8Array = first.done ? new Uint8Array(0) : first.value;
  async function* again(): AsyncGenerator<Uint8Array> {
    if (!first.done) yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head, source: again() };
}

function sniffFormat(head: Uint8Array): FormatId | 'xls' {
  if (looksLikeXlsx(head)) return 'xlsx';
  if (looksLikeXls(head)) return 'xls';
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 512))
    .toString('latin1')
    .replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '')
    .replace(/\0/g, '')
    .trimStart()
    .toLowerCase();
  if (/^<(!doctype html|html|table|head|body|meta|!--)/.test(text)) return 'html';
  return 'csv';
}

/**
 * Opens an inventory file: detects format, encoding, delimiter and profile, maps the header,
 * and returns a stream of mapped rows. Throws ImportFileError when the file cannot be imported
 * at all (its `issues` say why, its `meta` what was learnt); every other problem is an issue.
 */
export async function openInventoryFile(options: OpenInventoryOptions): Promise<ImportStream> {
  const fileName = options.fileName;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxCellChars = options.maxCellChars ?? DEFAULT_MAX_CELL_CHARS;
  const maxRows = options.maxRows ?? MAX_ROWS;
  const meter = options.meter;
  const refuse = (issue: Omit<ImportIssue, 'file'>, meta?: unknown) => new ImportFileError([{ file: fileName, ...issue }], { meta });

  const declared = options.source instanceof Uint8Array ? options.source.byteLength : options.size;
  if (declared !== undefined && declared > maxBytes)
    throw refuse({ severity: 'error', code: 'file-too-large', message: msg.fileTooLarge(maxBytes, declared) });

  let source = options.source;
  let format: FormatId | 'xls' | 'other' | undefined = options.format;
  if (!format) {
    const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
    format = ext ? EXTENSIONS[ext] : undefined;
    if (!format) {
      const peeked = await peek(source);
      source = peeked.source;
      format = sniffFormat(peeked.head);
    }
  }
  if (format === 'xls') throw refuse({ severity: 'error', code: 'unsupported-format', message: msg.xlsNotSupported() });
  if (format === 'other') throw refuse({ severity: 'error', code: 'unsupported-format', message: msg.unsupportedFormat(fileName) });

  const profileFixed = options.profile ? getProfile(options.profile) : undefined;
  if (options.profile && !profileFixed)
    throw refuse({ severity: 'error', code: 'unknown-profile', value: options.profile, message: msg.unknownProfile(options.profile, PROFILES.map((p) => p.id)) });

  let reader: TableReader;
  if (format === 'xlsx')
    reader = await openXlsx(source, { fileName, maxBytes, ...(options.sheet !== undefined ? { sheet: options.sheet } : {}), ...(meter ? { meter } : {}) });
  else if (format === 'html')
    reader = await openHtml(source, {
      fileName,
      maxBytes,
      ...(meter ? { meter } : {}),
      ...(options.tableSelector ? { tableSelector: options.tableSelector } : {}),
      ...(profileFixed ? { profile: profileFixed } : {}),
      ...(options.mapping ? { mapping: options.mapping } : {}),
    });
  else
    reader = await openCsv(source, {
      fileName,
      maxBytes,
      maxCellChars,
      ...(meter ? { meter } : {}),
      ...(options.delimiter ? { delimiter: options.delimiter } : {}),
      ...(options.encoding ? { encoding: options.encoding } : {}),
    });

  const header = reader.meta.header;
  const headerIssue = checkHeader(header, maxCellChars);
  if (headerIssue)
    throw refuse(
      { ...headerIssue, line: reader.meta.headerLine },
      { ...baseMeta(fileName, reader), profile: profileFixed?.id ?? null, profileScores: [], header: header.slice(0, MAX_COLUMNS), columns: [] },
    );
  const detected = detectProfile(header, options.mapping);
  const profile = profileFixed ?? detected.profile;
  const plan = buildPlan(header, profile, {
    ...(options.mapping ? { mapping: options.mapping } : {}),
    fileName,
    headerLine: reader.meta.headerLine,
    excelSerial: reader.meta.format === 'xlsx',
    ...(options.meter ? { meter: options.meter } : {}),
  });
  const meta: ImportMeta = {
    fileName,
    format: reader.meta.format,
    encoding: reader.meta.encoding,
    delimiter: reader.meta.delimiter,
    sheet: reader.meta.sheet,
    table: reader.meta.table,
    profile: profile.id,
    profileScores: detected.scores,
    header,
    headerLine: reader.meta.headerLine,
    columns: plan.mapping,
  };
  if (plan.fatal) throw new ImportFileError(plan.issues, { meta });

  const mapper = new RowMapper(plan, {
    fileName,
    // ~150 bytes per row is a short inventory row; over-estimating costs only an emptier table.
    ...(declared !== undefined ? { expectedRows: Math.min(Math.max(Math.ceil(declared / 150), 1024), MAX_ROWS) } : {}),
    maxCellChars,
    headerLength: header.length,
    ...(options.municipality ? { municipality: options.municipality } : {}),
  });
  let consumed = false;
  let finished: ImportFinish | null = null;
  const limitIssues: ImportIssue[] = [];

  async function* batches(): AsyncGenerator<ImportRow[]> {
    if (consumed) throw new Error('The rows of an import can be read once');
    consumed = true;
    const it = reader.batches()[Symbol.asyncIterator]();
    try {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        let batch = r.value;
        const room = maxRows - mapper.rowsRead;
        if (batch.length > room) {
          // The rows past the limit are not read: the file is refused at the first of them.
          const over = batch[room]!;
          limitIssues.push({ file: fileName, severity: 'error', code: 'too-many-rows', line: over.line, message: msg.tooManyRows(maxRows) });
          batch = batch.slice(0, room);
          if (batch.length) yield mapper.mapBatch(batch);
          break;
        }
        yield mapper.mapBatch(batch);
        meta.encoding = reader.meta.encoding;
      }
    } finally {
      await it.return?.(undefined);
    }
    meta.encoding = reader.meta.encoding;
  }

  return {
    meta,
    headerIssues: plan.issues,
    batches,
    async *rows() {
      for await (const batch of batches()) yield* batch;
    },
    finish() {
      if (finished) return finished;
      const resolved = mapper.index.resolve(fileName);
      finished = {
        integrations: resolved.integrations,
        issues: [...reader.issues.map((i) => ({ file: fileName, ...i })), ...limitIssues, ...resolved.issues],
        municipality: mapper.municipality,
        rowsRead: mapper.rowsRead,
        rowsRejected: mapper.rowsRejected,
      };
      return finished;
    },
  };
}

export interface ParsedInventory {
  /** Null when the file could not be opened at all. */
  meta: ImportMeta | null;
  /** Only rows without errors; strict mode writes nothing when `issues` has an error. */
  records: InventoryRecords;
  /** Usage → contract names from KITOS `IT Kontrakter`, for linking a contracts file. */
  contractLinks: Array<{ usage_key: string; contract_name: string }>;
  /** Every issue, file-level ones first, then by line. */
  issues: ImportIssue[];
  municipality: string | null;
  rowsRead: number;
  rowsRejected: number;
}

/** Whether any issue blocks the import (strict: one error, and nothing is written). */
export function hasErrors(issues: readonly ImportIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Sorts issues for a report: file-level first, then by line; stable otherwise. */
export function sortIssues(issues: ImportIssue[]): ImportIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.i - b.i)
    .map((x) => x.issue);
}

/** Reads a whole (small) file into records and a report. Never throws for bad input. */
export async function parseInventoryFile(options: OpenInventoryOptions): Promise<ParsedInventory> {
  let stream: ImportStream;
  try {
    stream = await openInventoryFile(options);
  } catch (e) {
    if (!(e instanceof ImportFileError)) throw e;
    return {
      meta: (e.meta as ImportMeta | null) ?? null,
      records: { usages: [], contracts: [], integrations: [] },
      contractLinks: [],
      issues: sortIssues([...e.issues]),
      municipality: null,
      rowsRead: 0,
      rowsRejected: 0,
    };
  }
  const usages: UsageRecord[] = [];
  const contracts: ContractRecord[] = [];
  const contractLinks: ParsedInventory['contractLinks'] = [];
  const integrations: IntegrationRecord[] = [];
  const issues: ImportIssue[] = [...stream.headerIssues];
  for await (const row of stream.rows()) {
    issues.push(...row.issues);
    if (row.integrations) integrations.push(...row.integrations);
    if (row.usage) {
      usages.push(row.usage);
      if (row.contract_names) {
        const key = usageKey(row.usage);
        for (const name of row.contract_names) contractLinks.push({ usage_key: key, contract_name: name });
      }
    }
    if (row.contract) contracts.push(row.contract);
  }
  const end = stream.finish();
  issues.push(...end.issues);
  return {
    meta: stream.meta,
    records: { usages, contracts, integrations: [...integrations, ...end.integrations] },
    contractLinks,
    issues: sortIssues(issues),
    municipality: end.municipality,
    rowsRead: end.rowsRead,
    rowsRejected: end.rowsRejected,
  };
}
