// Excel .xlsx reader: the first sheet or a named one, as string cells with the sheet's row numbers.
// Real date cells become ISO dates; KITOS's text dates stay text for the parsers.
//
// Bounded by construction: the zip directory is read first (entry count, declared sizes), each
// part is inflated as a stream that counts its bytes (zip.ts), and the sheet is tokenised as it
// inflates (xml.ts), so memory holds the shared strings, the styles and one batch of rows, never
// the sheet. A zip bomb stops at MAX_XLSX_INFLATED_BYTES with an issue naming the limit.
// (read-excel-file, used before, inflated every part whole and built the whole sheet in memory.)
import { nulIssues } from './csv.ts';
import { MAX_COLUMNS, MAX_XLSX_ENTRIES, MAX_XLSX_INFLATED_BYTES, type Meter } from './limits.ts';
import { msg, type XlsxProblem } from './messages.ts';
import { readWholeFile } from './source.ts';
import { type ByteSource, DEFAULT_MAX_BYTES, ImportFileError, type ImportIssue, type TableReader, type TableRow, tableRow } from './types.ts';
import { attrLocal, unescapeOoxml, XmlError, type XmlEvents, XmlTokenizer } from './xml.ts';
import { InflateBudget, inflateEntry, InflateLimitExceeded, readZipDirectory, TooManyEntries, ZipError, type ZipEntry } from './zip.ts';

