// One shape for every list a user can see (usages, contracts, products, vendors, alternatives,
// scores …): its filters as a zod schema, its sort keys, a query that honours the principal's
// rights, and its export columns. The API answers a list as JSON, CSV or XLSX from it, and
// `handlefrihed export` writes the same files from it — one code path per list.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Principal } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import type { ExportColumn } from '../../exports/index.ts';

export interface ListQuery<Filters> {
  filters: Filters;
  sort: string;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface ListResource<Filters extends object, Row> {
  /** The name in the API path and on the command line (`handlefrihed export <name>`). */
  name: string;
  /** The filters users filter on, as query-string fields (all optional; coerce numbers). */
  filters: z.ZodObject<z.ZodRawShape, z.core.$strip> & z.ZodType<Filters>;
  /** Sort keys; the first is the default. */
  sorts: readonly [string, ...string[]];
  defaultOrder: 'asc' | 'desc';
  /**
   * The page of rows the principal may see, and how many match in all. Throws ForbiddenError /
   * UnauthenticatedError (through the policy) when the principal may not list at all.
   */
  list(db: Kysely<Database>, principal: Principal, q: ListQuery<Filters>): Promise<{ items: Row[]; total: number }>;
  /** The columns of a CSV/XLSX export, in order. */
  columns: readonly ExportColumn<Row>[];
}

/** The most rows one export holds; larger exports are refused with a hint to filter. */
export const MAX_EXPORT_ROWS = 200_000;
