// `handlefrihed export <list>`: the lists of the API (services/lists) as CSV, XLSX or JSON, to a
// file or standard output, through the same resources and formatters as the downloads. The CLI
// runs on the server with the database in hand, so it reads as a local administrator.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Principal } from '../auth/policy.ts';
import { csvChunks, toXlsx } from '../exports/index.ts';
import { InputError } from '../errors.ts';
import { findListResource, listNames } from '../services/lists/index.ts';
import { MAX_EXPORT_ROWS } from '../services/lists/list-resource.ts';
import { cliActorLabel } from './actor.ts';
import { UsageError, withPreparedDatabase } from './context.ts';

export const EXPORT_USAGE = `Brug / usage: handlefrihed export <liste> [--municipality KODE] [--format csv|xlsx|json] [--out FIL]
                                 [--lang da|en] [--delimiter semicolon|comma] [--sort FELT] [--order asc|desc]

  Lister / lists: ${listNames.join(', ')}
  --municipality KODE  Kun denne kommune (lister med kommuner) / only this municipality
  --format             csv (standard: UTF-8 med BOM, ; til dansk Excel), xlsx eller json ({ items, total })
  --out FIL            Skriv til filen; uden --out til standard output / without it, to standard output
  --lang               Sprog i kolonneoverskrifterne / language of the headings (da)
  --delimiter          CSV-skilletegn: semicolon (;) eller comma (,)
  --sort, --order      Sortering som i API'et / sorting as in the API`;

const FORMATS = ['csv', 'xlsx', 'json'] as const;
const DELIMITERS: Record<string, ';' | ','> = { semicolon: ';', ';': ';', comma: ',', ',': ',' };

export interface ExportIo {
  /** Where the file goes without --out (process.stdout). */
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Messages for the user (with --out only: without it, standard output is the file). */
  log: (m: string) => void;
}

/** The principal of the command line: a local administrator, named in logs as cli:<user> (or cli:<e-mail> with --as). */
export function cliPrincipal(): Principal {
  // userId 0: no account row, but signed in (the database is in the operator's hands anyway).
  return { userId: 0, label: cliActorLabel(), grants: [{ role: 'admin', municipalityCode: null }], via: 'token', demoMode: false };
}

async function write(out: NodeJS.WritableStream, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function openFile(path: string): Promise<NodeJS.WritableStream> {
  const file = createWriteStream(path);
  try {
    await once(file, 'open');
  } catch (err) {
    throw new InputError(`Cannot write ${path}: ${(err as Error).message}`, [{ field: 'out', value: path, message: { da: 'Filen kan ikke skrives', en: 'The file cannot be written' } }]);
  }
  return file;
}

export async function runExport(args: string[], io: ExportIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      municipality: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      lang: { type: 'string', default: 'da' },
      delimiter: { type: 'string', default: 'semicolon' },
      sort: { type: 'string' },
      order: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(`${EXPORT_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`export needs exactly one list: ${listNames.join(', ')}\n\n${EXPORT_USAGE}`);
  const name = positionals[0]!;
  const resource = findListResource(name);
  if (!resource) throw new UsageError(`Unknown list: ${name} (one of ${listNames.join(', ')})`);
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (values.lang !== 'da' && values.lang !== 'en') throw new UsageError('--lang must be da or en');
  const language = values.lang;
  const delimiter = DELIMITERS[values.delimiter];
  if (!delimiter) throw new UsageError('--delimiter must be semicolon or comma');
  const sort = values.sort ?? resource.sorts[0];
  if (!resource.sorts.includes(sort)) throw new UsageError(`--sort for ${name} must be one of ${resource.sorts.join(', ')}`);
  const order = values.order ?? resource.defaultOrder;
  if (order !== 'asc' && order !== 'desc') throw new UsageError('--order must be asc or desc');
  const rawFilters: Record<string, string> = {};
  if (values.municipality !== undefined) {
    if (!('municipality' in resource.filters.shape)) throw new UsageError(`export ${name} has no --municipality filter`);
    rawFilters.municipality = values.municipality;
  }
  const parsed = resource.filters.safeParse(rawFilters);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  if (format === 'xlsx' && !values.out && io.stdout.isTTY) throw new UsageError('An XLSX file is binary: give --out FILE (or redirect standard output)');

  const { items, total } = await withPreparedDatabase(({ db }) => resource.list(db, cliPrincipal(), { filters: parsed.data, sort, order, limit: MAX_EXPORT_ROWS + 1, offset: 0 }));
  if (items.length > MAX_EXPORT_ROWS) {
    throw new InputError(`More than ${MAX_EXPORT_ROWS} rows match; narrow the filters (--municipality)`, [
      { field: 'municipality', message: { da: `Mere end ${MAX_EXPORT_ROWS} rækker: afgræns med --municipality`, en: `More than ${MAX_EXPORT_ROWS} rows: narrow with --municipality` } },
    ]);
  }

  const out: NodeJS.WritableStream = values.out ? await openFile(values.out) : io.stdout;
  try {
    if (format === 'json') await write(out, `${JSON.stringify({ items, total }, null, 2)}\n`);
    else if (format === 'xlsx') await write(out, await toXlsx([...resource.columns], items, { language, sheetName: name }));
    else for await (const chunk of csvChunks([...resource.columns], items, { delimiter, language })) await write(out, chunk);
  } finally {
    if (values.out) {
      out.end();
      await once(out, 'close');
    }
  }
  if (values.out) io.log(`${items.length} rækker skrevet til ${values.out} / ${items.length} rows written (${name}, ${format})`);
  return 0;
}
