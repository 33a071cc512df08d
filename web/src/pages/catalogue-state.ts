// The catalogue page's search and filters as a query string (/katalog?search=…&category=…), so
// a filtered view can be linked and Back returns to it, and the same state as the API's list
// query (/api/v1/alternatives?…), for the results and for the CSV/XLSX downloads. Pure.
import { PUBLICCODE_VOCABULARY } from './catalogue-validation.ts';

export const SORTS = ['name', 'maturity', 'municipalities'] as const;
export type CatalogueSort = (typeof SORTS)[number];
/** The maturity thresholds offered (AMS at least …). */
export const MATURITY_STEPS = [25, 50, 75] as const;

export interface CatalogueState {
  /** Free text: every word in the name or a description. */
  search: string;
  category: string;
  /** An SPDX licence id the expression names. */
  license: string;
  developmentStatus: string;
  /** AMS at least this (0–100); null for any. */
  minMaturity: number | null;
  sort: CatalogueSort;
}

export const EMPTY_STATE: CatalogueState = { search: '', category: '', license: '', developmentStatus: '', minMaturity: null, sort: 'name' };

const SPDX_ID = /^[A-Za-z0-9.+-]{1,100}$/;

/** The state a query string asks for; values the API would refuse are dropped, not passed on. */
export function parseCatalogueState(query: string): CatalogueState {
  const p = new URLSearchParams(query);
  const text = (k: string) => (p.get(k) ?? '').trim();
  const search = text('search').slice(0, 200);
  const category = PUBLICCODE_VOCABULARY.categories.includes(text('category')) ? text('category') : '';
  const license = SPDX_ID.test(text('license')) ? text('license') : '';
  const developmentStatus = PUBLICCODE_VOCABULARY.developmentStatus.includes(text('status')) ? text('status') : '';
  const m = Number(text('maturity'));
  const minMaturity = text('maturity') !== '' && Number.isFinite(m) && m >= 0 && m <= 100 ? m : null;
  const sort = (SORTS as readonly string[]).includes(text('sort')) ? (text('sort') as CatalogueSort) : 'name';
  return { search, category, license, developmentStatus, minMaturity, sort };
}

/** The page's query string for a state ('' for no filters), in a fixed order so equal states give equal URLs. */
export function catalogueQueryString(s: CatalogueState): string {
  const p = new URLSearchParams();
  if (s.search.trim()) p.set('search', s.search.trim());
  if (s.category) p.set('category', s.category);
  if (s.license) p.set('license', s.license);
  if (s.developmentStatus) p.set('status', s.developmentStatus);
  if (s.minMaturity !== null) p.set('maturity', String(s.minMaturity));
  if (s.sort !== 'name') p.set('sort', s.sort);
  const q = p.toString();
  return q ? `?${q}` : '';
}

/** The API's list query for a state: JSON pages, or every matching row as CSV/XLSX in the page's language. */
export function alternativesApiQuery(s: CatalogueState, o: { format?: 'json' | 'csv' | 'xlsx'; lang?: 'da' | 'en'; limit?: number } = {}): string {
  const p = new URLSearchParams();
  if (s.search.trim()) p.set('search', s.search.trim());
  if (s.category) p.set('category', s.category);
  if (s.license) p.set('license', s.license);
  if (s.developmentStatus) p.set('developmentStatus', s.developmentStatus);
  if (s.minMaturity !== null) p.set('minMaturity', String(s.minMaturity));
  p.set('sort', s.sort);
  p.set('order', s.sort === 'name' ? 'asc' : 'desc');
  const format = o.format ?? 'json';
  if (format === 'json') p.set('limit', String(o.limit ?? 1000));
  else {
    p.set('format', format);
    p.set('lang', o.lang ?? 'da');
  }
  return `/api/v1/alternatives?${p.toString()}`;
}

/** Whether any filter narrows the list (the search included). */
export const isFiltered = (s: CatalogueState): boolean => catalogueQueryString({ ...s, sort: 'name' }) !== '';

/** The SPDX licence ids named in expressions ("MPL-2.0 OR LGPL-3.0-or-later" → both), each once. */
export function licenseIds(expressions: readonly (string | null)[]): string[] {
  const ids = new Set<string>();
  for (const e of expressions) {
    const tokens = e?.match(/[A-Za-z0-9.+-]+/g) ?? [];
    tokens.forEach((t, i) => {
      // The exception after WITH is not a licence.
      if (!/^(AND|OR|WITH)$/i.test(t) && !/^WITH$/i.test(tokens[i - 1] ?? '') && t !== 'NOASSERTION') ids.add(t);
    });
  }
  return [...ids];
}
