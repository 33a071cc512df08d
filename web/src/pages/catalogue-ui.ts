// What the catalogue pages share: words for the publiccode.yml values and moderation states,
// who may contribute or moderate (the server decides; this only chooses what to show), and form
// fields whose errors are linked to the control (aria-describedby) and summarised in an alert.
import type { SessionView } from '../../../server/src/api-types.ts';
import type { FieldError } from '../../../server/src/domain/field-error.ts';
import { ApiError } from '../data/api.ts';
import { el } from '../dom.ts';
import { lang, tr } from '../i18n.ts';
import { renderSignIn } from '../sign-in.ts';

const CONTRIBUTORS = new Set(['contributor', 'architect', 'leader', 'moderator', 'admin']);
const MODERATORS = new Set(['moderator', 'admin']);
export const canContribute = (s: SessionView): boolean => s.user !== null && s.grants.some((g) => CONTRIBUTORS.has(g.role));
export const canModerate = (s: SessionView): boolean => s.user !== null && s.grants.some((g) => MODERATORS.has(g.role));

export function developmentStatusLabel(status: string | null): string {
  switch (status) {
    case 'concept': return tr('Idé', 'Concept');
    case 'development': return tr('Under udvikling', 'In development');
    case 'beta': return tr('Beta', 'Beta');
    case 'stable': return tr('Stabil', 'Stable');
    case 'obsolete': return tr('Forældet', 'Obsolete');
    default: return tr('Ukendt', 'Unknown');
  }
}

export function maintenanceLabel(type: string | null): string {
  switch (type) {
    case 'internal': return tr('Internt', 'Internal');
    case 'contract': return tr('På kontrakt', 'Under contract');
    case 'community': return tr('Fællesskab', 'Community');
    case 'none': return tr('Ingen', 'None');
    default: return tr('Ukendt', 'Unknown');
  }
}

/** The moderation state in words; null for a published entry (nothing to say). */
export function moderationLabel(state: string): string | null {
  switch (state) {
    case 'published': return null;
    case 'unverified': return tr('Ikke verificeret', 'Not verified');
    case 'pending': return tr('Afventer moderation', 'Awaiting moderation');
    case 'rejected': return tr('Afvist', 'Rejected');
    case 'draft': return tr('Kladde', 'Draft');
    default: return state;
  }
}

export const moderationTag = (state: string): HTMLElement[] => {
  const label = moderationLabel(state);
  return label ? [el('span', { className: `tag state-${state}` }, label)] : [];
};

/** "12,5" in Danish, "12.5" in English: the maturity score to one decimal. */
export const formatScore = (n: number): string => new Intl.NumberFormat(lang() === 'en' ? 'en-GB' : 'da-DK', { maximumFractionDigits: 1 }).format(n);

/** AMS as a reader sees it: "ukendt" (not 0) when no maturity metric is known. */
export const formatAms = (ams: number | null, format: (n: number) => string = formatScore): string => (ams === null ? tr('ukendt', 'unknown') : format(ams));

/** "x af y mål kendt": how many maturity metrics AMS rests on. */
export const knownMetricsText = (m: { knownMetrics: number; metricCount: number }): string =>
  tr(`${m.knownMetrics} af ${m.metricCount} mål kendt`, `${m.knownMetrics} of ${m.metricCount} metrics known`);

/** An error message in the page's language. */
export const say = (m: { da: string; en: string }): string => (lang() === 'en' ? m.en : m.da);

/**
 * A licence cell: an SPDX expression as it is; the catalogue's English remark where no SPDX id
 * applies ("(n/a - municipality-owned, not OSI-licensed)") marked lang="en", honestly English.
 */
export function licenceText(spdx: string | null): HTMLElement | string {
  if (!spdx) return tr('Ukendt', 'Unknown');
  return spdx.startsWith('(n/a') && lang() !== 'en' ? el('span', { attrs: { lang: 'en' } }, spdx) : spdx;
}
export const reason = (err: unknown): string => (err instanceof ApiError ? `${err.title}${err.message ? `: ${err.message}` : ''}` : err instanceof Error ? err.message : String(err));

/** A labelled control with a hint and an error line, both tied to the control by aria-describedby. */
export interface Field {
  wrapper: HTMLElement;
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  error: HTMLElement;
}

export function field(id: string, label: string, control: Field['control'], hint?: string): Field {
  control.id = id;
  const error = el('p', { className: 'field-error', id: `${id}-error` });
  error.hidden = true;
  const describedBy = [...(hint ? [`${id}-hint`] : []), `${id}-error`];
  control.setAttribute('aria-describedby', describedBy.join(' '));
  const wrapper = el('div', { className: 'field' }, el('label', { attrs: { for: id } }, label), ...(hint ? [el('p', { className: 'hint', id: `${id}-hint` }, hint)] : []), error, control);
  return { wrapper, control, error };
}

/** Shows messages at a field (or clears it with none). */
export function setFieldError(f: Field, messages: string[]): void {
  f.error.textContent = messages.join(' ');
  f.error.hidden = messages.length === 0;
  f.wrapper.classList.toggle('has-error', messages.length > 0);
  if (messages.length) f.control.setAttribute('aria-invalid', 'true');
  else f.control.removeAttribute('aria-invalid');
}

/**
 * Shows field errors (from the browser's check or the server's answer) at their fields and as a
 * summary of links in an alert, and focuses the summary; errors of no known field appear in it only.
 */
export function showErrors(summary: HTMLElement, fields: ReadonlyMap<string, Field>, groups: { field: string | null; messages: { da: string; en: string }[] }[], heading: string): void {
  for (const f of fields.values()) setFieldError(f, []);
  const items: HTMLElement[] = [];
  for (const g of groups) {
    const f = g.field === null ? undefined : fields.get(g.field);
    const text = g.messages.map(say);
    if (f) {
      setFieldError(f, text);
      const label = f.wrapper.querySelector('label')?.textContent ?? g.field ?? '';
      const a = el('a', { attrs: { href: `#${f.control.id}` } }, `${label}: ${text.join(' ')}`);
      // A fragment link scrolls but does not focus a form control: focus it, so typing can start.
      a.addEventListener('click', (e) => {
        e.preventDefault();
        f.control.focus();
      });
      items.push(el('li', {}, a));
    } else items.push(el('li', {}, text.join(' ')));
  }
  summary.replaceChildren(...(items.length ? [el('h2', {}, heading), el('ul', {}, ...items)] : []));
  summary.hidden = items.length === 0;
  if (items.length) summary.focus();
}

/** The API's field errors of a refused write, or one general error for anything else. */
export const apiErrors = (err: unknown): Pick<FieldError, 'field' | 'message'>[] =>
  err instanceof ApiError && err.errors.length ? err.errors : [{ message: { da: reason(err), en: reason(err) } }];

/** For pages that need a role: why there is no access, and the sign-in form for a visitor. */
export function noAccess(session: SessionView, what: { da: string; en: string }): HTMLElement {
  const box = el('section', { className: 'no-access', attrs: { 'aria-labelledby': 'no-access-heading' } }, el('h2', { id: 'no-access-heading' }, tr('Ingen adgang', 'No access')));
  if (!session.user) {
    box.append(el('p', {}, tr(`Log ind for at ${what.da}.`, `Sign in to ${what.en}.`)), renderSignIn(session, () => location.reload()));
  } else {
    box.append(el('p', {}, tr(`Din rolle giver ikke adgang til at ${what.da}. Spørg en administrator, hvis du skal have adgang.`, `Your role does not allow you to ${what.en}. Ask an administrator if you need access.`)));
  }
  return box;
}
