// HTML table reader (htmlparser2): a saved web page on which a municipality publishes its system
// list. Picks the table whose header best matches a profile (a navigation table scores nothing), or
// the one a CSS selector names; rows keep the source line of their <tr>.
//
// Cost: htmlparser2 tokenises in one pass and its tree builder's work per tag grows with the open
// elements, so the element depth is checked as each tag opens (MAX_HTML_DEPTH) and the page is
// refused at the first element past it, before any more work. Reading the tables afterwards
// visits every node once. (parse5, cheerio's default, spent minutes on 100,000 nested <div>s.)
import * as cheerio from 'cheerio';
import { type ChildNode, type Document, DomHandler, type Element } from 'domhandler';
import { Parser } from 'htmlparser2';
import { nulIssues } from './csv.ts';
import { createDecoder, detectEncoding } from './encoding.ts';
import { MAX_COLUMNS, MAX_HTML_DEPTH, MAX_HTML_NODES, MAX_SELECTOR_CHARS, type Meter } from './limits.ts';
import { msg } from './messages.ts';
import { PROFILES, type Profile, scoreHeaders, type UserMapping } from './profiles/index.ts';
import { readWholeFile } from './source.ts';
import {
  type ByteSource,
  DEFAULT_MAX_BYTES,
  type EncodingId,
  ImportFileError,
  type ImportIssue,
  type TableReader,
  type TableRow,
  tableRow,
} from './types.ts';

export interface HtmlOptions {
  fileName?: string;
  maxBytes?: number;
  /** CSS selector of the table (or of an element containing it). */
  tableSelector?: string;
  /** Score tables against this profile only (default: all profiles). */
  profile?: Profile;
  mapping?: UserMapping;
  /** Default MAX_HTML_DEPTH. */
  maxDepth?: number;
  /** Default MAX_HTML_NODES. */
  maxNodes?: number;
  /** Counts tags times their depth, and text (tests bound it by the page's size). */
  meter?: Meter;
}

/** How well a table's header row matches a profile: 2 per exact title, 1 per alias, 0 for a menu. */
export function scoreTable(headers: readonly string[], profile: Profile, mapping?: UserMapping): number {
  return scoreHeaders(headers, profile, mapping).score;
}

/** The charset a page declares in `<meta charset>` / `http-equiv`, looked for in the first bytes only. */
function declaredCharset(bytes: Uint8Array): EncodingId | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  if (!m) return null;
  const cs = m[1]!.toLowerCase();
  if (cs === 'utf-8' || cs === 'utf8') return 'utf-8';
  if (['windows-1252', 'iso-8859-1', 'latin1', 'iso-8859-15', 'cp1252', 'us-ascii'].includes(cs)) return 'windows-1252';
  return null;
}

/**
 * Line breaks as a browser counts them (LF, CRLF, lone CR). Keeps the count of breaks before every
 * 64th character (a 50 MB page: 3 MB), and counts the rest of the way for each question.
 */
class Lines {
  private static readonly STEP = 64;
  private readonly before: Int32Array;
  constructor(private readonly text: string) {
    this.before = new Int32Array(Math.floor(text.length / Lines.STEP) + 1);
    let breaks = 0;
    for (let i = 0; i < text.length; i++) {
      if (i % Lines.STEP === 0) this.before[i / Lines.STEP] = breaks;
      if (this.isBreak(i)) breaks++;
    }
  }
  private isBreak(i: number): boolean {
    const c = this.text.charCodeAt(i);
    return c === 10 || (c === 13 && this.text.charCodeAt(i + 1) !== 10);
  }
  /** 1-based line of a character index: at most 64 characters counted. */
  line(index: number): number {
    const block = Math.floor(index / Lines.STEP);
    let line = 1 + this.before[block]!;
    for (let i = block * Lines.STEP; i < index; i++) if (this.isBreak(i)) line++;
    return line;
  }
  /** 1-based line and column of a character index (the column costs the line's length: for one error, not per row). */
  at(index: number): { line: number; column: number } {
    let start = index;
    while (start > 0 && !this.isBreak(start - 1)) start--;
    return { line: this.line(index), column: index - start + 1 };
  }
}

class TooDeep extends Error {
  constructor(readonly index: number) {
    super('nesting too deep');
  }
}
class TooManyNodes extends Error {
  constructor(readonly index: number) {
    super('too many nodes');
  }
}

