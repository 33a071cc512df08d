// The export formats (CSV, XLSX, publiccode.yml, iCalendar): pure functions over plain rows, for the API and the CLI.
export { type ExportCell, type ExportColumn, type ExportLanguage, type ExportValue, exportCell, neutralizeCell } from './table.ts';
export { type CsvOptions, csvChunks } from './csv.ts';
export { toXlsx, type XlsxOptions } from './xlsx.ts';
export { PUBLICCODE_YML_VERSION, type PubliccodeExport, type PubliccodeSource, toPubliccodeYml } from './publiccode.ts';
export { type CalendarEvent, type CalendarOptions, toICalendar } from './icalendar.ts';
