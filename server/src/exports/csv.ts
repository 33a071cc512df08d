// CSV for spreadsheets: UTF-8 with a BOM (so Excel doesn't guess Windows-1252), `;` and a decimal
// comma for Danish Excel or `,` and a dot on request, RFC 4180 quoting, streamed in batches.
import { type ExportColumn, type ExportLanguage, exportCell, headerLabel } from './table.ts';

export interface CsvOptions {
  delimiter: ';' | ',';
  language: ExportLanguage;
  /** Rows per yielded chunk. */
  batchSize?: number;
}

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * Yields the BOM and header first (so a download starts before the first row is read), then one
 * string per `batchSize` rows. Encode each chunk as UTF-8.
 */
export async function* csvChunks<Row>(
  columns: readonly ExportColumn<Row>[],
  rows: Iterable<Row> | AsyncIterable<Row>,
  options: CsvOptions,
): AsyncGenerator<string> {
  const { delimiter, language, batchSize = 500 } = options;
  const field = (s: string) => (s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  yield BOM + columns.map((c) => field(headerLabel(c, language))).join(delimiter) + CRLF;

  let chunk = '';
  let n = 0;
  for await (const row of rows) {
    chunk +=
      columns
        .map((c) => {
          const cell = exportCell(c, row, language);
          switch (cell.kind) {
            case 'empty':
              return '';
            case 'number':
              // Decimal comma for da-DK Excel; no thousands separator, which would be one more locale guess.
              return delimiter === ';' ? String(cell.value).replace('.', ',') : String(cell.value);
            case 'date':
              return cell.iso;
            case 'text':
              return field(cell.text);
          }
        })
        .join(delimiter) + CRLF;
    if (++n % batchSize === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
