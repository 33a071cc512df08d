// KLE task references, filled roles and the usage's KITOS UUID get their own columns, and the names and e-mail
// addresses of persons leave the stored inventories (issue #12, GDPR art. 5(1)(c)). Earlier
// imports kept every unrecognised column verbatim in `extra`: KITOS's role columns
// (`Systemejer`, `Systemejer Email#` …), `Taget i anvendelse af`, `Sidst redigeret: Bruger`,
// `Kontraktunderskriver`. This migration removes those keys from `system_usages.extra` and
// `contracts.extra` (remembering only which roles were filled) and drops the offending values
// from the issue lists of stored import runs. Frozen: the lists below are those of 2026-12, not
// the importer's (migrations never import application code).
//
// `down` drops the new columns; the removed names stay removed (that is the point).
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

const SYSTEM_ROLES = [
  'Systemejer', 'Systemansvarlig', 'Forretningsejer', 'Superbrugeransvarlig', 'Superbruger', 'Sikkerhedsansvarlig',
  'Changemanager', 'Dataejer', 'Systemadminstrator', 'Systemadministrator',
];
const CONTRACT_ROLES = ['Kontraktejer', 'Kontraktmanager', 'Juridisk rådgiver', 'Konsulent', 'Fakturamodtager', 'Budgetansvarlig'];
const PERSON_COLUMNS = ['Taget i anvendelse af', 'Sidst redigeret: Bruger', 'Oprettet af', 'Kontraktunderskriver'];
const ROLE_EMAIL = /^(.+?)\s+email\s*[#"]$/i;
const fold = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
const PAGE = 1000;

/**
 * Splits a stored `extra` into what stays and the roles that were filled. A key is personal when
 * it is a default role, a person column, a role e-mail column, or the role such a column names.
 */
export function purgeExtra(extra: Record<string, string>, defaultRoles: readonly string[]): { extra: Record<string, string>; roles: string[] } {
  const roles = new Map(defaultRoles.map((r) => [fold(r), r]));
  for (const k of Object.keys(extra)) {
    const m = ROLE_EMAIL.exec(k.trim());
    if (m && !roles.has(fold(m[1]!))) roles.set(fold(m[1]!), m[1]!.trim());
  }
  const persons = new Set(PERSON_COLUMNS.map(fold));
  const kept: Record<string, string> = {};
  const filled: string[] = [];
  for (const [k, v] of Object.entries(extra)) {
    if (persons.has(fold(k))) continue;
    const m = ROLE_EMAIL.exec(k.trim());
    const role = m ? roles.get(fold(m[1]!)) : roles.get(fold(k));
    if (role === undefined) kept[k] = v;
    else if (String(v).trim() && !filled.includes(role)) filled.push(role);
  }
  return { extra: kept, roles: filled };
}

async function purgeTable(trx: Kysely<any>, table: 'system_usages' | 'contracts', defaultRoles: readonly string[]): Promise<void> {
  for (let after = 0; ; ) {
    const rows: { id: number; extra: string; roles_filled: string }[] = await trx
      .selectFrom(table)
      .select(['id', 'extra', 'roles_filled'])
      .where('id', '>', after)
      .where('extra', '<>', '{}')
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (!rows.length) return;
    for (const r of rows) {
      const extra = JSON.parse(r.extra) as Record<string, string>;
      const purged = purgeExtra(extra, defaultRoles);
      if (Object.keys(purged.extra).length === Object.keys(extra).length) continue;
      const roles = [...new Set([...(JSON.parse(r.roles_filled) as string[]), ...purged.roles])];
      await trx.updateTable(table).set({ extra: JSON.stringify(purged.extra), roles_filled: JSON.stringify(roles) }).where('id', '=', r.id).execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}

/** An issue stored on an import run whose column named a person keeps its place but loses its value. */
async function purgeRunIssues(trx: Kysely<any>): Promise<void> {
  const personal = (column: unknown) =>
    typeof column === 'string' && Object.keys(purgeExtra({ [column]: 'x' }, [...SYSTEM_ROLES, ...CONTRACT_ROLES]).extra).length === 0;
  for (let after = 0; ; ) {
    const rows: { id: number; errors: string; warnings: string }[] = await trx
      .selectFrom('import_runs')
      .select(['id', 'errors', 'warnings'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (!rows.length) return;
    for (const r of rows) {
      let changed = false;
      const clean = (text: string) =>
        JSON.stringify(
          (JSON.parse(text) as { column?: unknown; value?: unknown }[]).map((i) => {
            if (!personal(i.column) || i.value === undefined) return i;
            changed = true;
            const { value: _gone, ...rest } = i;
            return rest;
          }),
        );
      const errors = clean(r.errors);
      const warnings = clean(r.warnings);
      if (changed) await trx.updateTable('import_runs').set({ errors, warnings }).where('id', '=', r.id).execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}

export function kleRolesNoPersonData(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        /** The usage's own KITOS catalogue UUID (`IT-System (UUID)`): contracts link by it. */
        await trx.schema.alterTable('system_usages').addColumn('kitos_uuid', 'text').execute();
        /** KLE task references, JSON `[{ number, source: catalogue|local, title }]`. */
        await trx.schema.alterTable('system_usages').addColumn('kle', 'text', (c) => c.notNull().defaultTo('[]')).execute();
        /** Roles with someone assigned, JSON `["Systemejer", …]`: never who. */
        await trx.schema.alterTable('system_usages').addColumn('roles_filled', 'text', (c) => c.notNull().defaultTo('[]')).execute();
        await trx.schema.alterTable('contracts').addColumn('roles_filled', 'text', (c) => c.notNull().defaultTo('[]')).execute();
        await purgeTable(trx, 'system_usages', [...SYSTEM_ROLES, ...CONTRACT_ROLES]);
        await purgeTable(trx, 'contracts', [...CONTRACT_ROLES, ...SYSTEM_ROLES]);
        await purgeRunIssues(trx);
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.alterTable('contracts').dropColumn('roles_filled').execute();
        await trx.schema.alterTable('system_usages').dropColumn('roles_filled').execute();
        await trx.schema.alterTable('system_usages').dropColumn('kle').execute();
        await trx.schema.alterTable('system_usages').dropColumn('kitos_uuid').execute();
      });
    },
  };
}
