// The catalogue's query-string state: what a link asks for, what the page writes back, and the
// API query the results and downloads come from.
import { describe, expect, it } from 'vitest';
import { alternativesApiQuery, catalogueQueryString, EMPTY_STATE, isFiltered, licenseIds, parseCatalogueState } from './catalogue-state.ts';

describe('the catalogue query string', () => {
  it('reads every filter from the query string', () => {
    expect(parseCatalogueState('?search=sags%20system&category=office&license=MPL-2.0&status=stable&maturity=50&sort=maturity')).toEqual({
      search: 'sags system',
      category: 'office',
      license: 'MPL-2.0',
      developmentStatus: 'stable',
      minMaturity: 50,
      sort: 'maturity',
    });
    expect(parseCatalogueState('')).toEqual(EMPTY_STATE);
  });

  it('drops values the API would refuse instead of passing them on', () => {
    expect(parseCatalogueState('?category=no-such-category&status=finished&license=MPL 2.0;drop&maturity=101&sort=price')).toEqual(EMPTY_STATE);
    expect(parseCatalogueState('?maturity=abc').minMaturity).toBeNull();
    expect(parseCatalogueState('?maturity=0').minMaturity).toBe(0);
  });

  it('writes the state back in a fixed order, leaving out what is not chosen, and round-trips', () => {
    expect(catalogueQueryString(EMPTY_STATE)).toBe('');
    const s = { ...EMPTY_STATE, search: '  æble og ø ', developmentStatus: 'beta', minMaturity: 25 };
    const q = catalogueQueryString(s);
    expect(q).toBe('?search=%C3%A6ble+og+%C3%B8&status=beta&maturity=25');
    expect(parseCatalogueState(q)).toEqual({ ...s, search: 'æble og ø' });
    expect(catalogueQueryString({ ...EMPTY_STATE, sort: 'municipalities' })).toBe('?sort=municipalities');
  });

  it('tells a filtered view from the whole catalogue (sorting is not filtering)', () => {
    expect(isFiltered(EMPTY_STATE)).toBe(false);
    expect(isFiltered({ ...EMPTY_STATE, sort: 'maturity' })).toBe(false);
    expect(isFiltered({ ...EMPTY_STATE, search: ' ' })).toBe(false);
    expect(isFiltered({ ...EMPTY_STATE, license: 'MIT' })).toBe(true);
  });

  it('asks the API for the same filters, as JSON or as a CSV/XLSX download', () => {
    const s = { ...EMPTY_STATE, search: 'qgis', category: 'geographic-information-systems', developmentStatus: 'stable', minMaturity: 50, sort: 'maturity' as const };
    const json = new URL(alternativesApiQuery(s), 'http://x');
    expect(json.pathname).toBe('/api/v1/alternatives');
    expect(Object.fromEntries(json.searchParams)).toEqual({ search: 'qgis', category: 'geographic-information-systems', developmentStatus: 'stable', minMaturity: '50', sort: 'maturity', order: 'desc', limit: '1000' });
    const csv = new URL(alternativesApiQuery(EMPTY_STATE, { format: 'csv', lang: 'en' }), 'http://x');
    expect(Object.fromEntries(csv.searchParams)).toEqual({ sort: 'name', order: 'asc', format: 'csv', lang: 'en' });
    expect(new URL(alternativesApiQuery(s, { format: 'xlsx' }), 'http://x').searchParams.get('format')).toBe('xlsx');
  });

  it('lists the licence ids named in expressions once, without operators or exceptions', () => {
    expect(licenseIds(['MPL-2.0 OR LGPL-3.0-or-later', 'MPL-2.0', null, 'GPL-2.0-only WITH Classpath-exception-2.0', '(MIT AND Apache-2.0)', 'NOASSERTION']).sort()).toEqual(
      ['Apache-2.0', 'GPL-2.0-only', 'LGPL-3.0-or-later', 'MIT', 'MPL-2.0'],
    );
  });
});
