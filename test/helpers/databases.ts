// Test databases: a fresh SQLite file, and (when TEST_POSTGRES_URL is set) a fresh PostgreSQL
// database created for the test file and dropped afterwards. Use with describe.each(targets).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../server/src/db/connect.ts';

export interface TestDatabase {
  handle: DatabaseHandle;
  url: string;
  /** Closes the connection and deletes the database. */
  drop(): Promise<void>;
}

export type DatabaseKind = 'sqlite' | 'postgres';

/** The database kinds this run covers: SQLite always, PostgreSQL when its URL is set. */
export const databaseKinds: DatabaseKind[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

let counter = 0;

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'handlefrihed-test-'));
    const url = join(dir, 'test.db');
    const handle = openDatabase(url);
    return {
      handle,
      url,
      async drop() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const name = `hf_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase(url.toString());
  return {
    handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
