// What the inventory lists (services/lists: usages, contracts, integrations) share: which
// municipalities' inventories a principal may read — decided by the policy for each municipality
// and its visibility setting — and a case-insensitive name search that behaves alike on SQLite
// and PostgreSQL, Danish letters included.
import { type Expression, type OrderByModifiersCallbackExpression, type SqlBool, sql } from 'kysely';
import { canReadInventory, DEFAULT_VISIBILITY, type InventoryVisibility, type Principal, refuse } from '../auth/policy.ts';
import { NotFoundError } from '../errors.ts';
import { type Db, isPostgres } from './db-types.ts';

export interface MunicipalityVisibility {
  code: number;
  visibility: InventoryVisibility;
}

/** Every municipality with its inventory visibility (the default where none is stored). */
export async function municipalityVisibilities(db: Db): Promise<MunicipalityVisibility[]> {
  const rows = await db
    .selectFrom('municipalities as m')
    .leftJoin('municipality_settings as s', 's.municipality_code', 'm.code')
    .select(['m.code', 's.inventory_visibility'])
    .orderBy('m.code')
    .execute();
  return rows.map((r) => ({ code: r.code, visibility: (r.inventory_visibility as InventoryVisibility | null) ?? DEFAULT_VISIBILITY }));
}

/** `all`: no restriction; otherwise the municipality codes to keep. */
export type InventoryScope = 'all' | number[];

/**
 * The municipalities whose current inventory `principal` may read (canReadInventory with each
 * one's visibility), narrowed to `requested` when given. Throws NotFoundError for an unknown
 * municipality, and UnauthenticatedError/ForbiddenError when the requested municipality — or,
 * without one, every municipality — is closed to the principal.
 */
export async function inventoryScope(db: Db, principal: Principal, requested?: number): Promise<InventoryScope> {
  const all = await municipalityVisibilities(db);
  const readable = all.filter((m) => canReadInventory(principal, m.code, m.visibility)).map((m) => m.code);
  if (requested !== undefined) {
    if (!all.some((m) => m.code === requested)) throw new NotFoundError(`No municipality with code ${requested}`);
    if (!readable.includes(requested)) refuse(principal, `see the inventory of municipality ${requested}`);
    return [requested];
  }
  if (readable.length === 0) refuse(principal, 'see municipal inventories');
  return readable.length === all.length ? 'all' : readable;
}

/**
 * `column` contains `needle`, ignoring case — also for æ, ø, å and other non-ASCII letters, which
 * SQLite's LIKE and lower() only fold for ASCII and PostgreSQL's ILIKE not under LC_CTYPE=C. So
 * each letter becomes a character class of its two cases (`økonomi` → `[øØ][kK]…`), matched with
 * GLOB on SQLite and a regular expression on PostgreSQL; everything else is literal.
 */
export function containsIgnoringCase(db: Db, column: string, needle: string): Expression<SqlBool> {
  const postgres = isPostgres(db);
  let pattern = '';
  for (const ch of needle) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower !== upper && [...lower].length === 1 && [...upper].length === 1) pattern += `[${lower}${upper}]`;
    // A backslash before a non-alphanumeric character is that character in PostgreSQL's regular expressions.
    else if (postgres) pattern += /[\p{L}\p{N}]/u.test(ch) ? ch : `\\${ch}`;
    else pattern += ch === '*' || ch === '?' || ch === '[' ? `[${ch}]` : ch;
  }
  return postgres ? sql<SqlBool>`${sql.ref(column)} ~ ${pattern}` : sql<SqlBool>`${sql.ref(column)} glob ${`*${pattern}*`}`;
}

/** An ORDER BY direction with NULLs last either way (SQLite puts them first ascending, PostgreSQL last). */
export const nullsLast =
  (dir: 'asc' | 'desc'): OrderByModifiersCallbackExpression =>
  (ob) =>
    (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast();
