// The sign-in form (e-mail and password, or the municipality's identity provider) and the
// account line in the header. Errors are announced to screen readers where the form is.
import type { SessionView } from '../../server/src/api-types.ts';
import { ApiError, signIn, signOut } from './data/api.ts';
import { el } from './dom.ts';

export function renderSignIn(session: SessionView, onSignedIn: () => void): HTMLElement {
  const error = el('p', { className: 'form-error', id: 'sign-in-error', role: 'alert' });
  const email = el('input', { id: 'email', attrs: { type: 'email', name: 'email', autocomplete: 'username', required: '' } });
  const password = el('input', { id: 'password', attrs: { type: 'password', name: 'password', autocomplete: 'current-password', required: '' } });
  const form = el(
    'form',
    { className: 'sign-in', attrs: { 'aria-describedby': 'sign-in-error', novalidate: '' } },
    el('h2', {}, 'Log ind'),
    el('p', {}, 'Kommunernes detaljerede oversigter er kun for brugere med en rolle. Spørg din kommunes administrator om adgang.'),
    el('label', { attrs: { for: 'email' } }, 'E-mail'),
    email,
    el('label', { attrs: { for: 'password' } }, 'Adgangskode'),
    password,
    error,
    el('button', { attrs: { type: 'submit' } }, 'Log ind'),
  );
  if (session.signIn.oidc) form.append(el('p', {}, el('a', { className: 'button-link', attrs: { href: `${session.signIn.oidc.url}?returnTo=${encodeURIComponent(location.pathname)}` } }, session.signIn.oidc.displayName)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!email.value || !password.value) {
      error.textContent = 'Udfyld e-mail og adgangskode.';
      (email.value ? password : email).focus();
      return;
    }
    signIn(email.value, password.value).then(onSignedIn, (err: unknown) => {
      error.textContent = err instanceof ApiError && err.status === 429 ? 'For mange forsøg. Vent lidt, og prøv igen.' : 'Forkert e-mail eller adgangskode, eller kontoen er midlertidigt låst.';
      password.value = '';
      password.focus();
    });
  });
  return form;
}

export function renderAccount(session: SessionView, onSignedOut: () => void): HTMLElement {
  if (!session.user) return el('span', {});
  const button = el('button', { className: 'link-button', attrs: { type: 'button' } }, 'Log ud');
  button.addEventListener('click', () => void signOut().then(onSignedOut));
  return el('span', { className: 'account' }, el('span', {}, session.user.email), ' ', button);
}
