// The sign-in form (e-mail and password, or the municipality's identity provider) and the
// account line in the header. Errors are announced to screen readers where the form is.
import type { SessionView } from '../../server/src/api-types.ts';
import { ApiError, signIn, signOut } from './data/api.ts';
import { el } from './dom.ts';
import { tr } from './i18n.ts';

export function renderSignIn(session: SessionView, onSignedIn: () => void): HTMLElement {
  const error = el('p', { className: 'form-error', id: 'sign-in-error', role: 'alert' });
  const email = el('input', { id: 'email', attrs: { type: 'email', name: 'email', autocomplete: 'username', required: '' } });
  const password = el('input', { id: 'password', attrs: { type: 'password', name: 'password', autocomplete: 'current-password', required: '' } });
  const form = el(
    'form',
    { className: 'sign-in', attrs: { 'aria-describedby': 'sign-in-error', novalidate: '' } },
    el('h2', {}, tr('Log ind', 'Sign in')),
    el('p', {}, tr(
      'Kommunernes detaljerede oversigter er kun for brugere med en rolle. Spørg din kommunes administrator om adgang.',
      'The municipalities’ detailed inventories are only for users with a role. Ask your municipality’s administrator for access.',
    )),
    el('label', { attrs: { for: 'email' } }, tr('E-mail', 'Email')),
    email,
    el('label', { attrs: { for: 'password' } }, tr('Adgangskode', 'Password')),
    password,
    error,
    el('button', { attrs: { type: 'submit' } }, tr('Log ind', 'Sign in')),
  );
  if (session.signIn.oidc) form.append(el('p', {}, el('a', { className: 'button-link', attrs: { href: `${session.signIn.oidc.url}?returnTo=${encodeURIComponent(location.pathname)}` } }, session.signIn.oidc.displayName)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!email.value || !password.value) {
      error.textContent = tr('Udfyld e-mail og adgangskode.', 'Enter your email and password.');
      (email.value ? password : email).focus();
      return;
    }
    signIn(email.value, password.value).then(onSignedIn, (err: unknown) => {
      error.textContent = err instanceof ApiError && err.status === 429
        ? tr('For mange forsøg. Vent lidt, og prøv igen.', 'Too many attempts. Wait a little and try again.')
        : tr('Forkert e-mail eller adgangskode, eller kontoen er midlertidigt låst.', 'Wrong email or password, or the account is temporarily locked.');
      password.value = '';
      password.focus();
    });
  });
  return form;
}

/** Where the header's sign-in link leads: the sign-in page, which returns to the page the visitor was on. */
export const SIGN_IN_PATH = '/log-ind';

export function signInHref(path: string): string {
  return path === SIGN_IN_PATH ? SIGN_IN_PATH : `${SIGN_IN_PATH}?returnTo=${encodeURIComponent(path)}`;
}

/** The page to return to after signing in: a path on this site (never another origin), else the front page. */
export function returnPath(search: string): string {
  const to = new URLSearchParams(search).get('returnTo') ?? '/';
  return /^\/(?![/\\])/.test(to) && !to.startsWith(SIGN_IN_PATH) ? to : '/';
}

/** The header's account line: the signed-in e-mail and "Log ud", or a sign-in link for a visitor (demo mode too). */
export function renderAccount(session: SessionView, onSignedOut: () => void): HTMLElement {
  if (!session.user) {
    const a = el('a', { className: 'sign-in-link', attrs: { href: signInHref(location.pathname + location.search) } }, tr('Log ind', 'Sign in'));
    // The header outlives client-side navigation: return to the page the visitor is on when clicking.
    const refresh = () => a.setAttribute('href', signInHref(location.pathname + location.search));
    a.addEventListener('click', refresh);
    a.addEventListener('focus', refresh);
    a.addEventListener('mouseenter', refresh);
    return el('span', { className: 'account' }, a);
  }
  const button = el('button', { className: 'link-button', attrs: { type: 'button' } }, tr('Log ud', 'Sign out'));
  button.addEventListener('click', () => void signOut().then(onSignedOut));
  return el('span', { className: 'account' }, el('span', {}, session.user.email), ' ', button);
}

/** The sign-in page (/log-ind): the form, or who is signed in already; back to `returnTo` after signing in. */
export function renderSignInPage(main: HTMLElement, session: SessionView): void {
  document.title = tr('Log ind – Handlefrihed', 'Sign in – Handlefrihed');
  const back = returnPath(location.search);
  if (session.user) {
    main.replaceChildren(
      el('h1', {}, tr('Log ind', 'Sign in')),
      el('p', {}, tr(`Du er logget ind som ${session.user.email}.`, `You are signed in as ${session.user.email}.`), ' ', el('a', { attrs: { href: back } }, tr('Fortsæt', 'Continue'))),
    );
    return;
  }
  main.replaceChildren(el('h1', {}, tr('Log ind', 'Sign in')), renderSignIn(session, () => location.assign(back)));
}
