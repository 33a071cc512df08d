// CSV reader: bytes or a stream in, header plus data rows out, each row with the physical line
// it starts on. Detects encoding and delimiter itself and streams through papaparse's core parser.
import { isAscii } from 'node:buffer';
import Papa from 'papaparse';
import { createDecoder, detectEncoding, type StreamDecoder } from './encoding.ts';
import { MAX_ROW_CHARS, type Meter } from './limits.ts';
import { msg } from './messages.ts';
import { chunked, SizeLimitExceeded } from './source.ts';
import {
  type ByteSource,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_CELL_CHARS,
  type EncodingId,
  ImportFileError,
  type IssueDraft,
  type TableMeta,
  type TableReader,
  type TableRow,
  tableRow,
  truncateValue,
} from './types.ts';

export interface CsvOptions {
  fileName?: string;
  maxBytes?: number;
  maxCellChars?: number;
  /** Use this delimiter instead of sniffing one. */
  delimiter?: string;
  /** Use this encoding instead of detecting one. */
  encoding?: EncodingId;
  /** Counts the characters handed to papaparse (tests bound them by the file's size). */
  meter?: Meter;
}

const CANDIDATES = [';', '\t', ','] as const; // order breaks ties: Danish Excel writes ';'
const SAMPLE_BYTES = 64 * 1024;
/** Characters handed to papaparse per step: about 35 rows of a KITOS export. */
const PARSE_CHARS = 8 * 1024;

/** Picks the delimiter by counting `;`, tab and `,` outside quotes in the header line. */
export function sniffDelimiter(headerLine: string): string {
  const counts = [0, 0, 0];
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted) {
      if (c === ';') counts[0]!++;
      else if (c === '\t') counts[1]!++;
      else if (c === ',') counts[2]!++;
    }
  }
  let best = 0;
  for (let i = 1; i < 3; i++) if (counts[i]! > counts[best]!) best = i;
  return CANDIDATES[best]!;
}

/** `sep=;` as Excel writes it on the first line; returns the delimiter and the text after that line. */
function readSepLine(text: string): { delimiter: string; rest: number } | null {
  const m = /^sep=(.)[ \t]*(\r\n|\n|\r)/i.exec(text);
  return m ? { delimiter: m[1]!, rest: m[0].length } : null;
}

/** KITOS's server-built CSVs escape quotes as `\"`; switch papaparse to that only if the sample never uses RFC `""` inside a cell. */
function usesBackslashEscapes(sample: string): boolean {
  return sample.includes('\\"') && !/[^;,\t\r\n"]""[^;,\t\r\n"]/.test(sample);
}

/** End of the first line that is not inside quotes (or -1 when the text ends first). */
function endOfFirstLine(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) return i;
  }
  return -1;
}

/** endOfFirstLine that can resume: `state` keeps where the scan stopped and whether it was inside quotes. */
function scanLineEnd(text: string, state: { pos: number; quoted: boolean }): number {
  let quoted = state.quoted;
  let i = state.pos;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) {
      state.pos = i;
      state.quoted = quoted;
      return i;
    }
  }
  state.pos = i;
  state.quoted = quoted;
  return -1;
}

/** Position of the header line's break (the first non-blank line's). */
function headerEnd(text: string, from: number): number {
  for (let p = from; ; ) {
    const end = endOfFirstLine(text, p);
    if (end === -1) return text.length;
    if (!/^[\s;,]*$/.test(text.slice(p, end))) return end;
    p = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
  }
}

function isBlank(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cells[i] !== '') return false;
  return true;
}

function countChar(text: string, ch: string, from: number, to: number): number {
  let n = 0;
  let p = text.indexOf(ch, from);
  while (p !== -1 && p < to) {
    n++;
    p = text.indexOf(ch, p + 1);
  }
  return n;
}

/** If every quote in the cell is written `\"`, the KITOS escaping is unambiguous: undo it. */
function undoBackslashEscapes(cell: string): string | null {
  if (!cell.includes('\\"')) return null;
  for (let p = cell.indexOf('"'); p !== -1; p = cell.indexOf('"', p + 1)) if (cell[p - 1] !== '\\') return null;
  return cell.replaceAll('\\"', '"');
}

interface PapaError {
  code: string;
  row?: number;
}

