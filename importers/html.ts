// HTML table reader (cheerio): a saved web page on which a municipality publishes its system list.
// Picks the table whose header best matches a profile (a navigation table scores nothing), or the
// one a CSS selector names; rows keep the source line of their <tr>.
import * as cheerio from 'cheerio';
import { createDecoder, detectEncoding } from './encoding.ts';
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
}

/** The few DOM node properties we read (cheerio's node types live in a package we do not depend on). */
interface HNode {
  type: string;
  data?: string;
  name?: string;
  children?: HNode[];
  sourceCodeLocation?: { startLine: number } | null;
}
type Element = HNode & { name: string; children: HNode[] };

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

/** Text of a cell as a browser shows it: <br> as a line break, scripts and styles left out, spaces collapsed. */
function cellText(cell: Element): string {
  const parts: string[] = [];
  const walk = (node: HNode) => {
    if (node.type === 'text') parts.push(node.data ?? '');
    else if (node.type === 'tag') {
      if (node.name === 'br') parts.push('\n');
      for (const child of node.children ?? []) walk(child);
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

/** The rows of a table itself, not of tables nested in it; colspan pads with empty cells. */
function readTable($: cheerio.CheerioAPI, table: Element): TableData {
  const rows: TableData['rows'] = [];
  $(table as never)
    .find('tr')
    .each((_, tr) => {
      if (($(tr).closest('table')[0] as unknown) !== table) return;
      const cells: string[] = [];
      let allTh = true;
      $(tr)
        .children('td, th')
        .each((_, cell) => {
          if (cell.name !== 'th') allTh = false;
          cells.push(cellText(cell as unknown as Element));
          const span = Number($(cell).attr('colspan') ?? 1);
          for (let i = 1; i < Math.min(span, 100); i++) cells.push('');
        });
      const line = (tr as unknown as HNode).sourceCodeLocation?.startLine ?? 1;
      rows.push({ line, cells, header: allTh && cells.length > 0 });
    });
  return { element: table, rows };
}

function describe($: cheerio.CheerioAPI, el: Element, index: number): string {
  const id = $(el as never).attr('id');
  const cls = $(el as never).attr('class')?.trim().split(/\s+/).join('.');
  return `table${id ? `#${id}` : cls ? `.${cls}` : `:nth-of-type(${index + 1})`}`;
}

export async function openHtml(source: ByteSource, options: HtmlOptions = {}): Promise<TableReader> {
  const fail = (issue: Omit<ImportIssue, 'file'>): ImportFileError =>
    new ImportFileError([{ ...(options.fileName !== undefined ? { file: options.fileName } : {}), ...issue }]);
  const bytes = await readWholeFile(source, options.maxBytes ?? DEFAULT_MAX_BYTES, fail);
  let encoding = detectEncoding(bytes, { complete: true });
  if (encoding === 'utf-8' || encoding === 'windows-1252') encoding = declaredCharset(bytes) ?? encoding;
  const decoder = createDecoder(encoding);
  const html = decoder.decode(bytes) + decoder.end();

  const $ = cheerio.load(html, { sourceCodeLocationInfo: true } as Parameters<typeof cheerio.load>[1]);
  let candidates: Element[];
  if (options.tableSelector) {
    let picked: ReturnType<typeof $>;
    try {
      picked = $(options.tableSelector);
    } catch {
      throw fail({ severity: 'error', code: 'table-not-found', value: options.tableSelector, message: msg.tableNotFound(options.tableSelector) });
    }
    const first = picked.first();
    const table = first.is('table') ? first : first.find('table').first();
    if (!table.length) throw fail({ severity: 'error', code: 'table-not-found', value: options.tableSelector, message: msg.tableNotFound(options.tableSelector) });
    candidates = [table[0] as unknown as Element];
  } else candidates = $('table').toArray() as unknown as Element[];

  // Score each table's header row (its first row) against the profiles; the best pair wins.
  const profiles = options.profile ? [options.profile] : PROFILES;
  let best: { data: TableData; index: number; score: number } | null = null;
  candidates.forEach((el, index) => {
    const data = readTable($, el);
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
  const body: TableRow[] = nonEmpty.slice(1).map((r) => tableRow(r.line, r.cells));

  return {
    meta: {
      format: 'html',
      encoding: decoder.encoding,
      delimiter: null,
      header,
      headerLine: headRow.line,
      sheet: null,
      table: describe($, chosen.data.element, chosen.index),
    },
    issues: [],
    async *batches() {
      for (let i = 0; i < body.length; i += 64) yield body.slice(i, i + 64);
    },
  };
}
