// Excel .xlsx reader (read-excel-file): the first sheet or a named one, as string cells with the
// sheet's row numbers. Real date cells become ISO dates; KITOS's text dates stay text for the parsers.
import readXlsxFile, { InvalidInputError, readSheet, SheetNotFoundError } from 'read-excel-file/node';
import { msg } from './messages.ts';
import { readWholeFile } from './source.ts';
import { type ByteSource, DEFAULT_MAX_BYTES, ImportFileError, type ImportIssue, type TableReader, type TableRow, tableRow } from './types.ts';

export interface XlsxOptions {
  fileName?: string;
  maxBytes?: number;
  /** Sheet name (or 1-based number); default the first sheet. */
  sheet?: string | number;
}

/** Rows per batch: small batches keep few rows alive at once (see csv.ts, PARSE_CHARS). */
const BATCH = 64;

/** One cell as text: dates as `yyyy-mm-dd`, numbers in plain notation, booleans as true/false. */
export function cellToString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v);
}

/** True for the ZIP container of .xlsx; the old binary .xls starts with the OLE2 signature. */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
export function looksLikeXls(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

export async function openXlsx(source: ByteSource, options: XlsxOptions = {}): Promise<TableReader> {
  const fail = (issue: Omit<ImportIssue, 'file'>): ImportFileError =>
    new ImportFileError([{ ...(options.fileName !== undefined ? { file: options.fileName } : {}), ...issue }]);
  const bytes = await readWholeFile(source, options.maxBytes ?? DEFAULT_MAX_BYTES, fail);
  if (looksLikeXls(bytes)) throw fail({ severity: 'error', code: 'unsupported-format', message: msg.xlsNotSupported() });
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  let data: unknown[][];
  try {
    data = (await readSheet(buffer, options.sheet ?? 1)) as unknown[][];
  } catch (e) {
    if (e instanceof SheetNotFoundError) {
      const sheets = await readXlsxFile(buffer).then((all) => all.map((s) => s.sheet), () => [] as string[]);
      throw fail({ severity: 'error', code: 'sheet-not-found', value: String(options.sheet), message: msg.sheetNotFound(String(options.sheet), sheets) });
    }
    const detail = e instanceof InvalidInputError ? e.code : e instanceof Error ? e.message : String(e);
    throw fail({ severity: 'error', code: 'unreadable-file', message: msg.unreadableXlsx(detail) }, );
  }

  // Rows of the array are the sheet's rows from row 1 (empty rows stay as empty arrays).
  let headerIndex = -1;
  for (let r = 0; r < data.length; r++) {
    if (data[r]!.some((c) => cellToString(c).trim() !== '')) {
      headerIndex = r;
      break;
    }
  }
  if (headerIndex < 0) throw fail({ severity: 'error', code: 'no-header', message: msg.noHeader() });
  const header = data[headerIndex]!.map((c) => cellToString(c).trim());
  // Excel pads a sheet's used range: drop empty trailing header cells.
  while (header.length && header[header.length - 1] === '') header.pop();

  return {
    meta: {
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      header,
      headerLine: headerIndex + 1,
      sheet: typeof options.sheet === 'string' ? options.sheet : null,
      table: null,
    },
    issues: [],
    async *batches() {
      let batch: TableRow[] = [];
      for (let r = headerIndex + 1; r < data.length; r++) {
        const raw = data[r]!;
        const cells = raw.map(cellToString);
        while (cells.length > header.length && cells[cells.length - 1] === '') cells.pop();
        // A sheet has no "missing" cells: a short row is one whose last cells are empty.
        while (cells.length < header.length) cells.push('');
        if (cells.every((c) => c.trim() === '')) continue;
        batch.push(tableRow(r + 1, cells));
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
  };
}
