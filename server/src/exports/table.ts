// The column model CSV and XLSX share, so a list exports the same cells in both formats, and the
// one rule both apply to text: a cell a spreadsheet could read as a formula is neutralised.

export type ExportLanguage = 'da' | 'en';
export type ExportValue = string | number | boolean | null | undefined;

export interface ExportColumn<Row> {
  /** Stable machine name (for the caller's column selection; not written to the file). */
  key: string;
  label: { da: string; en: string };
  /** The cell's value; `language` is the export's, for columns that write a code's label. */
  value: (row: Row, language: ExportLanguage) => ExportValue;
  /**
   * How to write the value. Without it: numbers are numbers, booleans are Ja/Nej, the rest text.
   * `boolean` also takes the database's 0|1 flags; `number` also takes numeric strings (pg returns
   * bigint and numeric as strings); `date` takes ISO `yyyy-mm-dd`. A value that doesn't fit is text.
   */
  type?: 'text' | 'number' | 'date' | 'boolean';
  /** XLSX column width in characters; estimated from the content when absent. */
  width?: number;
}

/** One cell, decided once for both formats. Text is already neutralised. */
export type ExportCell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; iso: string };

/**
 * OWASP "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection) lists the leading
 * characters that make Excel, LibreOffice and Google Sheets treat a cell as a formula: `=`, `+`,
 * `-`, `@`, tab (0x09) and carriage return (0x0D). OWASP ASVS 5.0 (V1.2.10) adds NUL (0x00), and
 * applies the rule to XLSX too. Line feed (0x0A) is in neither list, so it is not here: we follow
 * the guidance rather than guess (a cell with a line feed is quoted in CSV anyway). The remedy
 * both give is the one used here: prefix a single quote, which the spreadsheet reads as "text".
 * Separator and quote characters inside a cell, which could otherwise start a new cell, are
 * handled by RFC 4180 quoting in csv.ts, as OWASP also requires. The full-width forms ＝ ＋ － ＠
 * (U+FF1D, U+FF0B, U+FF0D, U+FF20) are here too: spreadsheets with East Asian input handling
 * (Excel among them) fold them to their ASCII twins and start a formula just the same.
 */
const FORMULA_START = /^[=+\-@\t\r\0\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A coded value as two columns: its label in the export's language (what a reader reads) and the
 * code itself (what a program filters on), e.g. "Driftsform" = "Leverandørdrift / SaaS" and
 * "Driftsform (kode)" = "vendor_hosted".
 */
export function codedColumns<Row>(
  key: string,
  label: { da: string; en: string },
  code: (row: Row) => string | null | undefined,
  words: (code: string, language: ExportLanguage) => string,
): ExportColumn<Row>[] {
  return [
    { key, label, value: (row, language) => { const c = code(row); return c == null || c === '' ? null : words(c, language); } },
    { key: `${key}Code`, label: { da: `${label.da} (kode)`, en: `${label.en} (code)` }, value: (row) => code(row), type: 'text' },
  ];
}

const YES_NO = { da: ['Ja', 'Nej'], en: ['Yes', 'No'] } as const;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMERIC = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const EMPTY: ExportCell = { kind: 'empty' };

export function exportCell<Row>(column: ExportColumn<Row>, row: Row, language: ExportLanguage): ExportCell {
  const v = column.value(row, language);
  if (v === null || v === undefined || v === '') return EMPTY;
  const type = column.type ?? (typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'text');
  const text = (s: string): ExportCell => ({ kind: 'text', text: neutralizeCell(s) });
  if (typeof v === 'boolean' || (type === 'boolean' && (v === 0 || v === 1))) return text(YES_NO[language][v ? 0 : 1]);
  switch (type) {
    case 'number': {
      const n = typeof v === 'number' ? v : NUMERIC.test(v.trim()) ? Number(v.trim()) : null;
      if (n === null) return text(String(v));
      // NaN and ±Infinity have no cell value in either format; -0 would print as "0" anyway.
      return Number.isFinite(n) ? { kind: 'number', value: n === 0 ? 0 : n } : EMPTY;
    }
    case 'date':
      return typeof v === 'string' && isIsoDate(v) ? { kind: 'date', iso: v } : text(String(v));
    default:
      return text(String(v));
  }
}

export function headerLabel<Row>(column: ExportColumn<Row>, language: ExportLanguage): string {
  return neutralizeCell(column.label[language]);
}

/** A real calendar date in `yyyy-mm-dd` (not 2025-02-30). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}
