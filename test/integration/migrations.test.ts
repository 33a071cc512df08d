import { existsSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest, schemaVersion } from '../../server/src/db/migrate.ts';
import { migrations } from '../../server/src/db/migrations/index.ts';
import { MigrationError } from '../../server/src/errors.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

/** Every migration that has shipped, in order. Append new names; never edit this list otherwise. */
const SHIPPED = ['0001_reference_catalogue', '0002_inventory', '0003_open_source_catalogue', '0004_scores', '0005_accounts_audit', '0006_score_exit_windows', '0007_scenarios', '0008_exit_plans', '0011_local_products'];

describe('the migration list', () => {
  it('is ordered and append-only', () => {
    const names = Object.keys(migrations('sqlite'));
    expect(names.slice(0, SHIPPED.length)).toEqual(SHIPPED);
    expect([...names].sort()).toEqual(names);
    expect(Object.keys(migrations('postgres'))).toEqual(names);
  });
});

async function tableNames(db: Kysely<any>, dialect: string): Promise<string[]> {
  const q =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`;
  return (await q.execute(db)).rows.map((r) => r.name).sort();
}

describe.each(databaseKinds)('migrations on %s', (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
  });
  afterEach(async () => t.drop());

  it('go up, down and up again, keeping the data of the tables that stay', async () => {
    const up = await migrateToLatest(t.handle);
    expect(up.applied).toEqual(SHIPPED);
    expect(up.schemaVersion).toBe(SHIPPED.length);
    const db = t.handle.db;
    await db.insertInto('municipalities').values({ code: 101, name: 'København', region: 'Region Hovedstaden', source: 'test', verified: 1 }).execute();
    await db
      .insertInto('categories')
      .values({ code: 'dk-esdh', kind: 'municipal', label_da: 'ESDH', label_en: 'EDRMS', source: 'test' })
      .execute();

    expect(await migrateDown(t.handle)).toEqual(['0011_local_products']);
    expect(await tableNames(db, kind)).toContain('exit_plans');
    expect(await migrateDown(t.handle)).toEqual(['0008_exit_plans']);
    expect(await tableNames(db, kind)).not.toContain('exit_plans');
    expect(await migrateDown(t.handle)).toEqual(['0007_scenarios']);
    expect(await migrateDown(t.handle)).toEqual(['0006_score_exit_windows']);
    expect(await tableNames(db, kind)).toContain('audit_log');
    expect(await migrateDown(t.handle)).toEqual(['0005_accounts_audit']);
    expect(await tableNames(db, kind)).not.toContain('audit_log');
    expect(await tableNames(db, kind)).toContain('usage_scores');
    expect(await migrateDown(t.handle)).toEqual(['0004_scores']);
    expect(await tableNames(db, kind)).not.toContain('usage_scores');
    expect(await tableNames(db, kind)).toContain('alternatives');
    expect(await migrateDown(t.handle)).toEqual(['0003_open_source_catalogue']);
    expect(await tableNames(db, kind)).not.toContain('alternatives');
    expect(await migrateDown(t.handle)).toEqual(['0002_inventory']);
    expect(await tableNames(db, kind)).not.toContain('system_usages');
    expect(await schemaVersion(t.handle)).toBe(1);
    expect(await db.selectFrom('municipalities').selectAll().execute()).toEqual([
      { code: 101, name: 'København', region: 'Region Hovedstaden', source: 'test', verified: 1 },
    ]);

    const again = await migrateToLatest(t.handle);
    expect(again.applied).toEqual(SHIPPED.slice(1));
    expect(await db.selectFrom('categories').select('code').execute()).toEqual([{ code: 'dk-esdh' }]);
    for (const _ of SHIPPED) await migrateDown(t.handle);
    expect(await tableNames(db, kind)).toEqual([]);
  });

  it('0006 moves the exit windows out of a stored municipal score, and back', async () => {
    const all = migrations(t.handle.dialect);
    await migrateToLatest(t.handle, Object.fromEntries(Object.entries(all).filter(([name]) => name < '0006')));
    const db = t.handle.db as Kysely<any>;
    await db.insertInto('municipalities').values({ code: 101, name: 'København', region: 'Region Hovedstaden', source: 'test', verified: 1 }).execute();
    const { id } = await db
      .insertInto('inventory_versions')
      .values({ municipality_code: 101, kind: 'import', created_by: 'test', content_hash: 'x', usages_hash: 'x', usage_count: 0, contract_count: 0, integration_count: 0, demo: 0, created_at: '2026-11-27T00:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const result = { lockin: { L: 42 }, exitWindows: [{ usageId: '7', name: 'SBSYS' }], composite: { value: 1 } };
    await db
      .insertInto('municipality_scores')
      .values({ inventory_version_id: id, municipality_code: 101, model_version: 'm', as_of: '2026-11-27', computed_at: '2026-11-27T00:00:00Z', lockin: 42, confidence: 0.5, provisional: 0, result: JSON.stringify(result) })
      .execute();
    await migrateToLatest(t.handle, Object.fromEntries(Object.entries(all).filter(([name]) => name <= '0006_score_exit_windows')));
    const moved = await db.selectFrom('municipality_scores').select(['result', 'exit_windows']).executeTakeFirstOrThrow();
    expect(JSON.parse(moved.result)).toEqual({ lockin: { L: 42 }, composite: { value: 1 } });
    expect(JSON.parse(moved.exit_windows)).toEqual(result.exitWindows);
    await migrateDown(t.handle);
    expect(JSON.parse((await db.selectFrom('municipality_scores').select('result').executeTakeFirstOrThrow()).result)).toEqual(result);
  });

  it('names a failed migration and leaves its half-done work undone', async () => {
    await migrateToLatest(t.handle);
    const broken = {
      ...migrations(t.handle.dialect),
      '9999_broken': {
        async up(db: Kysely<any>) {
          const body = async (trx: Kysely<any>) => {
            await trx.schema.createTable('half_done').addColumn('x', 'integer').execute();
            await sql`select * from table_that_does_not_exist`.execute(trx);
          };
          if (db.isTransaction) await body(db);
          else await db.transaction().execute(body);
        },
      },
    };
    const failure = await migrateToLatest(t.handle, broken).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).migration).toBe('9999_broken');
    expect((failure as Error).message).toMatch(/^Migration "9999_broken" failed: /);
    expect(await tableNames(t.handle.db, kind)).not.toContain('half_done');
    expect(await schemaVersion(t.handle)).toBe(SHIPPED.length);
  });

  it.runIf(kind === 'sqlite')('copies the SQLite file before migrating a database that has tables', async () => {
    const first = await migrateToLatest(t.handle, { '0001_reference_catalogue': migrations('sqlite')['0001_reference_catalogue']! });
    expect(first.backupFile).toBeNull(); // nothing to back up in an empty file
    const second = await migrateToLatest(t.handle);
    expect(second.backupFile).toMatch(/test\.db\.backup-.*-before-0002_inventory$/);
    expect(existsSync(second.backupFile!)).toBe(true);
  });
});
