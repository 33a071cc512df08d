// Every limit the importers enforce, in one place, each with the reason for its value. A file
// past a limit is refused promptly with an issue that names the limit (and, where there is one,
// the line and column), never by running out of time or memory. The README's "Limits" table is
// written from this module: change both together.

/** The upload itself. The HTTP route refuses a larger body before it is buffered. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Columns in the header (and cells read in any one row). KITOS's widest export has ~60 columns and
 * Excel's own sheet has 16,384; 1,000 leaves room for any inventory while keeping the per-row
 * work (one parser per column) and the column plan small.
 */
export const MAX_COLUMNS = 1_000;

/** Characters in one cell: Excel's own limit for a cell, so anything Excel wrote fits. */
export const MAX_CELL_CHARS = 32_767;

/**
 * Characters in one CSV row while it is being read (a quote never closed makes the rest of the
 * file one row). Large enough for a row of long cells, small enough to stop a runaway quote early.
 */
export const MAX_ROW_CHARS = 1_000_000;

/**
 * Data rows in one file. The benchmark (bench/import.ts) imports 1,000,000 rows; twice that is
 * still a file an import finishes in minutes, and past it a file is not an inventory.
 */
export const MAX_ROWS = 2_000_000;

/**
 * Element nesting in an HTML page. Real pages nest a few dozen deep; an HTML tree builder's work
 * per tag grows with the depth, so a page of 100,000 nested elements would take minutes.
 */
export const MAX_HTML_DEPTH = 256;

/**
 * Nodes (elements, texts, comments) in an HTML page's tree. Each takes ~220 bytes of memory, so a
 * 50 MB page of empty tags would need gigabytes; a page listing 50,000 systems has under a million.
 */
export const MAX_HTML_NODES = 1_000_000;

/**
 * Bytes an .xlsx may inflate to: the parts that are read (workbook, relations, styles, shared
 * strings and the one sheet) together, checked against the sizes the zip declares and counted
 * again while inflating. 200 MB of sheet XML is several hundred thousand rows; a zip bomb stops here.
 */
export const MAX_XLSX_INFLATED_BYTES = 200 * 1024 * 1024;

/** Entries in an .xlsx's zip directory. A workbook has a few dozen; thousands mean something else. */
export const MAX_XLSX_ENTRIES = 10_000;

/**
 * Characters in one XML tag of an .xlsx part (its name and attributes). Real tags are under a few
 * hundred characters; the reader keeps at most one unfinished tag in memory.
 */
export const MAX_XML_TAG_CHARS = 64 * 1024;

/** A publiccode.yml: real ones are a few kilobytes (os2mo's, one of the longest, is ~6 KB). */
export const MAX_PUBLICCODE_BYTES = 512 * 1024;

/**
 * YAML aliases (`*name`) resolved in a publiccode.yml. The standard uses none; each one can copy a
 * whole subtree, so a few nested aliases blow up ("billion laughs"). The yaml package's default.
 */
export const MAX_YAML_ALIASES = 100;

/** Nesting of mappings and lists in a publiccode.yml: the standard's deepest key is 4 levels. */
export const MAX_YAML_DEPTH = 64;

/** Issues one publiccode.yml reports; the rest are counted in one closing issue. */
export const MAX_PUBLICCODE_ISSUES = 1_000;

/** A CSS selector for the HTML table to read. */
export const MAX_SELECTOR_CHARS = 256;

/**
 * The limits as the README lists them: what, how much and why. A test keeps this list and the
 * constants above in step.
 */
export const LIMITS: readonly { name: string; value: number; unit: string; why: string }[] = [
  { name: 'File size', value: MAX_FILE_BYTES, unit: 'bytes', why: 'an upload is read into memory once; larger inventories can be split' },
  { name: 'Columns', value: MAX_COLUMNS, unit: 'columns', why: 'KITOS exports ~60; every column costs a parser per row' },
  { name: 'Cell length', value: MAX_CELL_CHARS, unit: 'characters', why: "Excel's own limit for one cell" },
  { name: 'CSV row length', value: MAX_ROW_CHARS, unit: 'characters', why: 'stops a quote that is never closed' },
  { name: 'Rows', value: MAX_ROWS, unit: 'rows', why: 'twice the 1,000,000-row benchmark' },
  { name: 'HTML nesting depth', value: MAX_HTML_DEPTH, unit: 'elements', why: "an HTML parser's work per tag grows with the depth" },
  { name: 'HTML nodes', value: MAX_HTML_NODES, unit: 'nodes', why: '~220 bytes of memory each; 50,000 table rows need under a million' },
  { name: 'xlsx inflated size', value: MAX_XLSX_INFLATED_BYTES, unit: 'bytes', why: 'zip bombs: declared sizes and inflated bytes are both checked' },
  { name: 'xlsx zip entries', value: MAX_XLSX_ENTRIES, unit: 'entries', why: 'a workbook has a few dozen' },
  { name: 'xlsx XML tag length', value: MAX_XML_TAG_CHARS, unit: 'characters', why: 'the reader holds at most one unfinished tag' },
  { name: 'publiccode.yml size', value: MAX_PUBLICCODE_BYTES, unit: 'bytes', why: 'real ones are a few kilobytes' },
  { name: 'YAML aliases', value: MAX_YAML_ALIASES, unit: 'aliases', why: '"billion laughs": each alias can copy a subtree' },
  { name: 'YAML nesting depth', value: MAX_YAML_DEPTH, unit: 'levels', why: 'the standard nests 4 deep' },
  { name: 'CSS selector length', value: MAX_SELECTOR_CHARS, unit: 'characters', why: 'the selector is run against every element' },
];

/**
 * Work a parser did, in units that grow with its input: characters handed to the CSV parser,
 * bytes inflated and characters tokenised for xlsx, tags times depth for HTML, probes for the
 * header plan. Tests give a meter and bound the units by the input's size, which shows the cost
 * is linear without timing anything. Optional everywhere: without a meter nothing is counted.
 */
export class Meter {
  units = 0;
  add(n: number): void {
    this.units += n;
  }
}