/**
 * A DomHandler that refuses the page as soon as an element opens deeper than the depth limit, or
 * the tree passes the node limit: before the work or the memory grows past them.
 */
class BoundedHandler extends DomHandler {
  private nodes = 0;
  constructor(
    private readonly maxDepth: number,
    private readonly maxNodes: number,
    private readonly meter: Meter | undefined,
  ) {
    super(undefined, { withStartIndices: true });
  }
  private count(): void {
    if (++this.nodes > this.maxNodes) throw new TooManyNodes(this.tagStack.length > 1 ? ((this.tagStack[this.tagStack.length - 1] as Element).startIndex ?? 0) : 0);
  }
  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    // tagStack holds the document too: its length is the new element's depth.
    const depth = this.tagStack.length - 1;
    this.meter?.add(depth);
    if (depth > this.maxDepth) throw new TooDeep((this.tagStack[this.tagStack.length - 1] as Element).startIndex ?? 0);
    this.count();
  }
  override onclosetag(): void {
    this.meter?.add(this.tagStack.length);
    super.onclosetag();
  }
  override ontext(data: string): void {
    this.meter?.add(1 + data.length);
    this.count();
    super.ontext(data);
  }
  override oncomment(data: string): void {
    this.meter?.add(1 + data.length);
    this.count();
    super.oncomment(data);
  }
  override oncdatastart(): void {
    this.count();
    super.oncdatastart();
  }
  override onprocessinginstruction(name: string, data: string): void {
    this.count();
    super.onprocessinginstruction(name, data);
  }
}

const isTag = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';

/** Text of a cell as a browser shows it: <br> as a line break, scripts and styles left out, spaces collapsed. */
function cellText(cell: Element): string {
  const parts: string[] = [];
  const walk = (node: ChildNode) => {
    if (node.type === 'text') parts.push(node.data);
    else if (node.type === 'tag') {
      if (node.name === 'br') parts.push('\n');
      for (const child of node.children) walk(child);
      if (node.name === 'p' || node.name === 'div' || node.name === 'li') parts.push('\n');
    }
    // script, style and comments are not text a reader of the page sees
  };
  for (const child of cell.children) walk(child);
  return parts
    .join('')
    .split('\n')
    .map((l) => l.replace(/[ \t\r\f\u00a0]+/g, ' ').trim())
    .filter((l, i, all) => l !== '' || (i > 0 && i < all.length - 1))
    .join('\n')
    .trim();
}

interface TableData {
  element: Element;
  rows: { line: number; cells: string[]; header: boolean }[];
}

/**
 * The rows of a table itself, not of tables nested in it (they are candidates of their own), in
 * document order; colspan pads with empty cells. Every node is visited by one table only.
 */