class CsvParser {
  private parser: Papa.Parser;
  private partial = '';
  /** Characters appended to `partial` since papaparse last saw it (see step()). */
  private fresh = 0;
  meter: Meter | undefined;
  /** Physical line on which the unparsed text (`partial`) starts. */
  line: number;
  header: string[] | null = null;
  /** The character counted for line numbers: '\n', or '\r' in a CR-only file. */
  private readonly nl: string;

  constructor(
    readonly delimiter: string,
    newline: '\n' | '\r\n' | '\r',
    backslashEscapes: boolean,
    startLine: number,
    private readonly decoder: StreamDecoder,
  ) {
    this.nl = newline === '\r' ? '\r' : '\n';
    this.line = startLine;
    this.parser = new Papa.Parser({
      delimiter,
      newline,
      quoteChar: '"',
      ...(backslashEscapes ? { escapeChar: '\\' } : {}),
    });
  }

  /** Length of the row papaparse could not finish when it last parsed (text held back since then aside). */
  get pendingLength(): number {
    return this.partial.length - this.fresh;
  }

  /**
   * Parses `text` after what is pending; returns the complete rows (all rows when `final`).
   * papaparse parses the pending text again from its start on every call, so a long row that is
   * not yet complete is handed over again only once it has grown by half: the characters
   * parsed for one row add up to a few times its length, not its length squared over 8 KiB.
   */
  step(text: string, final: boolean): TableRow[] {
    const input = this.partial.length ? this.partial + text : text;
    if (!final && this.partial.length > PARSE_CHARS && (this.fresh += text.length) * 2 < this.partial.length) {
      this.partial = input;
      return [];
    }
    this.fresh = 0;
    this.meter?.add(input.length);
    const res = this.parser.parse(input, 0, !final) as { data: string[][]; errors: PapaError[]; meta: { cursor: number } };
    const data = res.data;
    const consumed = final ? input.length : res.meta.cursor;
    this.partial = final ? '' : input.substring(consumed);
    const out: TableRow[] = [];
    if (data.length === 0) return out;
    // A NUL is rare: one search of the parsed text decides whether cells need a look.
    const firstNul = input.indexOf('\u0000');
    const nul = firstNul !== -1 && firstNul < consumed;

    // Line numbers: when the consumed text holds exactly one line break per row, no cell has an
    // embedded one and rows are consecutive lines; only otherwise count breaks cell by cell.
    const nl = this.nl;
    // At the end of the file the last row has no break of its own (after a final break,
    // papaparse returns an empty last row).
    const breaks = countChar(input, nl, 0, consumed);
    const simple = breaks === (final ? data.length - 1 : data.length);

    let rowIssues: Map<number, IssueDraft[]> | null = null;
    if (res.errors.length) rowIssues = this.mapErrors(res.errors, data);
    const corrupt = this.decoder.corrupt;
    let line = this.line;
    for (let r = 0; r < data.length; r++) {
      const cells = data[r]!;
      const last = cells.length - 1;
      const rowLine = line;
      if (simple) line++;
      else {
        let inner = 0;
        for (let c = 0; c <= last; c++) if (cells[c]!.includes(nl)) inner += countChar(cells[c]!, nl, 0, cells[c]!.length);
        line += 1 + inner;
      }
      if ((cells.length === 1 && cells[0] === '') || (cells[0] === '' && isBlank(cells))) continue;
      let issues = rowIssues?.get(r);
      if (corrupt) {
        for (let c = 0; c <= last; c++) {
          if (cells[c]!.includes('\ufffd')) {
            (issues ??= []).push({
              severity: 'error',
              code: 'invalid-encoding',
              line: rowLine,
              column: this.header?.[c] ?? `#${c + 1}`,
              message: msg.invalidEncoding(),
            });
          }
        }
      }
      if (nul) issues = nulIssues(cells, rowLine, this.header, issues);
      if (issues) for (const i of issues) i.line = rowLine;
      out.push(tableRow(rowLine, cells, issues));
    }
    this.line = line;
    return out;
  }

  private mapErrors(errors: PapaError[], data: string[][]): Map<number, IssueDraft[]> {
    const byRow = new Map<number, IssueDraft[]>();
    const seen = new Set<string>();
    for (const e of errors) {
      const r = e.row ?? data.length - 1;
      if (r >= data.length || seen.has(`${r}:${e.code}`)) continue; // about a row not yet complete
      seen.add(`${r}:${e.code}`);
      if (e.code === 'InvalidQuotes') {
        const cells = data[r]!;
        let fixed = false;
        for (let c = 0; c < cells.length; c++) {
          const undone = undoBackslashEscapes(cells[c]!);
          if (undone !== null) {
            cells[c] = undone;
            fixed = true;
          }
        }
        if (fixed) continue;
      }
      const issue: IssueDraft =
        e.code === 'MissingQuotes'
          ? { severity: 'error', code: 'unterminated-quote', message: msg.unterminatedQuote() }
          : { severity: 'error', code: 'malformed-quotes', message: msg.malformedQuotes() };
      const list = byRow.get(r);
      if (list) list.push(issue);
      else byRow.set(r, [issue]);
    }
    return byRow;
  }
}

