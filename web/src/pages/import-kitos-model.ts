// The KITOS section's pure logic, tested without a browser: who sees what, the connection form's
// checks before anything is sent (the server checks again and has the last word), a problem's
// errors sorted to the form's fields, and a problem's message in the page's language.
import type { SessionView } from '../../../server/src/api-types.ts';
import type { LocalizedText } from '../../../server/src/domain/field-error.ts';
import type { ProblemError } from '../data/imports.ts';
import { canImport } from './import-model.ts';

/**
 * What the signed-in person may do with the municipality's KITOS connection (as auth/policy.ts
 * canConfigureKitos / canSeeKitosConnection): its architects and the admins configure and sync,
 * its leaders look; anyone else sees nothing of it.
 */
export function kitosAccess(session: Pick<SessionView, 'grants'> | undefined, code: number): 'configure' | 'view' | null {
  if (canImport(session, code)) return 'configure';
  return session?.grants.some((g) => g.role === 'leader' && g.municipalityCode === code) ? 'view' : null;
}

/** The form's fields, named as the API names them (the problem's `errors[].field`). */
export const CONNECTION_FIELDS = ['baseUrl', 'email', 'password', 'organizationUuid'] as const;
export type ConnectionField = (typeof CONNECTION_FIELDS)[number];

export interface ConnectionFormValues {
  baseUrl: string;
  email: string;
  password: string;
  organizationUuid: string;
}

export interface FormError {
  field: ConnectionField;
  message: LocalizedText;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The obvious mistakes, caught before sending: an address that is no web address, an e-mail
 * without @, no password for a new connection (when editing, an empty one keeps the stored one),
 * and an organisation that is no UUID. `forSearch`: only what finding the organisation needs —
 * always the password, which KITOS is asked with (it is not stored by the search).
 */
export function checkConnectionForm(v: ConnectionFormValues, editing: boolean, forSearch = false): FormError[] {
  const errors: FormError[] = [];
  const url = v.baseUrl.trim();
  if (url) {
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      // not a URL: protocol stays empty
    }
    if (protocol !== 'https:' && protocol !== 'http:') {
      errors.push({ field: 'baseUrl', message: { da: 'Skriv KITOS’ webadresse, fx https://kitos.dk', en: "Give KITOS's web address, e.g. https://kitos.dk" } });
    }
  }
  if (!EMAIL.test(v.email.trim())) errors.push({ field: 'email', message: { da: 'Skriv API-brugerens e-mailadresse', en: "Give the API user's email address" } });
  if ((!editing || forSearch) && v.password === '') errors.push({ field: 'password', message: { da: 'Skriv API-brugerens adgangskode', en: "Give the API user's password" } });
  if (!forSearch && !GUID.test(v.organizationUuid.trim())) {
    errors.push({
      field: 'organizationUuid',
      message: { da: 'Organisationens UUID har formen xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx: brug «Find organisationen»', en: "The organisation's UUID looks like xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx: use “Find the organisation”" },
    });
  }
  return errors;
}

/** A problem's errors: those about one of the form's fields (first per field), and the rest. */
export function sortProblemErrors(errors: readonly ProblemError[]): { byField: Map<ConnectionField, ProblemError>; rest: ProblemError[] } {
  const byField = new Map<ConnectionField, ProblemError>();
  const rest: ProblemError[] = [];
  for (const e of errors) {
    const f = (CONNECTION_FIELDS as readonly string[]).includes(e.field ?? '') ? (e.field as ConnectionField) : null;
    if (f && !byField.has(f)) byField.set(f, e);
    else if (!f) rest.push(e);
  }
  return { byField, rest };
}

/** A problem error's message in the language (a plain string as it is). */
export const messageText = (m: ProblemError['message'], lang: 'da' | 'en'): string => (typeof m === 'string' ? m : m[lang] || m.da);

/** What a problem says, in words: its first error's message, else its title. */
export const problemText = (p: { title: string; errors: readonly ProblemError[] }, lang: 'da' | 'en'): string => (p.errors[0] ? messageText(p.errors[0].message, lang) : p.title);