function readTable(table: Element, lines: Lines): TableData {
  const rows: TableData['rows'] = [];
  const readRow = (tr: Element) => {
    const cells: string[] = [];
    let allTh = true;
    for (const cell of tr.children) {
      if (!isTag(cell) || (cell.name !== 'td' && cell.name !== 'th')) continue;
      if (cells.length > MAX_COLUMNS) break; // one cell past the limit is enough to refuse the row
      if (cell.name !== 'th') allTh = false;
      cells.push(cellText(cell));
      const span = Number(cell.attribs.colspan ?? 1);
      for (let i = 1; i < Math.min(span, 100) && cells.length <= MAX_COLUMNS; i++) cells.push('');
    }
    rows.push({ line: lines.line(tr.startIndex ?? 0), cells, header: allTh && cells.length > 0 });
  };
  // An explicit stack: the depth is bounded, but nothing here needs the call stack.
  const stack: ChildNode[] = [...table.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (!isTag(node) || node.name === 'table') continue;
    if (node.name === 'tr') readRow(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return { element: table, rows };
}

function describe(el: Element, index: number): string {
  const id = el.attribs.id;
  const cls = el.attribs.class?.trim().split(/\s+/).join('.');
  return `table${id ? `#${id}` : cls ? `.${cls}` : `:nth-of-type(${index + 1})`}`;
}

/** Every <table> of the document, in document order. */
function allTables(doc: Document): Element[] {
  const out: Element[] = [];
  const stack: ChildNode[] = [...doc.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (!isTag(node)) continue;
    if (node.name === 'table') out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

export async function openHtml(source: ByteSource, options: HtmlOptions = {}): Promise<TableReader> {
  const fail = (issue: Omit<ImportIssue, 'file'>): ImportFileError =>
    new ImportFileError([{ ...(options.fileName !== undefined ? { file: options.fileName } : {}), ...issue }]);
  const bytes = await readWholeFile(source, options.maxBytes ?? DEFAULT_MAX_BYTES, fail);
  let encoding = detectEncoding(bytes, { complete: true });
  if (encoding === 'utf-8' || encoding === 'windows-1252') encoding = declaredCharset(bytes) ?? encoding;
  const decoder = createDecoder(encoding);
  const html = decoder.decode(bytes) + decoder.end();
  const lines = new Lines(html);
  options.meter?.add(html.length);

  const maxDepth = options.maxDepth ?? MAX_HTML_DEPTH;
  const maxNodes = options.maxNodes ?? MAX_HTML_NODES;
  const handler = new BoundedHandler(maxDepth, maxNodes, options.meter);
  try {
    const parser = new Parser(handler, { decodeEntities: true });
    parser.end(html);
  } catch (e) {
    if (e instanceof TooDeep) {
      const at = lines.at(e.index);
      throw fail({ severity: 'error', code: 'nesting-too-deep', line: at.line, column: String(at.column), message: msg.nestingTooDeep(maxDepth, at.line, at.column) });
    }
    if (e instanceof TooManyNodes) {
      const line = lines.line(e.index);
      throw fail({ severity: 'error', code: 'too-many-nodes', line, message: msg.tooManyNodes(maxNodes, line) });
    }
    // Never the parser's own words in a report: ours, with the cause kept for the log.
    throw new ImportFileError([{ ...(options.fileName !== undefined ? { file: options.fileName } : {}), severity: 'error', code: 'unreadable-file', message: msg.unreadableHtml() }], { cause: e });
  }
  const doc = handler.root;

  let candidates: Element[];
  if (options.tableSelector) {
    const selector = options.tableSelector;
    if (selector.length > MAX_SELECTOR_CHARS)
      throw fail({ severity: 'error', code: 'table-not-found', value: selector.slice(0, 120), message: msg.selectorTooLong(MAX_SELECTOR_CHARS) });
    const notFound = () => fail({ severity: 'error', code: 'table-not-found', value: selector, message: msg.tableNotFound(selector) });
    const $ = cheerio.load(doc);
    let picked: ReturnType<typeof $>;
    try {
      picked = $(selector);
    } catch {
      throw notFound();
    }
    const first = picked.first();
    const table = first.is('table') ? first : first.find('table').first();
    if (!table.length) throw notFound();
    candidates = [table[0] as unknown as Element];
  } else candidates = allTables(doc);

  // Score each table's header row (its first row) against the profiles; the best pair wins.
  const profiles = options.profile ? [options.profile] : PROFILES;
  let best: { data: TableData; index: number; score: number } | null = null;
  candidates.forEach((el, index) => {
    const data = readTable(el, lines);
    options.meter?.add(data.rows.length);
    const head = data.rows.find((r) => r.cells.some((c) => c !== ''));
    if (!head) return;
    const score = Math.max(...profiles.map((p) => scoreTable(head.cells, p, options.mapping)));
    if (options.tableSelector || (score > 0 && (!best || score > best.score))) best = { data, index, score };
  });
  const chosen = best as { data: TableData; index: number; score: number } | null;
  if (!chosen) throw fail({ severity: 'error', code: 'no-table', message: msg.noTable(candidates.length) });

  const nonEmpty = chosen.data.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const headRow = nonEmpty[0];
  if (!headRow) throw fail({ severity: 'error', code: 'no-header', message: msg.noHeader() });
  const header = headRow.cells.map((c) => c.replace(/\s+/g, ' ').trim());
  const hasNul = html.includes('\u0000');
  const body: TableRow[] = nonEmpty.slice(1).map((r) => tableRow(r.line, r.cells, hasNul ? nulIssues(r.cells, r.line, header, undefined) : undefined));

  return {
    meta: {
      format: 'html',
      encoding: decoder.encoding,
      delimiter: null,
      header,
      headerLine: headRow.line,
      sheet: null,
      table: describe(chosen.data.element, chosen.index),
    },
    issues: [],
    async *batches() {
      for (let i = 0; i < body.length; i += 64) yield body.slice(i, i + 64);
    },
  };
}