/**
 * A NUL (U+0000) in a cell is an error at its line and column: PostgreSQL cannot store it, and it
 * means a damaged or binary file. The cell keeps U+FFFD in its place, so no NUL travels further.
 */
export function nulIssues(cells: string[], line: number, header: readonly string[] | null, issues: IssueDraft[] | undefined): IssueDraft[] | undefined {
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c]!;
    if (!cell.includes('\u0000')) continue;
    cells[c] = cell.replaceAll('\u0000', '\ufffd');
    (issues ??= []).push({
      severity: 'error',
      code: 'invalid-character',
      line,
      column: header?.[c] || `#${c + 1}`,
      value: truncateValue(cells[c]!),
      message: msg.invalidCharacter(),
    });
  }
  return issues;
}

function fileError(fileName: string | undefined, issue: IssueDraft): ImportFileError {
  return new ImportFileError([{ ...issue, ...(fileName ? { file: fileName } : {}) }]);
}

/**
 * Opens a CSV file: reads as far as the header row, then returns the header (in `meta`) and a
 * generator of the data rows. Memory stays at about one chunk whatever the file's size.
 * Throws ImportFileError when no header can be read (empty, oversize before the header, …).
 */
export async function openCsv(source: ByteSource, options: CsvOptions = {}): Promise<TableReader> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRowChars = Math.max(MAX_ROW_CHARS, (options.maxCellChars ?? DEFAULT_MAX_CELL_CHARS) * 8);
  const it = chunked(source, maxBytes)[Symbol.asyncIterator]();
  let eof = false;
  const next = async (): Promise<Uint8Array | null> => {
    if (eof) return null;
    try {
      const r = await it.next();
      if (r.done) {
        eof = true;
        return null;
      }
      return r.value;
    } catch (e) {
      if (e instanceof SizeLimitExceeded) throw fileError(options.fileName, { severity: 'error', code: 'file-too-large', message: msg.fileTooLarge(e.limit, e.seen) });
      throw e;
    }
  };

  // Sample for the encoding: 64 KiB unless the file is smaller.
  const sampleParts: Uint8Array[] = [];
  let sampleBytes = 0;
  while (sampleBytes < SAMPLE_BYTES) {
    const c = await next();
    if (!c) break;
    sampleParts.push(c);
    sampleBytes += c.byteLength;
  }
  if (sampleBytes === 0) throw fileError(options.fileName, { severity: 'error', code: 'empty-file', message: msg.emptyFile() });
  const sample = sampleParts.length === 1 ? sampleParts[0]! : Buffer.concat(sampleParts);
  const decoder = createDecoder(options.encoding ?? detectEncoding(sample, { complete: eof }), {
    asciiSoFar: isAscii(sample),
  });
  let text = decoder.decode(sample);
  if (eof) text += decoder.end();

  let start = 0;
  let startLine = 1;
  if (text.charCodeAt(0) === 0xfeff) start = 1; // a BOM the detector could not see (forced encoding)
  const sep = readSepLine(text.slice(start, start + 16));
  if (sep) {
    start += sep.rest;
    startLine = 2;
  }
  // Read on until the first non-blank line (the header) is complete, to sniff the delimiter.
  // The scan resumes where it stopped when more text arrives (quote state kept), so a long
  // header line is scanned once.
  let headerText = '';
  const scan = { pos: start, quoted: false };
  for (let from = start; ; ) {
    const lineEnd = scanLineEnd(text, scan);
    options.meter?.add(1);
    if (lineEnd === -1 && !eof) {
      if (text.length - start > maxRowChars)
        throw fileError(options.fileName, { severity: 'error', code: 'row-too-long', line: startLine, message: msg.rowTooLong(maxRowChars) });
      const c = await next();
      text += c ? decoder.decode(c) : decoder.end();
      continue;
    }
    const candidate = lineEnd === -1 ? text.slice(from) : text.slice(from, lineEnd);
    if (!/^[\s;,]*$/.test(candidate) || lineEnd === -1) {
      headerText = candidate;
      break;
    }
    from = lineEnd + 1;
    scan.pos = from;
    scan.quoted = false;
  }
  if (/^[\s;,]*$/.test(headerText)) throw fileError(options.fileName, { severity: 'error', code: 'no-header', message: msg.noHeader() });

  const delimiter = options.delimiter ?? sep?.delimiter ?? sniffDelimiter(headerText);
  // The row break is the header line's: CRLF (Excel, KITOS), LF, or a lone CR (old Mac files).
  const newline: '\n' | '\r\n' | '\r' = text[headerEnd(text, start)] === '\r' ? (text[headerEnd(text, start) + 1] === '\n' ? '\r\n' : '\r') : '\n';
  const parser = new CsvParser(delimiter, newline, usesBackslashEscapes(text), startLine, decoder);
  parser.meter = options.meter;

  // Decoded text waits in `backlog` and goes to the parser PARSE_CHARS at a time: small batches
  // keep few rows alive at once, which keeps V8 from moving every row into its old generation.
  let backlog = text.slice(start);
  let backlogPos = 0;
  let decodedAll = eof;
  let finished = false;
  const issues: IssueDraft[] = [];
  /** The next rows, or null at the end of the file (or when reading stopped at a file-level issue). */
  const pull = async (): Promise<TableRow[] | null> => {
    for (;;) {
      if (finished) return null;
      if (backlogPos < backlog.length) {
        const piece = backlog.slice(backlogPos, backlogPos + PARSE_CHARS);
        backlogPos += piece.length;
        const final = decodedAll && backlogPos >= backlog.length;
        if (final) finished = true;
        return parser.step(piece, final);
      }
      if (decodedAll) {
        finished = true;
        return parser.step('', true);
      }
      if (parser.pendingLength > maxRowChars) {
        issues.push({ severity: 'error', code: 'row-too-long', line: parser.line, message: msg.rowTooLong(maxRowChars) });
        finished = true;
        return null;
      }
      const c = await next();
      backlog = c ? decoder.decode(c) : decoder.end();
      backlogPos = 0;
      if (!c) decodedAll = true;
    }
  };

  // Parse until the first row, the header, is complete.
  let first: TableRow[] = [];
  while (first.length === 0) {
    const got = await pull();
    if (!got) break;
    first = got;
  }
  if (issues.length) throw fileError(options.fileName, issues[0]!);
  const headerRow = first.shift();
  if (!headerRow) throw fileError(options.fileName, { severity: 'error', code: 'no-header', message: msg.noHeader() });
  // A NUL in the header is no column name: the file is refused at its line and column.
  const nulInHeader = headerRow.issues?.find((i) => i.code === 'invalid-character');
  if (nulInHeader) throw fileError(options.fileName, nulInHeader);
  const header = headerRow.cells.map((h, i) => (i === 0 ? h.replace(/^\ufeff/, '') : h).trim());
  parser.header = header;
  issues.push(...(headerRow.issues ?? []));
  // Issues found before the header was known name columns by position; name them properly.
  for (const row of first)
    for (const i of row.issues ?? []) if (i.column?.startsWith('#')) i.column = header[Number(i.column.slice(1)) - 1] ?? i.column;

  const meta: TableMeta = {
    format: 'csv',
    encoding: decoder.encoding,
    delimiter,
    header,
    headerLine: headerRow.line,
    sheet: null,
    table: null,
  };

  let started = false;
  async function* batches(): AsyncGenerator<TableRow[]> {
    if (started) throw new Error('The rows of a CSV reader can be read once');
    started = true;
    if (first.length) yield first;
    first = [];
    for (;;) {
      let rows: TableRow[] | null;
      try {
        rows = await pull();
      } catch (e) {
        if (e instanceof ImportFileError) {
          issues.push(...e.issues.map(({ file: _f, ...i }) => i));
          return;
        }
        throw e;
      }
      meta.encoding = decoder.encoding;
      if (!rows) return;
      if (rows.length) yield rows;
    }
  }

  return { meta, batches, issues };
}

/** The data rows of a CSV one by one (convenience over openCsv for small files and tests). */
export async function* readCsv(source: ByteSource, options: CsvOptions = {}): AsyncGenerator<TableRow> {
  const reader = await openCsv(source, options);
  for await (const batch of reader.batches()) yield* batch;
}