export interface XlsxOptions {
  fileName?: string;
  maxBytes?: number;
  /** Sheet name (or 1-based number); default the first sheet. */
  sheet?: string | number;
  /** Default MAX_XLSX_INFLATED_BYTES. */
  maxInflatedBytes?: number;
  /** Counts bytes inflated and characters tokenised (tests bound them). */
  meter?: Meter;
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

// ---------------------------------------------------------------------------------------------
// Dates: Excel stores them as numbers whose cell style has a date format.

/** Built-in number formats that are dates or times (ECMA-376 §18.8.30, and the East Asian and Thai ones). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81]);
const DATE_TOKENS = new Set(['s', 'ss', 'm', 'mm', 'mmm', 'mmmm', 'mmmmm', 'h', 'hh', 'am', 'pm', 'a', 'p', 'd', 'dd', 'ddd', 'dddd', 'aaa', 'aaaa', 'aaaaa', 'y', 'yy', 'yyyy', 'e', 'ee', 'eeee']);

/**
 * Whether a custom format code formats a date: in any of its `;`-sections, once quoted text,
 * escapes, colours and locales are left out, every token is a date or time token.
 */
export function isDateFormatCode(code: string): boolean {
  if (code.length > 255) return false; // Excel's own limit for a format code
  const t = code.toLowerCase().replace(/;@$/, '').replace(/\\./g, ' ');
  return t.split(';').some((section) => {
    const part = section
      .replace(/"[^"]*"/g, ' ')
      .replace(/(\[?[smhd]{1,2}\]?)[.,]00?0?/g, '$1')
      .replace(/\[([smhd]{1,2})\]/g, '$1')
      .replace(/\[[^\]]*\]/g, '');
    const tokens = part.split(/[^a-z0#?%]+/).filter(Boolean);
    return tokens.length > 0 && tokens.every((tok) => DATE_TOKENS.has(tok));
  });
}

/** An Excel serial date (1900 or 1904 system, with Lotus's 29 February 1900) as `yyyy-mm-dd`, or '' when out of range. */
export function excelSerialToIso(serial: number, epoch1904: boolean): string {
  const days = serial + (epoch1904 ? 1462 : 0) - 25569; // 25569 = 1 January 1970 in the 1900 system
  const d = new Date(Math.floor(days * 86_400_000));
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Parts

/** A file-level problem at a cell: the file is refused at its row and column. */
class CellError extends Error {
  constructor(
    readonly line: number,
    readonly column: string,
  ) {
    super(`invalid cell ${column}${line}`);
  }
}

interface Ctx {
  bytes: Uint8Array;
  entries: Map<string, ZipEntry>;
  budget: InflateBudget;
  meter: Meter | undefined;
}

function findEntry(ctx: Ctx, path: string): ZipEntry | undefined {
  const exact = ctx.entries.get(path);
  if (exact) return exact;
  const lower = path.toLowerCase();
  for (const [name, e] of ctx.entries) if (name.replaceAll('\\', '/').toLowerCase() === lower) return e;
  return undefined;
}

function decoderFor(first: Uint8Array): TextDecoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le');
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be');
  return new TextDecoder('utf-8');
}

/** Streams one part through the tokenizer; `afterChunk` runs after each chunk (the sheet yields rows there). */
async function* tokenize(ctx: Ctx, entry: ZipEntry, events: XmlEvents): AsyncGenerator<void> {
  const tokenizer = new XmlTokenizer(events, ctx.meter);
  let decoder: TextDecoder | null = null;
  for await (const chunk of inflateEntry(ctx.bytes, entry, ctx.budget, ctx.meter)) {
    decoder ??= decoderFor(chunk);
    tokenizer.write(decoder.decode(chunk, { stream: true }));
    yield;
  }
  if (decoder) tokenizer.write(decoder.decode());
  tokenizer.end();
}

async function readPart(ctx: Ctx, entry: ZipEntry, events: XmlEvents): Promise<void> {
  for await (const _ of tokenize(ctx, entry, events));
}

/** `Relationship` Id → { type, target } of a .rels part, targets resolved against `baseDir`. */
async function readRels(ctx: Ctx, path: string, baseDir: string): Promise<Map<string, { type: string; target: string }>> {
  const rels = new Map<string, { type: string; target: string }>();
  const entry = findEntry(ctx, path);
  if (!entry) return rels;
  await readPart(ctx, entry, {
    open(name, a) {
      if (name === 'Relationship' && a.Id && a.Target && a.TargetMode !== 'External') rels.set(a.Id, { type: a.Type ?? '', target: resolvePath(baseDir, a.Target) });
    },
    close() {},
    text() {},
  });
  return rels;
}

function resolvePath(baseDir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : baseDir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
const relsOf = (path: string) => `${dirOf(path)}_rels/${path.slice(path.lastIndexOf('/') + 1)}.rels`;
const byType = (rels: Map<string, { type: string; target: string }>, suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;

interface Workbook {
  sheets: { name: string; rid: string }[];
  epoch1904: boolean;
}

async function readWorkbook(ctx: Ctx, entry: ZipEntry): Promise<Workbook> {
  const wb: Workbook = { sheets: [], epoch1904: false };
  await readPart(ctx, entry, {
    open(name, a) {
      if (name === 'sheet') wb.sheets.push({ name: a.name ?? '', rid: attrLocal(a, 'id') ?? '' });
      else if (name === 'workbookPr') wb.epoch1904 = a.date1904 === '1' || a.date1904 === 'true';
    },
    close() {},
    text() {},
  });
  return wb;
}

/** For each cell style (`cellXfs` index): whether its number format is a date. */
async function readStyles(ctx: Ctx, entry: ZipEntry | undefined): Promise<boolean[]> {
  if (!entry) return [];
  const codes = new Map<number, string>();
  const base: (number | undefined)[] = [];
  const xfs: { numFmtId: number | undefined; xfId: number | undefined }[] = [];
  let where: 'base' | 'cell' | null = null;
  const num = (s: string | undefined) => (s === undefined || s === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));
  await readPart(ctx, entry, {
    open(name, a) {
      if (name === 'numFmt' && a.numFmtId !== undefined && a.formatCode !== undefined) codes.set(Number(a.numFmtId), a.formatCode);
      else if (name === 'cellStyleXfs') where = 'base';
      else if (name === 'cellXfs') where = 'cell';
      else if (name === 'xf') {
        if (where === 'base') base.push(num(a.numFmtId));
        else if (where === 'cell') xfs.push({ numFmtId: num(a.numFmtId), xfId: num(a.xfId) });
      }
    },
    close(name) {
      if (name === 'cellStyleXfs' || name === 'cellXfs') where = null;
    },
    text() {},
  });
  const cache = new Map<number, boolean>();
  const isDate = (id: number) => {
    let r = cache.get(id);
    if (r === undefined) {
      const code = codes.get(id);
      r = BUILTIN_DATE_FORMATS.has(id) || (code !== undefined && id >= 100 && isDateFormatCode(code));
      cache.set(id, r);
    }
    return r;
  };
  return xfs.map((xf) => {
    const id = xf.numFmtId ?? (xf.xfId !== undefined ? base[xf.xfId] : undefined) ?? 0;
    return isDate(id);
  });
}

/** The shared strings: the text of each `<si>` (rich-text runs joined, phonetic runs left out). */
async function readSharedStrings(ctx: Ctx, entry: ZipEntry | undefined): Promise<string[]> {
  if (!entry) return [];
  const out: string[] = [];
  let inSi = false;
  let inT = false;
  let phonetic = 0;
  let acc = '';
  await readPart(ctx, entry, {
    open(name) {
      if (name === 'si') {
        inSi = true;
        acc = '';
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && inSi && phonetic === 0) inT = true;
    },
    close(name) {
      if (name === 'si') {
        out.push(unescapeOoxml(acc));
        inSi = false;
        acc = '';
      } else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 't') inT = false;
    },
    text(t) {
      if (inT) acc += t;
    },
  });
  return out;
}

/** Column letters of a cell reference (`AB12` → 27, zero-based), or -1 when it has none. */
function columnOf(ref: string | undefined): number {
  if (!ref) return -1;
  let col = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return i === 0 ? -1 : col - 1;
}
const letters = (col: number): string => {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

interface RawRow {
  line: number;
  cells: string[];
}

/**
 * The sheet's rows as it inflates: a batch after each inflated chunk. A row keeps at most
 * MAX_COLUMNS + 1 cells (the one past the limit is enough for the row to be refused).
 */
async function* sheetRows(ctx: Ctx, entry: ZipEntry, strings: readonly string[], dateStyles: readonly boolean[], epoch1904: boolean): AsyncGenerator<RawRow[]> {
  let pending: RawRow[] = [];
  let row: string[] | null = null;
  let rowNumber = 0;
  let lastRow = 0;
  let lastCol = -1;
  let overflow: string | null = null;
  // the open cell
  let col = -1;
  let type = 'n';
  let style = -1;
  let acc = '';
  let inValue = false;
  let inInline = false;
  let phonetic = 0;

  const value = (): string => {
    switch (type) {
      case 's': {
        if (acc.trim() === '') return '';
        const s = strings[Number(acc)];
        if (s === undefined) throw new CellError(rowNumber, letters(col));
        return s.trim();
      }
      case 'str':
      case 'inlineStr':
        return unescapeOoxml(acc).trim();
      case 'b':
        if (acc === '') return '';
        if (acc === '1' || acc === '0') return acc === '1' ? 'true' : 'false';
        throw new CellError(rowNumber, letters(col));
      case 'e':
        return acc.trim();
      case 'd': {
        if (acc === '') return '';
        const d = new Date(acc.trim());
        if (Number.isNaN(d.getTime())) throw new CellError(rowNumber, letters(col));
        return d.toISOString().slice(0, 10);
      }
      default: {
        const text = acc.trim();
        if (text === '') return '';
        const n = Number(text);
        if (Number.isNaN(n)) throw new CellError(rowNumber, letters(col));
        if (style >= 0 && dateStyles[style]) return excelSerialToIso(n, epoch1904);
        return Number.isFinite(n) ? String(n) : '';
      }
    }
  };

  const events: XmlEvents = {
    open(name, a) {
      switch (name) {
        case 'row': {
          const r = Number(a.r);
          rowNumber = Number.isInteger(r) && r > 0 ? r : lastRow + 1;
          row = [];
          lastCol = -1;
          overflow = null;
          break;
        }
        case 'c': {
          const c = columnOf(a.r);
          col = c >= 0 ? c : lastCol + 1;
          type = a.t ?? 'n';
          style = a.s !== undefined && a.s !== '' ? Number(a.s) : -1;
          acc = '';
          inValue = false;
          inInline = false;
          phonetic = 0;
          break;
        }
        case 'v':
          inValue = true;
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (type === 'inlineStr' && phonetic === 0) inInline = true;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
          inValue = false;
          break;
        case 't':
          inInline = false;
          break;
        case 'rPh':
          phonetic = Math.max(0, phonetic - 1);
          break;
        case 'c': {
          if (!row) break;
          const v = value();
          lastCol = col;
          if (v === '') break;
          if (col >= MAX_COLUMNS) overflow ??= v;
          else {
            while (row.length < col) row.push('');
            row[col] = v;
          }
          break;
        }
        case 'row':
          if (row) {
            if (overflow !== null) {
              while (row.length < MAX_COLUMNS) row.push('');
              row.push(overflow);
            }
            pending.push({ line: rowNumber, cells: row });
          }
          lastRow = rowNumber;
          row = null;
          break;
      }
    },
    text(t) {
      if (inValue || inInline) acc += t;
    },
  };
  for await (const _ of tokenize(ctx, entry, events)) {
    if (pending.length) {
      yield pending;
      pending = [];
    }
  }
  if (pending.length) yield pending;
}

// ---------------------------------------------------------------------------------------------

export async function openXlsx(source: ByteSource, options: XlsxOptions = {}): Promise<TableReader> {
  const file = options.fileName !== undefined ? { file: options.fileName } : {};
  const fail = (issue: Omit<ImportIssue, 'file'>, cause?: unknown): ImportFileError => new ImportFileError([{ ...file, ...issue }], cause === undefined ? {} : { cause });
  const bytes = await readWholeFile(source, options.maxBytes ?? DEFAULT_MAX_BYTES, fail);
  if (looksLikeXls(bytes)) throw fail({ severity: 'error', code: 'unsupported-format', message: msg.xlsNotSupported() });
  const asIssue = (e: unknown): Omit<ImportIssue, 'file'> => {
    const unreadable = (p: XlsxProblem) => ({ severity: 'error' as const, code: 'unreadable-file' as const, message: msg.unreadableXlsx(p) });
    if (e instanceof InflateLimitExceeded) return { severity: 'error', code: 'inflated-too-large', value: e.part, message: msg.inflatedTooLarge(e.limit, e.part) };
    if (e instanceof TooManyEntries) return { severity: 'error', code: 'too-many-entries', message: msg.tooManyEntries(e.count, e.limit) };
    if (e instanceof CellError) return { ...unreadable('bad-cell'), line: e.line, column: e.column };
    if (e instanceof ZipError) return unreadable(e.problem);
    if (e instanceof XmlError) return unreadable('bad-xml');
    return unreadable('corrupt-entry');
  };

  let ctx: Ctx;
  let workbook: Workbook;
  let sheetEntry: ZipEntry;
  let strings: string[];
  let dateStyles: boolean[];
  try {
    ctx = { bytes, entries: readZipDirectory(bytes, MAX_XLSX_ENTRIES), budget: new InflateBudget(options.maxInflatedBytes ?? MAX_XLSX_INFLATED_BYTES), meter: options.meter };
    const root = await readRels(ctx, '_rels/.rels', '');
    const workbookPath = byType(root, '/officeDocument') ?? 'xl/workbook.xml';
    const workbookEntry = findEntry(ctx, workbookPath);
    if (!workbookEntry) throw new ZipError('no-workbook');
    workbook = await readWorkbook(ctx, workbookEntry);
    const rels = await readRels(ctx, relsOf(workbookPath), dirOf(workbookPath));

    const wanted = options.sheet ?? 1;
    const index = typeof wanted === 'number' ? wanted - 1 : workbook.sheets.findIndex((s) => s.name === wanted);
    const sheet = workbook.sheets[index];
    if (!sheet) {
      throw fail({ severity: 'error', code: 'sheet-not-found', value: String(options.sheet), message: msg.sheetNotFound(String(options.sheet), workbook.sheets.map((s) => s.name)) });
    }
    const sheetPath = rels.get(sheet.rid)?.target ?? `${dirOf(workbookPath)}worksheets/sheet${index + 1}.xml`;
    const found = findEntry(ctx, sheetPath);
    if (!found) throw new ZipError('no-workbook');
    sheetEntry = found;
    const stylesEntry = findEntry(ctx, byType(rels, '/styles') ?? `${dirOf(workbookPath)}styles.xml`);
    const stringsEntry = findEntry(ctx, byType(rels, '/sharedStrings') ?? `${dirOf(workbookPath)}sharedStrings.xml`);
    // What the zip declares for the parts to read must fit before any of them is inflated.
    ctx.budget.reserve([stylesEntry, stringsEntry, sheetEntry]);
    dateStyles = await readStyles(ctx, stylesEntry);
    strings = await readSharedStrings(ctx, stringsEntry);
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw fail(asIssue(e), e);
  }

  // Read up to the header row: the first with any text.
  const rows = sheetRows(ctx, sheetEntry, strings, dateStyles, workbook.epoch1904);
  let first: RawRow[] = [];
  let headerRow: RawRow | undefined;
  try {
    for (let r = await rows.next(); !r.done; r = await rows.next()) {
      const at = r.value.findIndex((row) => row.cells.some((c) => c.trim() !== ''));
      if (at >= 0) {
        headerRow = r.value[at];
        first = r.value.slice(at + 1);
        break;
      }
    }
  } catch (e) {
    await rows.return(undefined);
    throw fail(asIssue(e), e);
  }
  if (!headerRow) throw fail({ severity: 'error', code: 'no-header', message: msg.noHeader() });
  const header = headerRow.cells.map((c) => c.trim());
  // Excel pads a sheet's used range: drop empty trailing header cells.
  while (header.length && header[header.length - 1] === '') header.pop();

  const issues: Omit<ImportIssue, 'file'>[] = [];
  const toTableRows = (raw: RawRow[]): TableRow[] => {
    const out: TableRow[] = [];
    for (const { line, cells } of raw) {
      while (cells.length > header.length && cells[cells.length - 1] === '') cells.pop();
      // A sheet has no "missing" cells: a short row is one whose last cells are empty.
      while (cells.length < header.length) cells.push('');
      if (cells.every((c) => c.trim() === '')) continue;
      const nul = cells.some((c) => c.includes('\u0000'));
      out.push(tableRow(line, cells, nul ? nulIssues(cells, line, header, undefined) : undefined));
    }
    return out;
  };

  let started = false;
  return {
    meta: {
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      header,
      headerLine: headerRow.line,
      sheet: typeof options.sheet === 'string' ? options.sheet : null,
      table: null,
    },
    issues,
    async *batches() {
      if (started) throw new Error('The rows of an xlsx reader can be read once');
      started = true;
      const emit = function* (raw: RawRow[]) {
        const rows = toTableRows(raw);
        for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
      };
      yield* emit(first);
      first = [];
      try {
        for (let r = await rows.next(); !r.done; r = await rows.next()) yield* emit(r.value);
      } catch (e) {
        // Past the header a problem ends the reading; it is a file-level issue at its place.
        issues.push(asIssue(e));
      } finally {
        await rows.return(undefined);
      }
    },
  };
}
