// XLSX of a list: real number and date cells (so sorting and sums work), a bold, frozen header,
// widths from the content, and text neutralised as in CSV.
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';
import { type ExportColumn, type ExportLanguage, exportCell, headerLabel } from './table.ts';

export interface XlsxOptions {
  language: ExportLanguage;
  sheetName: string;
}

/** Excel refuses longer cell text ("repair" dialog); the rest of the file is worth more than the tail. */
const MAX_CELL_TEXT = 32_767;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/**
 * Text is neutralised here too, although an XLSX string cell is never evaluated: OWASP ASVS asks
 * for it in every spreadsheet format, because editing such a cell in Excel (F2, Enter) or saving
 * the sheet as CSV turns the text into a live formula.
 */
export async function toXlsx<Row>(columns: readonly ExportColumn<Row>[], rows: readonly Row[], options: XlsxOptions): Promise<Buffer> {
  const { language } = options;
  const widths = columns.map((c) => c.label[language].length);
  const data: SheetData = [columns.map((c) => ({ value: headerLabel(c, language), type: String, fontWeight: 'bold' }))];
  for (const row of rows) {
    data.push(
      columns.map((c, i): Cell => {
        const cell = exportCell(c, row, language);
        let shown = 0;
        let out: Cell = null;
        switch (cell.kind) {
          case 'empty':
            break;
          case 'number':
            out = { value: cell.value, type: Number };
            shown = String(cell.value).length;
            break;
          case 'date': {
            const [y, m, d] = cell.iso.split('-').map(Number) as [number, number, number];
            out = { value: new Date(Date.UTC(y, m - 1, d)), type: Date, format: 'yyyy-mm-dd' };
            shown = 10;
            break;
          }
          case 'text': {
            const text = cell.text.length > MAX_CELL_TEXT ? `${cell.text.slice(0, MAX_CELL_TEXT - 1)}…` : cell.text;
            out = { value: text, type: String };
            shown = Math.max(...text.split(/\r\n|\r|\n/).map((l) => l.length));
            break;
          }
        }
        widths[i] = Math.max(widths[i]!, shown);
        return out;
      }),
    );
  }
  return writeXlsxFile(data, {
    sheet: sheetName(options.sheetName, language),
    columns: columns.map((c, i) => ({ width: c.width ?? Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widths[i]! + 2)) })),
    stickyRowsCount: 1,
  }).toBuffer();
}

/** Excel's rules: 1–31 characters, none of []/\:*?, not starting or ending with an apostrophe. */
export function sheetName(name: string, language: ExportLanguage): string {
  const trim = (s: string) => s.replace(/^[\s']+|[\s']+$/g, '');
  const clean = trim(trim(name.replace(/[[\]/\\:*?]/g, ' ').replace(/\s+/g, ' ')).slice(0, 31));
  return clean || (language === 'da' ? 'Eksport' : 'Export');
}
