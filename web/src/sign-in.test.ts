// @vitest-environment happy-dom
// The sign-in form and the account line follow the chosen language (no server needed: an empty
// submit is refused in the browser, before any request).
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../server/src/api-types.ts';
import { setLang } from './i18n.ts';
import { renderAccount, renderSignIn, returnPath, signInHref } from './sign-in.ts';

const anonymous: SessionView = {
  user: null,
  grants: [],
  municipalities: [],
  via: 'anonymous',
  csrfToken: null,
  demoMode: false,
  world: 'real',
  signIn: { password: true, oidc: null },
  site: { accessibilityStatementUrl: null },
};

const texts = (form: HTMLElement) => ({
  heading: form.querySelector('h2')!.textContent,
  labels: [...form.querySelectorAll('label')].map((l) => l.textContent),
  button: form.querySelector('button[type=submit]')!.textContent,
});

function submitEmpty(form: HTMLFormElement): string {
  document.body.replaceChildren(form);
  form.dispatchEvent(new Event('submit', { cancelable: true }));
  return form.querySelector('[role=alert]')!.textContent ?? '';
}

describe('sign-in in both languages', () => {
  afterEach(() => setLang('da'));

  it('is Danish by default', () => {
    const form = renderSignIn(anonymous, () => {}) as HTMLFormElement;
    expect(texts(form)).toEqual({ heading: 'Log ind', labels: ['E-mail', 'Adgangskode'], button: 'Log ind' });
    expect(submitEmpty(form)).toBe('Udfyld e-mail og adgangskode.');
  });

  it('speaks English after setLang("en"), errors included, and sets <html lang>', () => {
    setLang('en');
    expect(document.documentElement.lang).toBe('en');
    const form = renderSignIn(anonymous, () => {}) as HTMLFormElement;
    expect(texts(form)).toEqual({ heading: 'Sign in', labels: ['Email', 'Password'], button: 'Sign in' });
    expect(submitEmpty(form)).toBe('Enter your email and password.');
    const account = renderAccount({ ...anonymous, user: { id: 1, email: 'leder@kk.dk' }, via: 'session' }, () => {});
    expect(account.querySelector('button')!.textContent).toBe('Sign out');
  });
});

describe('the sign-in link in every page header', () => {
  afterEach(() => setLang('da'));

  it('a visitor (demo mode too) gets a link to the sign-in page that returns to the page they were on', () => {
    history.replaceState(null, '', '/kommuner/101?x=1');
    const account = renderAccount({ ...anonymous, demoMode: true }, () => {});
    const a = account.querySelector('a')!;
    expect(a.textContent).toBe('Log ind');
    expect(a.getAttribute('href')).toBe(`/log-ind?returnTo=${encodeURIComponent('/kommuner/101?x=1')}`);
    // The header outlives client-side navigation: the link follows the page on use.
    history.replaceState(null, '', '/katalog');
    a.dispatchEvent(new Event('focus'));
    expect(a.getAttribute('href')).toBe(`/log-ind?returnTo=${encodeURIComponent('/katalog')}`);
    setLang('en');
    expect(renderAccount(anonymous, () => {}).querySelector('a')!.textContent).toBe('Sign in');
  });

  it('a signed-in user gets their e-mail and "Log ud", no sign-in link', () => {
    const account = renderAccount({ ...anonymous, user: { id: 1, email: 'leder@kk.dk' }, via: 'session' }, () => {});
    expect(account.querySelector('a')).toBeNull();
    expect(account.textContent).toContain('leder@kk.dk');
  });

  it('returns only to a path on this site, never to another origin or back to the sign-in page', () => {
    expect(signInHref('/log-ind')).toBe('/log-ind');
    expect(returnPath('?returnTo=%2Fkommuner%2F101')).toBe('/kommuner/101');
    for (const bad of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'kommuner/101', '/log-ind?returnTo=/x', '']) {
      expect(returnPath(`?returnTo=${encodeURIComponent(bad)}`), bad).toBe('/');
    }
    expect(returnPath('')).toBe('/');
  });
});
