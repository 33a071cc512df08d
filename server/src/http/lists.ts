// GET routes for the lists of services/lists: paging, sorting, filtering and — with
// `format=csv|xlsx` — the same rows as a download (CSV in UTF-8 with BOM, `;` for Danish Excel
// or `,` on request; every formula-looking cell neutralised). Documented in OpenAPI from the
// resource's own filter schema.
import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { InputError } from '../errors.ts';
import { csvChunks, toXlsx } from '../exports/index.ts';
import { type ListResource, MAX_EXPORT_ROWS } from '../services/lists/list-resource.ts';
import { createRouter, listOf, PageQuery, pick } from './openapi.ts';

export const ExportQuery = z.object({
  format: z.enum(['json', 'csv', 'xlsx']).default('json').openapi({ description: 'csv/xlsx: every matching row as a download (paging ignored)' }),
  delimiter: z.enum(['semicolon', 'comma']).default('semicolon').openapi({ description: 'CSV: `;` for Danish Excel (default) or `,`' }),
  lang: z.enum(['da', 'en']).default('da').openapi({ description: 'Language of the column headings' }),
});

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** A router with `GET path` for the resource (mount it where the resource lives). */
export function listRoute<F extends object, R>(
  db: Kysely<Database>,
  resource: ListResource<F, R>,
  doc: { path: string; tags: string[]; summary: string; item: z.ZodType; params?: z.ZodObject<z.ZodRawShape>; filtersFromParams?: (params: Record<string, unknown>) => Partial<F> },
) {
  const query = resource.filters
    .extend(PageQuery.shape)
    .extend({
      sort: z.enum(resource.sorts).default(resource.sorts[0]),
      order: z.enum(['asc', 'desc']).default(resource.defaultOrder),
    })
    .extend(ExportQuery.shape);
  const route = createRoute({
    method: 'get',
    path: doc.path,
    tags: doc.tags,
    summary: doc.summary,
    request: { query, ...(doc.params ? { params: doc.params } : {}) },
    responses: {
      200: {
        description: 'A page of rows (JSON), or every matching row as CSV or XLSX',
        content: {
          'application/json': { schema: listOf(doc.item) },
          'text/csv': { schema: z.string() },
          [CONTENT_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) },
        },
      },
      ...pick(400, 401, 403, 404),
    },
  });
  return createRouter().openapi(route, async (c) => {
    const q = c.req.valid('query') as Record<string, unknown> & { limit: number; offset: number; sort: string; order: 'asc' | 'desc'; format: 'json' | 'csv' | 'xlsx'; delimiter: 'semicolon' | 'comma'; lang: 'da' | 'en' };
    const { limit, offset, sort, order, format, delimiter, lang, ...rest } = q;
    const params = doc.params ? (c.req.valid('param' as never) as Record<string, unknown>) : {};
    const filters = { ...rest, ...doc.filtersFromParams?.(params) } as F;
    const principal = c.get('principal');
    if (format === 'json') {
      const page = await resource.list(db, principal, { filters, sort, order, limit, offset });
      return c.json({ ...page, limit, offset }, 200);
    }
    const all = await resource.list(db, principal, { filters, sort, order, limit: MAX_EXPORT_ROWS + 1, offset: 0 });
    if (all.items.length > MAX_EXPORT_ROWS) {
      throw new InputError(`More than ${MAX_EXPORT_ROWS} rows match; narrow the filters`, [
        { field: 'format', message: { da: `Mere end ${MAX_EXPORT_ROWS} rækker: afgræns med filtre`, en: `More than ${MAX_EXPORT_ROWS} rows: narrow the filters` } },
      ]);
    }
    const fileName = `${resource.name}-${new Date().toISOString().slice(0, 10)}.${format}`;
    c.header('content-disposition', `attachment; filename="${fileName}"`);
    c.header('content-type', CONTENT_TYPES[format]);
    if (format === 'xlsx') return c.body(new Uint8Array(await toXlsx([...resource.columns], all.items, { language: lang, sheetName: resource.name })), 200);
    const chunks = csvChunks([...resource.columns], all.items, { delimiter: delimiter === 'comma' ? ',' : ';', language: lang });
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    return c.body(stream, 200);
  });
}
