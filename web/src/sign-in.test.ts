// @vitest-environment happy-dom
// The sign-in form and the account line follow the chosen language (no server needed: an empty
// submit is refused in the browser, before any request).
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../server/src/api-types.ts';
import { setLang } from './i18n.ts';
import { renderAccount, renderSignIn } from './sign-in.ts';

const anonymous: SessionView = {
  user: null,
  grants: [],
  municipalities: [],
  via: 'anonymous',
  csrfToken: null,
  demoMode: false,
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
