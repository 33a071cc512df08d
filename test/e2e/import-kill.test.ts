import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/connect.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { loadReferenceData } from '../../server/src/reference/load-reference.ts';

/** A large, valid inventory: the import takes long enough to be killed half-way. */
function bigCsv(rows: number): string {
  const lines = ['Lokalt system-ID;Systemnavn;Leverandør;Ibrugtagningsdato'];
  for (let i = 1; i <= rows; i++) lines.push(`L-${i};Fagsystem ${i % 3000};KMD A/S;01-0${1 + (i % 9)}-2020`);
  return `${lines.join('\n')}\n`;
}

async function counts(file: string) {
  const h = openDatabase(file);
  try {
    const n = async (t: 'inventory_versions' | 'system_usages' | 'import_runs' | 'current_inventory' | 'products') =>
      Number((await h.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { versions: await n('inventory_versions'), usages: await n('system_usages'), runs: await n('import_runs'), current: await n('current_inventory'), products: await n('products') };
  } finally {
    await h.close();
  }
}

describe('an import killed half-way', () => {
  let dir: string;
  let db: string;
  let csv: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hf-kill-'));
    db = join(dir, 'kill.db');
    csv = join(dir, 'stor.csv');
    writeFileSync(csv, bigCsv(400_000));
    const h = openDatabase(db);
    await migrateToLatest(h);
    await loadReferenceData(h.db);
    await h.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the database as it was (SIGKILL in the middle of writing rows)', async () => {
    const before = await counts(db);
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/handlefrihed.js'), 'import', csv, '--municipality', '101'], {
      env: { ...process.env, DATABASE_URL: db },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // Kill once the import is well under way: the write-ahead log has started to grow.
    const { statSync, existsSync } = await import('node:fs');
    const wal = `${db}-wal`;
    const started = Date.now();
    while (Date.now() - started < 60_000) {
      if (existsSync(wal) && statSync(wal).size > 2_000_000) break;
      if (child.exitCode != null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(child.exitCode, `the import finished before it could be killed:\n${output}`).toBeNull();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(await counts(db)).toEqual(before);
  }, 120_000);
});
