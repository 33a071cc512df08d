import { describe, expect, it } from 'vitest';
import { checkConnectionForm, kitosAccess, problemText, sortProblemErrors } from './import-kitos-model.ts';

const grant = (role: string, municipalityCode: number | null = 101) => ({ role, municipalityCode }) as never;
const good = { baseUrl: 'https://kitos.dk', email: 'kitos-api@kommune.dk', password: 'hemmelig', organizationUuid: '0e110bc5-3d08-5176-9661-c4ec90cf32af' };

describe('who sees the KITOS section', () => {
  it("lets the municipality's architects and the admins configure, its leaders look, and nobody else see it", () => {
    expect(kitosAccess({ grants: [grant('architect')] }, 101)).toBe('configure');
    expect(kitosAccess({ grants: [grant('admin', null)] }, 101)).toBe('configure');
    expect(kitosAccess({ grants: [grant('leader')] }, 101)).toBe('view');
    expect(kitosAccess({ grants: [grant('leader'), grant('architect')] }, 101)).toBe('configure');
    expect(kitosAccess({ grants: [grant('architect', 147)] }, 101)).toBeNull();
    expect(kitosAccess({ grants: [grant('leader', 147)] }, 101)).toBeNull();
    expect(kitosAccess({ grants: [grant('contributor')] }, 101)).toBeNull();
    expect(kitosAccess(undefined, 101)).toBeNull();
  });
});

describe('the connection form, checked before it is sent', () => {
  const fields = (v: typeof good, editing = false, forSearch = false) => checkConnectionForm(v, editing, forSearch).map((e) => e.field);

  it('accepts a complete connection, and an empty address (the server then uses https://kitos.dk)', () => {
    expect(fields(good)).toEqual([]);
    expect(fields({ ...good, baseUrl: '  ' })).toEqual([]);
    expect(fields({ ...good, baseUrl: 'http://127.0.0.1:4100' })).toEqual([]);
  });

  it('names each field that is wrong, in both languages', () => {
    const errors = checkConnectionForm({ baseUrl: 'kitos.dk', email: 'kitos', password: '', organizationUuid: '123' }, false);
    expect(errors.map((e) => e.field)).toEqual(['baseUrl', 'email', 'password', 'organizationUuid']);
    for (const e of errors) {
      expect(e.message.da.length).toBeGreaterThan(0);
      expect(e.message.en.length).toBeGreaterThan(0);
      expect(e.message.da).not.toBe(e.message.en);
    }
    expect(fields({ ...good, baseUrl: 'ftp://kitos.dk' })).toEqual(['baseUrl']);
  });

  it('lets an edit keep the stored password (empty), never a new connection', () => {
    expect(fields({ ...good, password: '' }, true)).toEqual([]);
    expect(fields({ ...good, password: '' }, false)).toEqual(['password']);
  });

  it('needs no organisation to search for one, but always the password (KITOS is asked with it)', () => {
    expect(fields({ ...good, organizationUuid: '' }, false, true)).toEqual([]);
    expect(fields({ ...good, organizationUuid: '', password: '' }, false, true)).toEqual(['password']);
    expect(fields({ ...good, organizationUuid: '', password: '' }, true, true)).toEqual(['password']);
  });
});

describe("a problem's errors on the form", () => {
  it("puts each field's first error by its field and keeps the rest for the form's alert", () => {
    const { byField, rest } = sortProblemErrors([
      { field: 'password', message: { da: 'a', en: 'a' } },
      { field: 'password', message: { da: 'b', en: 'b' } },
      { field: 'organizationUuid', message: { da: 'c', en: 'c' } },
      { field: 'somethingElse', message: { da: 'd', en: 'd' } },
      { message: { da: 'e', en: 'e' } },
    ]);
    expect([...byField.keys()]).toEqual(['password', 'organizationUuid']);
    expect(byField.get('password')!.message).toEqual({ da: 'a', en: 'a' });
    // An error about another field is neither lost nor shown twice.
    expect(rest.map((e) => (e.message as { da: string }).da)).toEqual(['d', 'e']);
  });

  it("says a problem by its first error in the page's language, else by its title", () => {
    const p = { title: 'Bad Gateway', errors: [{ message: { da: 'API-brugeren har ikke adgang', en: 'The API user has no access' } }] };
    expect(problemText(p, 'da')).toBe('API-brugeren har ikke adgang');
    expect(problemText(p, 'en')).toBe('The API user has no access');
    expect(problemText({ title: 'Service Unavailable', errors: [] }, 'da')).toBe('Service Unavailable');
  });
});
