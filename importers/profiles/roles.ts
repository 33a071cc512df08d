// Columns that name people: KITOS role columns (`Systemejer`, `Systemejer Email#` …, including
// roles an organisation named itself) and the columns of who created or last edited an entry.
// Their cells never reach a record: a role column only says that the role is filled
// (`roles_filled`), a person column is dropped (data minimisation, GDPR art. 5(1)(c)).
import type { FieldDef, RowState } from './fields.ts';
import { foldHeader, type Profile } from './profile.ts';

/** KITOS's seeded system roles (the seed misspells `Systemadminstrator`; Bornholm spells it right). */
export const SYSTEM_ROLES = [
  'Systemejer', 'Systemansvarlig', 'Forretningsejer', 'Superbrugeransvarlig', 'Superbruger', 'Sikkerhedsansvarlig',
  'Changemanager', 'Dataejer', 'Systemadminstrator', 'Systemadministrator',
] as const;

/** KITOS's seeded contract roles (`Juridisk rådgiver` is in the current UI's export). */
export const CONTRACT_ROLES = ['Kontraktejer', 'Kontraktmanager', 'Juridisk rådgiver', 'Konsulent', 'Fakturamodtager', 'Budgetansvarlig'] as const;

/** Columns holding a user's name that are not roles: who took the system into use, who edited last, who signed. */
export const PERSON_COLUMNS = ['Taget i anvendelse af', 'Sidst redigeret: Bruger', 'Oprettet af', 'Kontraktunderskriver'] as const;

/** A role's e-mail column: `<rolle> Email#` today, `<rolle> Email"` in the pre-2025 UI. */
const ROLE_EMAIL = /^(.+?)\s+email\s*[#"]$/i;

/** The role a column belongs to (its e-mail column too), or null. */
function roleOf(header: string, roles: ReadonlyMap<string, string>): string | null {
  const m = ROLE_EMAIL.exec(header.trim());
  if (m) return roles.get(foldHeader(m[1]!)) ?? m[1]!.trim();
  return roles.get(foldHeader(header)) ?? null;
}

/** Records that the row's role is filled; the cell's value (a name, an address) goes nowhere. */
function roleField(role: string, record: 'usage' | 'contract'): FieldDef {
  return {
    id: 'roles_filled',
    record,
    apply(value, row: RowState) {
      if (!value.trim()) return;
      const roles = (row.roles ??= []);
      if (!roles.includes(role)) roles.push(role);
    },
  };
}

/** A column of persons' names that is read and forgotten. */
export const DROPPED_FIELD: FieldDef = { id: 'dropped', record: 'usage', apply() {} };

/**
 * The columns of a header that name people, by index: role and role e-mail columns (a column X
 * is a role when it is one of KITOS's default roles or the header also has `X Email#`)
 * and person columns. Every profile gets this: a hand-made sheet with KITOS's columns holds the
 * same names.
 */
export function personalColumns(header: readonly string[], profile: Pick<Profile, 'record'>): Map<number, FieldDef> {
  const roles = new Map<string, string>();
  // Both lists in every profile: a usage sheet with contract terms may well have a `Kontraktejer`.
  for (const r of [...SYSTEM_ROLES, ...CONTRACT_ROLES]) roles.set(foldHeader(r), r);
  for (const h of header) {
    const m = ROLE_EMAIL.exec(h.trim());
    if (m && !roles.has(foldHeader(m[1]!))) roles.set(foldHeader(m[1]!), m[1]!.trim());
  }
  const persons = new Set(PERSON_COLUMNS.map(foldHeader));
  const fields = new Map<string, FieldDef>();
  const out = new Map<number, FieldDef>();
  header.forEach((h, i) => {
    if (!h.trim()) return;
    if (persons.has(foldHeader(h))) return void out.set(i, DROPPED_FIELD);
    const role = roleOf(h, roles);
    if (role === null) return;
    let f = fields.get(role);
    if (!f) fields.set(role, (f = roleField(role, profile.record)));
    out.set(i, f);
  });
  return out;
}
