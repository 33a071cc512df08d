// Reads a small reference CSV (UTF-8, header row) and validates each row with a zod schema;
// a bad cell is reported with the file, the line and the column.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import type { z } from 'zod';
import { type FieldError, ReferenceDataError } from '../errors.ts';

export function readCsv<S extends z.ZodType>(file: string, schema: S): z.output<S>[] {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const name = basename(file);
  const errors: FieldError[] = [];
  const rows: z.output<S>[] = [];
  // Each row's line is counted from the parser's cursor, so quoted cells with line breaks
  // do not shift the line numbers of the rows after them.
  let offset = 0;
  let line = 1;
  const lineAt = (cursor: number) => {
    for (; offset < cursor; offset++) if (text.charCodeAt(offset) === 10) line++;
    return line;
  };
  let rowStart = text.indexOf('\n') + 1;
  Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    step: (result) => {
      while (text[rowStart] === '\r' || text[rowStart] === '\n') rowStart++; // skipped blank lines
      const at = lineAt(rowStart);
      rowStart = result.meta.cursor + 1;
      for (const e of result.errors) {
        errors.push({ file: name, line: at, message: { da: `CSV-fejl: ${e.message}`, en: `CSV error: ${e.message}` } });
      }
      const row = result.data;
      const parsed = schema.safeParse(row);
      if (parsed.success) rows.push(parsed.data);
      else
        for (const issue of parsed.error.issues) {
          const column = String(issue.path[0] ?? '');
          errors.push({
            file: name,
            line: at,
            column,
            value: String(row[column] ?? '').slice(0, 80),
            message: { da: issue.message, en: issue.message },
          });
        }
    },
  });
  if (errors.length) {
    const first = errors.slice(0, 5).map((e) => `${e.file}:${e.line ?? '?'} ${e.column ?? ''} ${e.message.en}`);
    throw new ReferenceDataError(`Invalid reference data in ${name}:\n  ${first.join('\n  ')}`, errors);
  }
  return rows;
}
