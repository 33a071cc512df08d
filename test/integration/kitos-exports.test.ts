// Every real KITOS export variant, in every shape a municipality gets it (.xlsx, Windows-1252
// CSV, UTF-8 CSV with BOM, UTF-16LE text), imports through the import service on the first try,
// on SQLite and PostgreSQL; contracts link to systems by KITOS UUID; the API returns KLE and the
// filled roles; and no person's name or e-mail address from the files is stored in any table.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/schema.ts';
import { importFile } from '../../server/src/services/import-file.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { KITOS_SHAPES, type KitosExport, kitosFile, PERSONS } from '../helpers/kitos-exports.ts';

/** Every row of every table, as text. */
async function everything(db: Kysely<Database>, kind: string): Promise<string> {
  const tables =
    kind === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`;
  const parts: string[] = [];
  for (const { name } of (await tables.execute(db)).rows) {
    const rows = await sql`select * from ${sql.table(name)}`.execute(db);
    parts.push(`${name}: ${JSON.stringify(rows.rows)}`);
  }
  return parts.join('\n');
}

describe.each(databaseKinds)('KITOS exports through the import service on %s', (kind) => {
  let ctx: TestApp;
  let db: Kysely<Database>;
  let architect: SignedInClient;
  const codes = [101, 147, 151, 153];
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    db = ctx.t.handle.db;
    architect = await signInAs(ctx, codes.map((code) => ({ role: 'architect' as const, municipalityCode: code })));
  });
  afterAll(async () => ctx.t.drop());

  const load = async (code: number, name: KitosExport, shape: (typeof KITOS_SHAPES)[number]) => {
    const { fileName, bytes } = await kitosFile(name, shape);
    const report = await importFile(db, { municipalityCode: code, fileName, source: bytes, actor: 'test' });
    expect(report.errors, `${name} as ${shape}`).toEqual([]);
    expect(report.warnings.filter((w) => w.code === 'unknown-column'), `${name} as ${shape}`).toEqual([]);
    expect(['committed', 'unchanged'], `${name} as ${shape}`).toContain(report.status);
    return report;
  };

  it.each(KITOS_SHAPES.map((shape, i) => [shape, codes[i]!] as const))('%s: every variant imports on the first try', async (shape, code) => {
    const systems = await load(code, 'systems-full', shape);
    expect(systems.rows).toEqual({ read: 3, accepted: 3, rejected: 0 });
    const contracts = await load(code, 'contracts-full', shape);
    expect(contracts.rows).toEqual({ read: 2, accepted: 2, rejected: 0 });
    // Linked by `IT Systemer (UUID)`: all three systems, although the file names one with its suffix.
    expect(contracts.warnings.filter((w) => w.code === 'unresolved-dependency')).toEqual([]);
    const links = await db
      .selectFrom('contract_usages as cu')
      .innerJoin('contracts as c', 'c.id', 'cu.contract_id')
      .innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'c.inventory_version_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ci.municipality_code', '=', code)
      .executeTakeFirstOrThrow();
    expect(Number(links.n)).toBe(3);

    const res = await ctx.app.request(`/api/v1/municipalities/${code}/systems?sort=name`, { headers: architect.read });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { name: string; criticality: string | null; kle: unknown[]; rolesFilled: string[] }[] };
    const esdh = items.find((s) => s.name === 'Sagsstyring Plus')!;
    expect(esdh.criticality).toBe('high');
    expect(esdh.rolesFilled).toEqual(['Systemejer', 'Dataejer']);
    expect(esdh.kle).toContainEqual({ number: '00.01.10', source: 'local', title: 'Lokal opgave' });

    await load(code, 'systems-pre2025', shape);
    await load(code, 'systems-default', shape);
  });

  it('stores no name or e-mail address of a person from any of the files, in any table', async () => {
    const text = await everything(db, kind);
    expect(text).toContain('Sagsstyring Plus'); // the dump does see the imports
    for (const p of PERSONS) expect(text).not.toContain(p);
  });
});

describe.each(databaseKinds)('a contract file after a usage file without UUIDs on %s', (kind) => {
  let ctx: TestApp;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
  });
  afterAll(async () => ctx.t.drop());

  it('links by the name at the UUID\'s place when the inventory does not know the UUID (the default export has none)', async () => {
    const db = ctx.t.handle.db;
    for (const name of ['systems-default', 'contracts-full'] as const) {
      const { fileName, bytes } = await kitosFile(name, 'xlsx');
      const report = await importFile(db, { municipalityCode: 155, fileName, source: bytes, actor: 'test' });
      expect(report.errors).toEqual([]);
      expect(report.warnings.filter((w) => w.code === 'unresolved-dependency')).toEqual([]);
    }
    const links = await db.selectFrom('contract_usages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(links.n)).toBe(3);
  });
});
